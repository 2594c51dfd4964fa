import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';

import type { WorkspaceLanguage } from './workspaceLanguage';
import type { AuditTrail } from '../audit/auditTrail';
import type { RoomEventsConfig } from '../settings/settings';

/** What every handler gets from the app: the cached config, the call's logger, the audit trail, the workspace's language. */
export interface AppContext {
	readonly config: RoomEventsConfig;
	readonly logger: ILogger;
	readonly audit: AuditTrail;
	readonly workspaceLanguage: WorkspaceLanguage;
}
