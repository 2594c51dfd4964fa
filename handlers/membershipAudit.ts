import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { memberCountAfter } from './payloadFacts';
import type { NewAuditRecord } from '../audit/auditRecord';

/**
 * Keeps a join or a leave, with the room's member count after it, taken from the payload: one
 * write, no read (reading every member of a large room to count them is what this avoids).
 */
export async function keepMembershipChange(app: AppContext, persistence: IPersistence, room: IRoom, change: 1 | -1, record: NewAuditRecord): Promise<void> {
	await app.audit.keep(app.config, app.logger, persistence, [{ ...record, memberCount: memberCountAfter(room, change) }]);
}
