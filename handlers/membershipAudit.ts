import type { AppContext } from './appContext';
import { countMembers } from './payloadFacts';
import type { NewAuditRecord, RoomRef } from '../audit/auditRecord';
import { isAudited } from '../audit/auditRecord';
import type { PostingAccess } from '../audit/auditTrail';

/**
 * Posts a join or a leave with the room's member count after it. The count is a server read,
 * made only for a record that will be posted.
 */
export async function publishMembershipChange(app: AppContext, access: PostingAccess, record: NewAuditRecord & { room: RoomRef }): Promise<void> {
	const memberCount = isAudited(app.config, record) ? await countMembers(access.read, record.room.id) : undefined;
	await app.audit.publish(app.config, app.logger, access, [{ ...record, memberCount }]);
}
