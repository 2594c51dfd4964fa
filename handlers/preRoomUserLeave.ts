import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { UserNotAllowedException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoomUserLeaveContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { keepDecision, keepFailure } from './keepDecision';
import { readUserFacts, roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';
import { decideLeave, leavePolicyActive, mandatoryPatternFor } from '../policy/membershipPolicy';

/** Mandatory rooms: refuses leaving them, and removal by anyone without an exempt role. */
export async function preRoomUserLeave(app: AppContext, context: IRoomUserLeaveContext, read: IRead, persistence: IPersistence): Promise<void> {
	const { config } = app;
	if (!leavePolicyActive(config)) {
		return;
	}
	const room = roomFacts(context.room);
	const refs = { room: roomRef(room), actor: userRef(context.removedBy), subject: userRef(context.leavingUser) };
	const denial = await safely(
		app.logger,
		'IPreRoomUserLeave',
		async () => {
			if (!mandatoryPatternFor(config, room)) {
				return undefined;
			}
			const decision = decideLeave(config, {
				room,
				removedBy: context.removedBy ? await readUserFacts(read, context.removedBy) : undefined,
			});
			return keepDecision(app, persistence, 'leave-decided', decision, refs);
		},
		keepFailure(app, persistence, refs),
	);
	if (denial) {
		throw new UserNotAllowedException(denial);
	}
}
