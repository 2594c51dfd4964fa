import type { IJobContext } from 'apps-engine-deno/definition/scheduler';

import type { RegisteredProcessor } from '../../workspace/engine/bridges/schedulerBridge';
import { JOB_LOCK_LIFETIME_MS, JobScheduler } from '../../workspace/engine/jobScheduler';
import type { JobInstance } from '../../workspace/engine/jobScheduler';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';

const START = new Date('2030-01-01T09:00:00.000Z');
const MINUTE = 60 * 1000;
const PROCESSOR = 'tick_app-a';

/** An instance whose processors are test functions; `ran` lists the job contexts it ran. */
class FakeInstance implements JobInstance {
	readonly ran: IJobContext[] = [];

	private readonly processors = new Map<string, RegisteredProcessor>();

	constructor(readonly instanceIndex: number) {}

	register(processorId: string, work: (context: IJobContext) => Promise<void> = async () => undefined): this {
		this.processors.set(processorId, {
			appId: 'app-a',
			run: async (context) => {
				this.ran.push(context);
				await work(context);
			},
		});
		return this;
	}

	getProcessor(processorId: string): RegisteredProcessor | undefined {
		return this.processors.get(processorId);
	}
}

describe('JobScheduler', () => {
	let now: Date;
	let store: WorkspaceStore;

	beforeEach(() => {
		now = START;
		store = new WorkspaceStore(() => now);
		store.saveJob({ id: 'job-1', appId: 'app-a', processorId: PROCESSOR, kind: 'recurring', nextRunAt: START, intervalMs: MINUTE, data: { n: 1 } });
	});

	const later = (minutes: number) => new Date(START.getTime() + minutes * MINUTE);

	it('runs a recurring job on the instances that have its processor, taking turns', async () => {
		const instances = [new FakeInstance(0).register(PROCESSOR), new FakeInstance(1), new FakeInstance(2).register(PROCESSOR)];
		const scheduler = new JobScheduler(
			store,
			() => now,
			() => instances,
		);

		const ranOn: number[] = [];
		for (let minute = 0; minute < 4; minute += 1) {
			now = later(minute);
			ranOn.push(...(await scheduler.runDueJobs()).map((run) => run.instance));
		}

		expect(ranOn).toEqual([0, 2, 0, 2]);
		expect(instances[0].ran).toEqual([
			{ n: 1, jobId: 'job-1' },
			{ n: 1, jobId: 'job-1' },
		]);
		expect(store.getJob('job-1')).toEqual(expect.objectContaining({ lastRunAt: later(3), nextRunAt: later(4) }));
	});

	it('takes turns processor by processor: with two recurring jobs due at each poll of two instances, each job runs on both', async () => {
		const OTHER = 'tock_app-a';
		store.saveJob({ id: 'job-2', appId: 'app-a', processorId: OTHER, kind: 'recurring', nextRunAt: START, intervalMs: MINUTE, data: {} });
		const instances = [new FakeInstance(0).register(PROCESSOR).register(OTHER), new FakeInstance(1).register(PROCESSOR).register(OTHER)];
		const scheduler = new JobScheduler(
			store,
			() => now,
			() => instances,
		);

		const ranOn: Record<string, number[]> = { [PROCESSOR]: [], [OTHER]: [] };
		for (let minute = 0; minute < 4; minute += 1) {
			now = later(minute);
			for (const run of await scheduler.runDueJobs()) ranOn[run.processorId].push(run.instance);
		}

		expect(ranOn).toEqual({ [PROCESSOR]: [0, 1, 0, 1], [OTHER]: [0, 1, 0, 1] });
	});

	it('saves the next run before the processor runs, so a failure does not stop the recurrence', async () => {
		let nextRunSeenByProcessor: Date | undefined;
		const instance = new FakeInstance(0).register(PROCESSOR, async () => {
			nextRunSeenByProcessor = store.getJob('job-1')?.nextRunAt;
			throw new Error('The processor failed');
		});
		const scheduler = new JobScheduler(
			store,
			() => now,
			() => [instance],
		);

		const runs = await scheduler.runDueJobs();

		expect(nextRunSeenByProcessor).toEqual(later(1));
		expect(runs).toEqual([expect.objectContaining({ jobId: 'job-1', instance: 0, error: 'The processor failed' })]);
		expect(store.getJob('job-1')).toEqual(expect.objectContaining({ nextRunAt: later(1), lastError: 'The processor failed' }));
		expect(store.getJob('job-1')?.lockedAt).toBeUndefined();
		now = later(1);
		await expect(scheduler.runDueJobs()).resolves.toHaveLength(1);
	});

	it('removes a one-off job before it runs, and leaves a job no instance can run waiting', async () => {
		store.saveJob({ id: 'job-2', appId: 'app-a', processorId: 'announce_app-a', kind: 'once', nextRunAt: START, data: {} });
		store.saveJob({ id: 'job-3', appId: 'app-a', processorId: 'unknown_app-a', kind: 'once', nextRunAt: START, data: {} });
		let stillStored: boolean | undefined;
		const instance = new FakeInstance(0).register('announce_app-a', async () => {
			stillStored = store.getJob('job-2') !== undefined;
		});

		const runs = await new JobScheduler(
			store,
			() => now,
			() => [instance],
		).runDueJobs();

		expect(runs.map((run) => run.jobId)).toEqual(['job-2']);
		expect(stillStored).toBe(false);
		expect(store.listJobs().map((job) => job.id)).toEqual(['job-1', 'job-3']);
	});

	it('never runs a job on two instances at once, whichever scheduler polls, until its claim is older than the lock lifetime', async () => {
		let finish = () => undefined as void;
		const slow = new FakeInstance(0).register(
			PROCESSOR,
			() =>
				new Promise<void>((resolve) => {
					finish = resolve;
				}),
		);
		const other = new FakeInstance(1).register(PROCESSOR);
		const first = new JobScheduler(
			store,
			() => now,
			() => [slow],
		);
		const second = new JobScheduler(
			store,
			() => now,
			() => [other],
		);

		const running = first.runDueJobs();
		await new Promise((resolve) => setImmediate(resolve));
		expect(store.getJob('job-1')).toEqual(expect.objectContaining({ lockedBy: 'instance-0', lockedAt: START }));
		// Due again a minute later, but still claimed by the run in progress.
		now = later(1);
		await expect(second.runDueJobs()).resolves.toEqual([]);
		// Past the lock lifetime the claim counts as abandoned, as in Agenda.
		now = new Date(START.getTime() + JOB_LOCK_LIFETIME_MS);
		await expect(second.runDueJobs()).resolves.toEqual([expect.objectContaining({ instance: 1 })]);

		finish();
		await expect(running).resolves.toEqual([expect.objectContaining({ instance: 0 })]);
		expect([slow.ran.length, other.ran.length]).toEqual([1, 1]);
		expect(store.getJob('job-1')?.lockedAt).toBeUndefined();
	});
});
