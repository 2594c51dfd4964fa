// The job runner that stands in for Rocket.Chat's scheduler, Agenda on MongoDB
// (apps/meteor/app/apps/server/bridges/scheduler.ts; /work/research/audit-delivery.md §4), for one
// engine host or for every instance of a cluster:
// - jobs live in the shared store: one job per recurring processor for the whole cluster, one per
//   scheduleOnce call (schedulerBridge.ts writes them);
// - processors are per instance: an instance runs a job only if an app it runs registered the job's
//   processor; a job no instance can run waits;
// - a due job is claimed in the store before it runs (Agenda's atomic find-and-lock sets `lockedAt`),
//   so it never runs on two instances at once, whoever polls; a claim older than Agenda's lock
//   lifetime (10 minutes) counts as abandoned;
// - a recurring job's next run is computed and saved before its processor runs (Agenda's Job.run),
//   so a failing processor does not stop the recurrence; a one-off job is removed before it runs;
// - the instances take turns, processor by processor: each run of a processor goes to the next
//   instance, after the one that ran that processor last, that has it (Agenda leaves that to
//   whichever instance polls first). So every instance runs each recurring job in its turn, however
//   many jobs are due together (one turn for all would give a job the same instance every time
//   when as many recurring jobs as instances are due each poll).
import { errorMessage } from '../errors';
import type { RegisteredProcessor } from './bridges/schedulerBridge';
import type { ScheduledJobRecord, WorkspaceStore } from '../store/workspaceStore';

/** Agenda's default lock lifetime: a claim older than this is taken over. */
export const JOB_LOCK_LIFETIME_MS = 10 * 60 * 1000;

/** An instance jobs can run on: an engine host. */
export interface JobInstance {
	/** Its place in the cluster (0 for a host on its own). */
	readonly instanceIndex: number;
	/** The processor of this id, when an app the instance runs registered it (and the instance runs). */
	getProcessor(processorId: string): RegisteredProcessor | undefined;
}

export interface JobRun {
	jobId: string;
	appId: string;
	processorId: string;
	kind: 'once' | 'recurring';
	ranAt: Date;
	/** The instance the job ran on. */
	instance: number;
	/** The processor's error message, when it failed. */
	error?: string;
}

export class JobScheduler {
	private timer?: NodeJS.Timeout;

	/** Polls happen one after another; a poll runs its due jobs one at a time (Agenda's concurrency of one). */
	private polls: Promise<unknown> = Promise.resolve();

	/** Per processor, where its next turn starts: the instance after the one that ran it last. */
	private readonly nextTurns = new Map<string, number>();

	/**
	 * @param instances the instances jobs may run on, looked up at each poll (a cluster's instances
	 * start one after the other).
	 */
	constructor(
		private readonly store: WorkspaceStore,
		private readonly clock: () => Date,
		private readonly instances: () => readonly JobInstance[],
	) {}

	/**
	 * Runs every job due at `now`: one-off jobs whose time has come (removed, whatever the outcome)
	 * and recurring jobs whose next run has come (next run: now + interval). Jobs no instance has a
	 * processor for wait; jobs another scheduler is running are left to it. Answers what ran, with
	 * each failure's message.
	 */
	runDueJobs(now: Date = this.clock()): Promise<JobRun[]> {
		const poll = this.polls.then(() => this.runJobsDueAt(now));
		this.polls = poll.catch(() => undefined);
		return poll;
	}

	/** Polls every `intervalMs` on a real timer, for the workspace server; stop() clears it. */
	start(intervalMs = 1000): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = setInterval(() => {
			this.runDueJobs().catch((error) => console.error('Running scheduled jobs failed:', error));
		}, intervalMs);
	}

	/** Stops the timer and waits for a poll in progress. */
	async stop(): Promise<void> {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		await this.polls;
	}

	private async runJobsDueAt(now: Date): Promise<JobRun[]> {
		const due = this.store.listJobs().filter((job) => job.nextRunAt.getTime() <= now.getTime());
		const runs: JobRun[] = [];
		for (const job of due) {
			const run = await this.runJob(job, now);
			if (run) runs.push(run);
		}
		return runs;
	}

	private async runJob(due: ScheduledJobRecord, now: Date): Promise<JobRun | undefined> {
		const turn = this.nextInstanceWith(due.processorId);
		if (!turn) return undefined;
		const { instance, processor, position } = turn;
		const lockedBy = `instance-${instance.instanceIndex}`;
		// An earlier job of this poll may have cancelled this one, or another scheduler claimed it.
		const job = this.store.lockJob(due.id, lockedBy, now, JOB_LOCK_LIFETIME_MS);
		if (!job) return undefined;
		this.nextTurns.set(due.processorId, position + 1);
		const claim = { lockedBy, lockedAt: job.lockedAt as Date };
		if (job.kind === 'once') this.store.removeJob(job.id);
		else this.store.saveJob({ ...job, lastRunAt: now, nextRunAt: new Date(now.getTime() + (job.intervalMs as number)) });
		let error: string | undefined;
		try {
			// Rocket.Chat hands the processor the job's data plus the job id.
			await processor.run({ ...job.data, jobId: job.id });
		} catch (caught) {
			error = errorMessage(caught);
		}
		const stored = this.store.getJob(job.id);
		if (stored) this.store.saveJob({ ...stored, lastError: error });
		this.store.unlockJob(job.id, claim);
		return {
			jobId: job.id,
			appId: job.appId,
			processorId: job.processorId,
			kind: job.kind,
			ranAt: now,
			instance: instance.instanceIndex,
			...(error !== undefined && { error }),
		};
	}

	/** The next instance, in the processor's turn, that has the processor. */
	private nextInstanceWith(processorId: string): { instance: JobInstance; processor: RegisteredProcessor; position: number } | undefined {
		const instances = this.instances();
		const start = this.nextTurns.get(processorId) ?? 0;
		for (let offset = 0; offset < instances.length; offset += 1) {
			const position = (start + offset) % instances.length;
			const processor = instances[position].getProcessor(processorId);
			if (processor) return { instance: instances[position], processor, position };
		}
		return undefined;
	}
}
