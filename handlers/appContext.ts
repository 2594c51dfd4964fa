import { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { AuditTrail } from '../audit/auditTrail';
import { RoomEventsConfig } from '../settings/settings';

/** What every handler gets from the app: the cached config, the call's logger, the audit trail. */
export interface AppContext {
	readonly config: RoomEventsConfig;
	readonly logger: ILogger;
	readonly audit: AuditTrail;
}
