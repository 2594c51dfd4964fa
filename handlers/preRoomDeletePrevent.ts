import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { countMembers, roomFacts, roomRef } from './payloadFacts';
import { decideStepwise, enforceDecision } from './policyDecision';
import { decideDeletion, deletionPolicyActive } from '../policy/deletionPolicy';

/**
 * Deletion protection. A denial returns true: Rocket.Chat then answers
 * `error-app-prevented-deleting`, where a thrown exception would reach the client only as
 * a generic error. The reason goes to the audit room. The member count is read only for a room
 * no name rule protects, and only when a member-count limit is set.
 */
export async function preRoomDeletePrevent(app: AppContext, room: IRoom, read: IRead, persistence: IPersistence): Promise<boolean> {
	const { config } = app;
	if (!deletionPolicyActive(config)) {
		return false;
	}
	const facts = roomFacts(room);
	const denial = await enforceDecision(app, persistence, 'deletion', 'deletion-decided', { room: roomRef(facts) }, () =>
		decideStepwise(
			(memberCount: number | undefined) => decideDeletion(config, facts, memberCount),
			undefined,
			async () => (await countMembers(read, room)) ?? 0,
		),
	);
	return denial !== undefined;
}
