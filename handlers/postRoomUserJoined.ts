import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { countMembers, roomFacts, roomRef, userRef } from './eventFacts';
import { safely } from './safely';
import { isAudited } from '../audit/auditRecord';

/** Audits a join: who joined, who added them, and the member count after it. Never throws. */
export async function postRoomUserJoined(
	app: AppContext,
	context: IRoomUserJoinedContext,
	read: IRead,
	persistence: IPersistence,
	modify: IModify,
): Promise<void> {
	const { config } = app;
	await safely(app.logger, 'IPostRoomUserJoined', async () => {
		const room = roomFacts(context.room);
		const record = { event: 'user-joined' as const, room: roomRef(room), actor: userRef(context.inviter), subject: userRef(context.joiningUser) };
		// The member count is a server read: made only for a record that will be posted.
		const memberCount = isAudited(config, record) ? await countMembers(read, room.id) : undefined;
		await app.audit.publish(config, app.logger, { read, modify, persistence }, [{ ...record, memberCount }]);
	});
}
