import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { auditedRoomRef, roomFacts, userRef } from './payloadFacts';
import { safely } from './safely';
import type { NewAuditRecord } from '../audit/auditRecord';

/**
 * Audits a deletion. The room (as read before deletion) no longer exists, so the record
 * goes to the audit room. The Deno runtime passes a modifier although the interface
 * declares none; the vm2 runtime does not, and then the record waits in the outbox for the
 * next handler that can post, or the delivery job. Never throws.
 */
export async function postRoomDeleted(app: AppContext, room: IRoom, read: IRead, persistence: IPersistence, modify: IModify | undefined): Promise<void> {
	const { config } = app;
	await safely(app.logger, 'IPostRoomDeleted', async () => {
		const facts = roomFacts(room);
		const records: NewAuditRecord[] = [{ event: 'room-deleted', room: await auditedRoomRef(read, room, facts), actor: userRef(room.creator) }];
		if (modify) {
			await app.audit.publish(config, app.logger, { read, modify, persistence }, records);
		} else {
			await app.audit.keep(config, app.logger, persistence, records);
		}
	});
}
