import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { publishMembershipChange } from './membershipAudit';
import { roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';

/** Audits a join: who joined, who added them, and the member count after it. Never throws. */
export async function postRoomUserJoined(
	app: AppContext,
	context: IRoomUserJoinedContext,
	read: IRead,
	persistence: IPersistence,
	modify: IModify,
): Promise<void> {
	await safely(app.logger, 'IPostRoomUserJoined', () =>
		publishMembershipChange(
			app,
			{ read, modify, persistence },
			{ event: 'user-joined', room: roomRef(roomFacts(context.room)), actor: userRef(context.inviter), subject: userRef(context.joiningUser) },
		),
	);
}
