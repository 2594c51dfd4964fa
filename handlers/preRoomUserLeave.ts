import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { UserNotAllowedException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoomUserLeaveContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { readUserFacts, roomFacts, roomRef, userRef } from './payloadFacts';
import { decideStepwise, enforceDecision } from './policyDecision';
import type { LeaveFacts } from '../policy/membershipPolicy';
import { decideLeave, leavePolicyActive, mandatoryPatternFor } from '../policy/membershipPolicy';

/** Mandatory rooms: refuses leaving them, and removal by anyone without an exempt role (read by id). */
export async function preRoomUserLeave(app: AppContext, context: IRoomUserLeaveContext, read: IRead, persistence: IPersistence): Promise<void> {
	const { config } = app;
	const room = roomFacts(context.room);
	// Rooms that are not mandatory are not audited: leaving them is the post event's news.
	if (!leavePolicyActive(config) || !mandatoryPatternFor(config, room)) {
		return;
	}
	const refs = { room: roomRef(room), actor: userRef(context.removedBy), subject: userRef(context.leavingUser) };
	const known: LeaveFacts = { room, removed: userRef(context.removedBy) !== undefined };
	const denial = await enforceDecision(app, persistence, 'leave', 'leave-decided', refs, () =>
		decideStepwise(
			(facts: LeaveFacts) => decideLeave(config, facts),
			known,
			async (_fact, facts) => ({ ...facts, removedBy: await readUserFacts(read, context.removedBy) }),
		),
	);
	if (denial) {
		throw new UserNotAllowedException(denial);
	}
}
