import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { AppsEngineException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { creationDecision } from './creationDecision';
import { keepDecision, keepFailure } from './keepDecision';
import { auditedRoomRef, roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';
import { creationPolicyActive } from '../policy/creationPolicy';

/**
 * Creation blocking. A denial is thrown as an AppsEngineException, the one way the user sees
 * the app's reason instead of Rocket.Chat's generic "A Rocket.Chat App prevented the room
 * creation."
 */
export async function preRoomCreatePrevent(app: AppContext, room: IRoom, read: IRead, persistence: IPersistence): Promise<boolean> {
	const { config } = app;
	if (!creationPolicyActive(config)) {
		return false;
	}
	const facts = roomFacts(room);
	const denial = await safely(
		app.logger,
		'IPreRoomCreatePrevent',
		async () => {
			const decision = await creationDecision(config, room, read);
			// A direct message is named by its members, read only for a decision that is audited.
			const ref = decision.rule ? await auditedRoomRef(read, room, facts) : roomRef(facts);
			return keepDecision(app, persistence, 'creation-decided', decision, { room: ref, actor: userRef(room.creator) });
		},
		keepFailure(app, persistence, { room: roomRef(facts), actor: userRef(room.creator) }),
	);
	if (denial) {
		throw new AppsEngineException(denial);
	}
	return false;
}
