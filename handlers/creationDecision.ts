import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import { readUserFacts, roomFacts } from './payloadFacts';
import { decideStepwise } from './policyDecision';
import { decideCreation } from '../policy/creationPolicy';
import type { Decision } from '../policy/decision';
import type { UserFacts } from '../policy/eventFacts';
import type { RoomEventsConfig } from '../settings/settings';

/** The creation decision, reading the creator only when an exemption could overturn a refusal. */
export function creationDecision(config: RoomEventsConfig, room: IRoom, read: IRead): Promise<Decision> {
	const facts = roomFacts(room);
	return decideStepwise(
		(creator: UserFacts | undefined) => decideCreation(config, facts, creator),
		undefined,
		() => readUserFacts(read, room.creator),
	);
}
