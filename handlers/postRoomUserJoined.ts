import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { keepMembershipChange } from './membershipAudit';
import { roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';

/** Audits a join: who joined, who added them, and the member count after it. Never throws. */
export async function postRoomUserJoined(app: AppContext, context: IRoomUserJoinedContext, persistence: IPersistence): Promise<void> {
	await safely(app.logger, 'IPostRoomUserJoined', () =>
		keepMembershipChange(app, persistence, context.room, 1, {
			event: 'user-joined',
			room: roomRef(roomFacts(context.room)),
			actor: userRef(context.inviter),
			subject: userRef(context.joiningUser),
		}),
	);
}
