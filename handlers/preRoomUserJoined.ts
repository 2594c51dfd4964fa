import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { UserNotAllowedException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { joinDecision } from './decisions';
import { roomFacts, roomRef, userRef } from './payloadFacts';
import { enforceDecision } from './policyDecision';
import { refusalFor } from './refusal';
import { joinPolicyActive } from '../policy/membershipPolicy';

/**
 * Join rules, decided rule by rule: the joining user is read by id (never taken from the
 * payload, which a client shapes) only when a guest rule, a join rule or an exemption needs
 * them, the member count only for a capacity rule. A denial throws UserNotAllowedException,
 * whose message Rocket.Chat shows the user.
 */
export async function preRoomUserJoined(app: AppContext, context: IRoomUserJoinedContext, read: IRead, persistence: IPersistence): Promise<void> {
	const { config } = app;
	if (!joinPolicyActive(config)) {
		return;
	}
	const room = roomFacts(context.room);
	const refs = { room: roomRef(room), actor: userRef(context.inviter), subject: userRef(context.joiningUser) };
	const denial = await enforceDecision(app, persistence, 'join', 'join-decided', refs, () => joinDecision(config, context, read));
	if (denial) {
		// Who sees the refusal: the member who added the user, or the user who joined.
		throw new UserNotAllowedException(await refusalFor(app.workspaceLanguage, read, context.inviter ?? context.joiningUser, denial));
	}
}
