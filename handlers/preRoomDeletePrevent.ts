import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { deletionDecision } from './decisions';
import { roomFacts, roomRef } from './payloadFacts';
import { enforceDecision } from './policyDecision';
import { deletionPolicyActive } from '../policy/deletionPolicy';

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
		deletionDecision(config, room, read),
	);
	return denial !== undefined;
}
