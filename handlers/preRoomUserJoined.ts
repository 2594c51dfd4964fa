import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { UserNotAllowedException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { countMembers, readUserFacts, roomFacts, roomRef, userRef } from './eventFacts';
import { keepDecision } from './keepDecision';
import { safely } from './safely';
import { capacityRuleFor, decideJoin, joinPolicyActive, joinRolesCouldMatter } from '../policy/membershipPolicy';

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
	const denial = await safely(app.logger, 'IPreRoomUserJoined', async () => {
		const room = roomFacts(context.room);
		const facts = {
			room,
			// Rules ask only whether someone added the user, so the inviter is not read.
			inviter: userRef(context.inviter),
			memberCount: capacityRuleFor(config, room) ? await countMembers(read, room.id) : undefined,
		};
		// Most joins pass without the user's roles; they are read only when they could matter.
		const unread = { id: context.joiningUser?.id, username: (context.joiningUser?.username ?? '').toLowerCase(), roles: [] };
		const withoutRoles = decideJoin(config, { ...facts, joiningUser: unread });
		const decision = joinRolesCouldMatter(config, room, withoutRoles)
			? decideJoin(config, { ...facts, joiningUser: await readUserFacts(read, context.joiningUser) })
			: withoutRoles;
		return keepDecision(app, persistence, 'join-decided', decision, {
			room: roomRef(room),
			actor: userRef(context.inviter),
			subject: userRef(context.joiningUser),
		});
	});
	if (denial) {
		throw new UserNotAllowedException(denial);
	}
}
