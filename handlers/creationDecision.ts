import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { decideForUser, roomFacts } from './payloadFacts';
import { creationUserCouldMatter, decideCreation } from '../policy/creationPolicy';
import type { Decision } from '../policy/decision';
import type { RoomEventsConfig } from '../settings/settings';

/** The creation decision, reading the creator only when an exemption could overturn a refusal. */
export function creationDecision(config: RoomEventsConfig, room: IRoom, read: IRead): Promise<Decision> {
	const facts = roomFacts(room);
	return decideForUser(read, room.creator, (creator) => decideCreation(config, facts, creator), creationUserCouldMatter);
}
