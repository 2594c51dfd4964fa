import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { UserNotAllowedException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { countMembers, readUserFacts, roomFacts, roomRef, userRef } from './payloadFacts';
import { decideStepwise, enforceDecision } from './policyDecision';
import type { JoinFacts } from '../policy/membershipPolicy';
import { decideJoin, joinPolicyActive } from '../policy/membershipPolicy';

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
	// Rules ask only whether someone added the user, so the inviter is not read.
	const known: JoinFacts = { room, inviter: userRef(context.inviter) };
	const denial = await enforceDecision(app, persistence, 'join', 'join-decided', refs, () =>
		decideStepwise(
			(facts: JoinFacts) => decideJoin(config, facts),
			known,
			async (fact, facts) =>
				fact === 'memberCount'
					? { ...facts, memberCount: (await countMembers(read, context.room)) ?? 0 }
					: { ...facts, joiningUser: await readUserFacts(read, context.joiningUser) },
		),
	);
	if (denial) {
		throw new UserNotAllowedException(denial);
	}
}
