import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { readUserFacts, roomFacts } from './eventFacts';
import { decideCreation } from '../policy/creationPolicy';
import type { Decision } from '../policy/decision';
import type { RoomEventsConfig } from '../settings/settings';

/**
 * The creation decision, reading the creator's roles only when the rules refuse the room and
 * an exemption could overturn that: most creations pass the rules and cost no server read.
 */
export async function creationDecision(config: RoomEventsConfig, room: IRoom, read: IRead): Promise<Decision> {
	const facts = roomFacts(room);
	const byRules = decideCreation(config, facts, { username: '', roles: [] });
	return byRules.verdict === 'deny' ? decideCreation(config, facts, await readUserFacts(read, room.creator)) : byRules;
}
