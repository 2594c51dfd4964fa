import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { keepDecision, keepFailure } from './keepDecision';
import { countMembers, roomFacts, roomRef } from './payloadFacts';
import { safely } from './safely';
import { decideDeletion, deletionNeedsMemberCount, deletionPolicyActive } from '../policy/deletionPolicy';

/**
 * Deletion protection. A denial returns true: Rocket.Chat then answers
 * `error-app-prevented-deleting`, where a thrown exception would reach the client only as
 * a generic error. The reason goes to the audit room.
 */
export async function preRoomDeletePrevent(app: AppContext, room: IRoom, read: IRead, persistence: IPersistence): Promise<boolean> {
	const { config } = app;
	if (!deletionPolicyActive(config)) {
		return false;
	}
	const facts = roomFacts(room);
	const refs = { room: roomRef(facts) };
	const denied = await safely(
		app.logger,
		'IPreRoomDeletePrevent',
		async () => {
			const memberCount = deletionNeedsMemberCount(config) ? await countMembers(read, room) : undefined;
			const decision = decideDeletion(config, facts, memberCount);
			return (await keepDecision(app, persistence, 'deletion-decided', decision, refs)) !== undefined;
		},
		keepFailure(app, persistence, refs),
	);
	return denied === true;
}
