import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoomUserLeaveContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { countMembers, roomFacts, roomRef, userRef } from './eventFacts';
import { safely } from './safely';
import { isAudited } from '../audit/auditRecord';

/**
 * Audits a leave or removal: who left, who removed them, and the member count after it.
 * Rocket.Chat awaits this event, and the leave has already happened: it never throws.
 */
export async function postRoomUserLeave(
	app: AppContext,
	context: IRoomUserLeaveContext,
	read: IRead,
	persistence: IPersistence,
	modify: IModify,
): Promise<void> {
	const { config } = app;
	await safely(app.logger, 'IPostRoomUserLeave', async () => {
		const room = roomFacts(context.room);
		const record = { event: 'user-left' as const, room: roomRef(room), actor: userRef(context.removedBy), subject: userRef(context.leavingUser) };
		const memberCount = isAudited(config, record) ? await countMembers(read, room.id) : undefined;
		await app.audit.publish(config, app.logger, { read, modify, persistence }, [{ ...record, memberCount }]);
	});
}
