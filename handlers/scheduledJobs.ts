import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';

import type { AppContext } from './appContext';
import { SETTING_REFUSED_JOB } from './onPreSettingUpdate';
import { SETTINGS_JOURNAL_JOB, settingsJournal } from './settingsJournal';
import { deliverAuditTrail } from '../audit/auditDelivery';
import type { NewAuditRecord } from '../audit/auditRecord';
import { deliverWebhooks } from '../audit/webhookDelivery';
import type { StoredSetting } from '../settings/configCache';

export const AUDIT_DELIVERY_JOB = 'room-events-audit-delivery';

/**
 * How often the outbox is delivered: the time from an event to its message. Rocket.Chat's
 * scheduler (Agenda) looks for due jobs every 5 s and starts one due sooner on a timer; the
 * local workspace runs due jobs every second, so a record is posted within about 4 s there.
 */
export const AUDIT_DELIVERY_INTERVAL = '3 seconds';

/** The webhook's own job, so that a slow or failing receiver never holds up the audit room's. */
export const WEBHOOK_DELIVERY_JOB = 'room-events-webhook-delivery';
export const WEBHOOK_DELIVERY_INTERVAL = '5 seconds';

type JobRead = Parameters<IProcessor['processor']>[1];

/**
 * What a job's processor is called on: in the subprocess runtime, the app wrapped for the call,
 * whose logger keeps the call's log lines; in vm2, nothing (the app's own logger is then the job's).
 */
export type JobCaller = { getLogger(): ILogger } | null | undefined;

/** What a job's processor works with; `compareStored` asks for the settings the cluster stored to be compared first. */
export type JobContext = (read: JobRead, caller: JobCaller, options?: { compareStored: boolean }) => Promise<AppContext>;

/**
 * The app's scheduler jobs. The recurring delivery is the one place that posts audit messages:
 * a cluster's scheduler runs it on one instance at a time, and that instance first compares its
 * settings with the stored ones (one read), so that once a change is stored it never delivers
 * with a value it missed (the audit room, the digest threshold), and an instance that missed a
 * change catches up within a few deliveries instead of the five minutes of its events' safety net. The one-off jobs do
 * what hooks without persistence cannot: keep a refused-setting notice, store a changed setting
 * for the other instances. Processors are plain functions, not arrows, to receive their caller.
 */
export function scheduledJobs(context: JobContext): IProcessor[] {
	return [
		{
			id: AUDIT_DELIVERY_JOB,
			startupSetting: { type: StartupType.RECURRING, interval: AUDIT_DELIVERY_INTERVAL },
			async processor(this: JobCaller, _job: IJobContext, read, modify, _http, persistence) {
				const app = await context(read, this, { compareStored: true });
				await deliverAuditTrail(app.audit, app.config, app.logger, { read, modify, persistence }, new Date());
			},
		},
		{
			id: WEBHOOK_DELIVERY_JOB,
			startupSetting: { type: StartupType.RECURRING, interval: WEBHOOK_DELIVERY_INTERVAL },
			async processor(this: JobCaller, _job: IJobContext, read, _modify, http, persistence) {
				// As the audit delivery: an instance that missed a change of the URL or secret takes the stored one first.
				const app = await context(read, this, { compareStored: true });
				await deliverWebhooks(app.config, app.logger, { read, persistence, http }, new Date());
			},
		},
		{
			id: SETTING_REFUSED_JOB,
			async processor(this: JobCaller, job: IJobContext, read, _modify, _http, persistence) {
				const app = await context(read, this);
				const notice = job.notice as NewAuditRecord | undefined;
				await app.audit.keep(app.config, app.logger, persistence, notice ? [notice] : []);
			},
		},
		{
			id: SETTINGS_JOURNAL_JOB,
			async processor(job: IJobContext, _read, _modify, _http, persistence) {
				await settingsJournal.write(persistence, job.entry as StoredSetting);
			},
		},
	];
}
