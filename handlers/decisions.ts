import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { countMembers, readUserFacts, roomFacts, userRef } from './payloadFacts';
import { decideStepwise } from './policyDecision';
import { decideCreation } from '../policy/creationPolicy';
import type { Decision, Fact } from '../policy/decision';
import { decideDeletion } from '../policy/deletionPolicy';
import type { UserFacts } from '../policy/eventFacts';
import type { JoinFacts, LeaveFacts } from '../policy/membershipPolicy';
import { decideJoin, decideLeave } from '../policy/membershipPolicy';
import type { RoomEventsConfig } from '../settings/settings';

/**
 * The four decisions as the event handlers make them, and as `/room-events explain` makes them:
 * one code path, so what explain says is what the handlers do. Each reads what its deciding rule
 * asks for and no more (see decideStepwise), and notes every fact it read in `readFacts`.
 */
type PartialUser = Partial<IUser> | undefined;

export function creationDecision(config: RoomEventsConfig, room: IRoom, read: IRead, readFacts: Fact[] = []): Promise<Decision> {
	const facts = roomFacts(room);
	return decideStepwise(
		(creator: UserFacts | undefined) => decideCreation(config, facts, creator),
		undefined,
		(fact) => {
			readFacts.push(fact);
			return readUserFacts(read, room.creator);
		},
	);
}

export function deletionDecision(config: RoomEventsConfig, room: IRoom, read: IRead, readFacts: Fact[] = []): Promise<Decision> {
	const facts = roomFacts(room);
	return decideStepwise(
		(memberCount: number | undefined) => decideDeletion(config, facts, memberCount),
		undefined,
		async (fact) => {
			readFacts.push(fact);
			return (await countMembers(read, room)) ?? 0;
		},
	);
}

export function joinDecision(
	config: RoomEventsConfig,
	payload: { room: IRoom; joiningUser?: PartialUser; inviter?: PartialUser },
	read: IRead,
	readFacts: Fact[] = [],
): Promise<Decision> {
	// Rules ask only whether someone added the user, so the inviter is not read.
	const known: JoinFacts = { room: roomFacts(payload.room), inviter: userRef(payload.inviter) };
	return decideStepwise(
		(facts: JoinFacts) => decideJoin(config, facts),
		known,
		async (fact, facts) => {
			readFacts.push(fact);
			return fact === 'memberCount'
				? { ...facts, memberCount: (await countMembers(read, payload.room)) ?? 0 }
				: { ...facts, joiningUser: await readUserFacts(read, payload.joiningUser) };
		},
	);
}

export function leaveDecision(
	config: RoomEventsConfig,
	payload: { room: IRoom; leavingUser?: PartialUser; removedBy?: PartialUser },
	read: IRead,
	readFacts: Fact[] = [],
): Promise<Decision> {
	const known: LeaveFacts = { room: roomFacts(payload.room), removed: userRef(payload.removedBy) !== undefined };
	return decideStepwise(
		(facts: LeaveFacts) => decideLeave(config, facts),
		known,
		async (fact, facts) => {
			readFacts.push(fact);
			return { ...facts, removedBy: await readUserFacts(read, payload.removedBy) };
		},
	);
}
