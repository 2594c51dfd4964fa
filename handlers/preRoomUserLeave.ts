import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { UserNotAllowedException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoomUserLeaveContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { leaveDecision } from './decisions';
import { roomFacts, roomRef, userRef } from './payloadFacts';
import { enforceDecision } from './policyDecision';
import { refusalFor } from './refusal';
import { leavePolicyActive, mandatoryPatternFor } from '../policy/membershipPolicy';

/** Mandatory rooms: refuses leaving them, and removal by anyone without an exempt role (read by id). */
export async function preRoomUserLeave(app: AppContext, context: IRoomUserLeaveContext, read: IRead, persistence: IPersistence): Promise<void> {
	const { config } = app;
	const room = roomFacts(context.room);
	// Rooms that are not mandatory are not audited: leaving them is the post event's news.
	if (!leavePolicyActive(config) || !mandatoryPatternFor(config, room)) {
		return;
	}
	const refs = { room: roomRef(room), actor: userRef(context.removedBy), subject: userRef(context.leavingUser) };
	const denial = await enforceDecision(app, persistence, 'leave', 'leave-decided', refs, () => leaveDecision(config, context, read));
	if (denial) {
		throw new UserNotAllowedException(await refusalFor(app.workspaceLanguage, read, context.removedBy ?? context.leavingUser, denial));
	}
}
