import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { UserNotAllowedException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { keepDecision, keepFailure } from './keepDecision';
import { countMembers, decideForUser, roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';
import { capacityRuleFor, decideJoin, joinPolicyActive, joinUserCouldMatter } from '../policy/membershipPolicy';

/**
 * Join rules. Reads the joining user's roles (and the inviter's) by id, and the member count
 * only when a capacity rule matches the room. A denial throws UserNotAllowedException, whose
 * message Rocket.Chat shows the user.
 */
export async function preRoomUserJoined(app: AppContext, context: IRoomUserJoinedContext, read: IRead, persistence: IPersistence): Promise<void> {
	const { config } = app;
	if (!joinPolicyActive(config)) {
		return;
	}
	const room = roomFacts(context.room);
	const refs = { room: roomRef(room), actor: userRef(context.inviter), subject: userRef(context.joiningUser) };
	const denial = await safely(
		app.logger,
		'IPreRoomUserJoined',
		async () => {
			const facts = {
				room,
				// Rules ask only whether someone added the user, so the inviter is not read.
				inviter: userRef(context.inviter),
				memberCount: capacityRuleFor(config, room) ? await countMembers(read, context.room) : undefined,
			};
			const decision = await decideForUser(
				read,
				context.joiningUser,
				(joiningUser) => decideJoin(config, { ...facts, joiningUser }),
				(unknownUser) => joinUserCouldMatter(config, room, unknownUser),
			);
			return keepDecision(app, persistence, 'join-decided', decision, refs);
		},
		keepFailure(app, persistence, refs),
	);
	if (denial) {
		throw new UserNotAllowedException(denial);
	}
}
