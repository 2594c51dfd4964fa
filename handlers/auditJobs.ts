import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';

import type { AppContext } from './appContext';
import { SETTING_REFUSED_JOB } from './onPreSettingUpdate';
import type { NewAuditRecord } from '../audit/auditRecord';

export const AUDIT_DELIVERY_JOB = 'room-events-audit-delivery';
export const AUDIT_DELIVERY_INTERVAL = '10 seconds';

/**
 * The scheduler jobs of the audit trail. Both run with a modifier, which pre-handlers lack:
 * the recurring delivery posts what waits in the outbox (and refreshes a stale config),
 * the one-off job posts a refused-setting notice.
 */
type JobRead = Parameters<IProcessor['processor']>[1];

export function auditJobs(context: (read: JobRead) => Promise<AppContext>, refreshConfig: (read: JobRead) => Promise<void>): IProcessor[] {
	return [
		{
			id: AUDIT_DELIVERY_JOB,
			startupSetting: { type: StartupType.RECURRING, interval: AUDIT_DELIVERY_INTERVAL },
			processor: async (_job, read, modify, _http, persistence) => {
				await refreshConfig(read);
				const app = await context(read);
				await app.audit.publish(app.config, app.logger, { read, modify, persistence });
			},
		},
		{
			id: SETTING_REFUSED_JOB,
			processor: async (job: IJobContext, read, modify, _http, persistence) => {
				const app = await context(read);
				const notice = job.notice as NewAuditRecord | undefined;
				await app.audit.publish(app.config, app.logger, { read, modify, persistence }, notice ? [notice] : []);
			},
		},
	];
}
