// Scheduled jobs: the processors apps register and the jobs they schedule, kept in the store.
import { randomBytes } from 'node:crypto';

import type { IJobContext, IOnetimeSchedule, IProcessor, IRecurringSchedule } from 'apps-engine-deno/definition/scheduler';
import { StartupType } from 'apps-engine-deno/definition/scheduler';
import type { SchedulerBridge } from 'apps-engine-deno/server/bridges';

import type { BridgeContext } from './bridgeContext';
import { parseInterval, parseWhen } from './jobTimes';
import type { ScheduledJobRecord } from '../../store/workspaceStore';

function newJobId(): string {
	return randomBytes(12).toString('hex');
}

export interface RegisteredProcessor {
	appId: string;
	/** The engine's wrapper: runs the app's processor in its sandbox with read, modify, http and persistence. */
	run: (jobContext: IJobContext) => Promise<void>;
}

/** The scheduler bridge, with what the host asks of it: the processors apps registered. */
export interface LocalSchedulerBridge extends SchedulerBridge {
	getProcessor(processorId: string): RegisteredProcessor | undefined;
	listProcessorIds(appId?: string): string[];
}

/**
 * Keeps the processors apps register and turns schedules into stored jobs, with Agenda's rules as
 * Rocket.Chat uses them: a recurring job is one job per processor (scheduling it again replaces
 * it); one-off jobs accumulate. The engine host decides when jobs run.
 */
export function createSchedulerBridge(base: typeof SchedulerBridge, context: BridgeContext): LocalSchedulerBridge {
	class StoreSchedulerBridge extends base implements LocalSchedulerBridge {
		private readonly processors = new Map<string, RegisteredProcessor>();

		getProcessor(processorId: string): RegisteredProcessor | undefined {
			return this.processors.get(processorId);
		}

		listProcessorIds(appId?: string): string[] {
			return [...this.processors.entries()].filter(([, processor]) => appId === undefined || processor.appId === appId).map(([id]) => id);
		}

		protected async registerProcessors(processors: IProcessor[] = [], appId: string): Promise<void | string[]> {
			const startupJobIds: string[] = [];
			for (const { id, processor, startupSetting } of processors) {
				this.processors.set(id, { appId, run: processor as (jobContext: IJobContext) => Promise<void> });
				if (startupSetting?.type === StartupType.ONETIME) {
					const pending = context.store.listJobs(appId).some((job) => job.processorId === id && job.kind === 'once');
					if (!pending) startupJobIds.push(await this.scheduleOnce({ id, when: startupSetting.when, data: startupSetting.data }, appId));
				} else if (startupSetting?.type === StartupType.RECURRING) {
					const { interval, skipImmediate, data } = startupSetting;
					startupJobIds.push(await this.scheduleRecurring({ id, interval, skipImmediate, data }, appId));
				}
			}
			return startupJobIds.length > 0 ? startupJobIds : undefined;
		}

		protected async scheduleOnce({ id, when, data }: IOnetimeSchedule, appId: string): Promise<string> {
			const job: ScheduledJobRecord = {
				id: newJobId(),
				appId,
				processorId: id,
				kind: 'once',
				nextRunAt: parseWhen(when, context.clock()),
				data: { ...data },
			};
			context.store.saveJob(job);
			return job.id;
		}

		protected async scheduleRecurring({ id, interval, skipImmediate = false, data }: IRecurringSchedule, appId: string): Promise<string> {
			const now = context.clock();
			const intervalMs = parseInterval(interval);
			const existing = context.store.listJobs(appId).find((job) => job.processorId === id && job.kind === 'recurring');
			// Like Agenda's `every`, re-scheduling keeps a pending run unless the first run is to be skipped.
			const nextRunAt = skipImmediate ? new Date(now.getTime() + intervalMs) : (existing?.nextRunAt ?? now);
			const job: ScheduledJobRecord = {
				...existing,
				id: existing?.id ?? newJobId(),
				appId,
				processorId: id,
				kind: 'recurring',
				nextRunAt,
				intervalMs,
				data: { ...data },
			};
			context.store.saveJob(job);
			return job.id;
		}

		/**
		 * The engine passes `<id>_<appId>`. As in Rocket.Chat, an id returned by scheduleOnce or
		 * scheduleRecurring cancels that job; anything else cancels every job of that processor.
		 */
		protected async cancelJob(jobId: string, appId: string): Promise<void> {
			const [leading] = jobId.split('_');
			if (/^[0-9a-f]{24}$/.test(leading)) context.store.removeJob(leading);
			else context.store.removeJobsOfProcessor(jobId);
		}

		protected async cancelAllJobs(appId: string): Promise<void> {
			context.store.removeJobsOfApp(appId);
		}
	}
	return new StoreSchedulerBridge();
}
