import { cloneData } from '../jsonCodec';
import type { ScheduledJobRecord } from '../records';
import type { StoreConstructor } from './storeBase';

/** Scheduler jobs. */
export function withJobs<TBase extends StoreConstructor>(Base: TBase) {
	return class extends Base {
		saveJob(job: ScheduledJobRecord): void {
			const copy = cloneData(job);
			const index = this.state.jobs.findIndex((candidate) => candidate.id === job.id);
			if (index === -1) this.state.jobs.push(copy);
			else this.state.jobs[index] = copy;
			this.changed();
		}

		getJob(id: string): ScheduledJobRecord | undefined {
			return cloneData(this.state.jobs.find((job) => job.id === id));
		}

		/** Jobs soonest first, optionally of one app. */
		listJobs(appId?: string): ScheduledJobRecord[] {
			const jobs = this.state.jobs.filter((job) => appId === undefined || job.appId === appId);
			return cloneData([...jobs].sort((a, b) => a.nextRunAt.getTime() - b.nextRunAt.getTime()));
		}

		/**
		 * Claims a job for a run, as Agenda's atomic find-and-lock does: answers the job, now locked,
		 * unless another scheduler's claim on it is younger than `lockLifetimeMs` (then undefined). A
		 * claim older than that counts as abandoned (a run that died), as in Agenda.
		 */
		lockJob(id: string, lockedBy: string, now: Date, lockLifetimeMs: number): ScheduledJobRecord | undefined {
			const job = this.state.jobs.find((candidate) => candidate.id === id);
			if (!job) return undefined;
			if (job.lockedAt && now.getTime() - job.lockedAt.getTime() < lockLifetimeMs) return undefined;
			Object.assign(job, { lockedAt: new Date(now.getTime()), lockedBy });
			this.changed();
			return cloneData(job);
		}

		/** Ends a run's claim on a job, if the job is still there and the claim is still this one (not taken over). */
		unlockJob(id: string, claim: { lockedBy: string; lockedAt: Date }): void {
			const job = this.state.jobs.find((candidate) => candidate.id === id);
			if (job?.lockedBy !== claim.lockedBy || job.lockedAt?.getTime() !== claim.lockedAt.getTime()) return;
			delete job.lockedAt;
			delete job.lockedBy;
			this.changed();
		}

		removeJob(id: string): boolean {
			const before = this.state.jobs.length;
			this.state.jobs = this.state.jobs.filter((job) => job.id !== id);
			this.changed();
			return this.state.jobs.length < before;
		}

		removeJobsOfProcessor(processorId: string): number {
			const before = this.state.jobs.length;
			this.state.jobs = this.state.jobs.filter((job) => job.processorId !== processorId);
			this.changed();
			return before - this.state.jobs.length;
		}

		removeJobsOfApp(appId: string): number {
			const before = this.state.jobs.length;
			this.state.jobs = this.state.jobs.filter((job) => job.appId !== appId);
			this.changed();
			return before - this.state.jobs.length;
		}
	};
}
