import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Say } from './commandAnswer';
import type { CommandRequest } from './commandLine';
import { CREATABLE_KINDS } from './commandLine';
import type { Decision, Fact } from '../../policy/decision';
import { outcomeOf } from '../../policy/decision';
import { plannedRoomName } from '../../policy/roomShapePolicy';
import type { RoomEventsConfig } from '../../settings/settings';
import { creationDecision, deletionDecision, joinDecision, leaveDecision } from '../decisions';
import { roomFacts } from '../payloadFacts';

type ExplainRequest = Extract<CommandRequest, { name: 'explain-join' | 'explain-leave' | 'explain-create' | 'explain-delete' }>;

/** A room or user the admin named that does not exist: the answer says which. */
class NotFound extends Error {}

/**
 * `explain`: the decision the policies would take now, through the very functions the event
 * handlers call (handlers/decisions.ts), with the rule that matched and the facts it read.
 * Users and rooms are read as the server would hand them to the event.
 */
export async function explainCommand(request: ExplainRequest, config: RoomEventsConfig, read: IRead, caller: IUser, say: Say): Promise<string[]> {
	try {
		return await explain(request, config, read, caller, say);
	} catch (error) {
		if (error instanceof NotFound) {
			return [error.message];
		}
		throw error;
	}
}

async function explain(request: ExplainRequest, config: RoomEventsConfig, read: IRead, caller: IUser, say: Say): Promise<string[]> {
	const readFacts: Fact[] = [];
	switch (request.name) {
		case 'explain-join': {
			const { room, user, by, what } = await membershipNamed(request, 'join', read, say);
			const decision = await joinDecision(config, { room, joiningUser: user, inviter: by }, read, readFacts);
			return answer(what, decision, readFacts, config, say);
		}
		case 'explain-leave': {
			const { room, user, by, what } = await membershipNamed(request, 'leave', read, say);
			const decision = await leaveDecision(config, { room, leavingUser: user, removedBy: by }, read, readFacts);
			return answer(what, decision, readFacts, config, say);
		}
		case 'explain-create': {
			const creator = request.creator === undefined ? caller : await userNamed(read, request.creator, say);
			const room = unsavedRoom(request.roomName, request.kind, creator);
			const decision = await creationDecision(config, room, read, readFacts);
			const what = say('command_explain_create', { room: request.roomName, kind: say(`room_kind_${roomFacts(room).kind}`), user: creator.username });
			const lines = answer(what, decision, readFacts, config, say);
			const planned = plannedRoomName(config, roomFacts(room));
			if (outcomeOf(decision, config.dryRun) !== 'denied' && planned !== request.roomName) {
				lines.push(say(config.dryRun ? 'command_explain_would_rename' : 'command_explain_renamed', { room: planned }));
			}
			return lines;
		}
		case 'explain-delete': {
			const room = await roomNamed(read, request.room, say);
			const decision = await deletionDecision(config, room, read, readFacts);
			return answer(say('command_explain_delete', { room: room.slugifiedName }), decision, readFacts, config, say);
		}
	}
}

/** The room, the member and the user acting on them that `explain join|leave` names, and the question in words. */
async function membershipNamed(
	request: { readonly room: string; readonly username: string; readonly by?: string },
	event: 'join' | 'leave',
	read: IRead,
	say: Say,
): Promise<{ room: IRoom; user: IUser; by: IUser | undefined; what: string }> {
	const room = await roomNamed(read, request.room, say);
	const user = await userNamed(read, request.username, say);
	const by = request.by === undefined ? undefined : await userNamed(read, request.by, say);
	const what = by
		? say(`command_explain_${event}_by`, { user: user.username, room: room.slugifiedName, by: by.username })
		: say(`command_explain_${event}`, { user: user.username, room: room.slugifiedName });
	return { room, user, by, what };
}

function answer(what: string, decision: Decision, readFacts: readonly Fact[], config: RoomEventsConfig, say: Say): string[] {
	const outcome = outcomeOf(decision, config.dryRun);
	const lines = [`*${what}*: ${say(`command_outcome_${outcome}`)}`];
	lines.push(
		decision.rule ? say('command_explain_rule', { setting: decision.rule.setting, matched: decision.rule.matched }) : say('command_explain_no_rule'),
	);
	if (decision.rule) {
		lines.push(say('command_explain_reason', { reason: decision.reason }));
	}
	const facts = readFacts.map((fact) => say(`command_fact_${fact}`));
	lines.push(facts.length === 0 ? say('command_explain_read_nothing') : say('command_explain_read', { facts: facts.join(', ') }));
	return lines;
}

async function roomNamed(read: IRead, name: string, say: Say): Promise<IRoom> {
	const room = await read.getRoomReader().getByName(name);
	if (!room) {
		throw new NotFound(say('command_problem_no_room', { room: name }));
	}
	return room;
}

async function userNamed(read: IRead, username: string, say: Say): Promise<IUser> {
	const user = await read.getUserReader().getByUsername(username);
	if (!user) {
		throw new NotFound(say('command_problem_no_user', { user: username }));
	}
	return user;
}

/** The room as Rocket.Chat hands it to the pre-create events: not stored yet, so no id. */
function unsavedRoom(name: string, kind: keyof typeof CREATABLE_KINDS, creator: IUser): IRoom {
	const type = CREATABLE_KINDS[kind] === 'c' ? RoomType.CHANNEL : RoomType.PRIVATE_GROUP;
	const parentRoom = kind === 'discussion' ? ({ slugifiedName: '' } as IRoom) : undefined;
	return { slugifiedName: name, displayName: name, type, creator, parentRoom } as IRoom;
}
