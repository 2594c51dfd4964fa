import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { auditedRoomRef, roomFacts, userRef } from './payloadFacts';
import { safely } from './safely';

/**
 * Audits a deletion, with the room as read before it (it no longer exists; a direct message is
 * named by its members, read by id). One write: the delivery job posts it. Never throws.
 */
export async function postRoomDeleted(app: AppContext, room: IRoom, read: IRead, persistence: IPersistence): Promise<void> {
	await safely(app.logger, 'IPostRoomDeleted', async () => {
		const record = { event: 'room-deleted' as const, room: await auditedRoomRef(read, room, roomFacts(room)), actor: userRef(room.creator) };
		await app.audit.keep(app.config, app.logger, persistence, [record]);
	});
}
