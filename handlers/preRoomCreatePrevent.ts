import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { AppsEngineException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { creationDecision } from './decisions';
import { auditedRoomRef, roomFacts, roomRef, userRef } from './payloadFacts';
import { enforceDecision } from './policyDecision';
import { refusalFor } from './refusal';
import type { RoomRef, UserRef } from '../audit/auditRecord';
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
	const refs: { room: RoomRef; actor?: UserRef } = { room: roomRef(facts), actor: userRef(room.creator) };
	const denial = await enforceDecision(app, persistence, 'creation', 'creation-decided', refs, async () => {
		const decision = await creationDecision(config, room, read);
		// A direct message is named by its members, read only for a decision that is audited.
		refs.room = decision.rule ? await auditedRoomRef(read, room, facts) : refs.room;
		return decision;
	});
	if (denial) {
		throw new AppsEngineException(await refusalFor(app.workspaceLanguage, read, room.creator, denial));
	}
	return false;
}
