import type { IPersistence } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoomUserLeaveContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { keepMembershipChange } from './membershipAudit';
import { roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';

/**
 * Audits a leave or removal: who left, who removed them, and the member count after it.
 * Rocket.Chat awaits this event, and the leave has already happened: it never throws.
 */
export async function postRoomUserLeave(app: AppContext, context: IRoomUserLeaveContext, persistence: IPersistence): Promise<void> {
	await safely(app.logger, 'IPostRoomUserLeave', () =>
		keepMembershipChange(app, persistence, context.room, -1, {
			event: 'user-left',
			room: roomRef(roomFacts(context.room)),
			actor: userRef(context.removedBy),
			subject: userRef(context.leavingUser),
		}),
	);
}
