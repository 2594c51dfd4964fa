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
