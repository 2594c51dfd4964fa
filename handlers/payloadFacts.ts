import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { RoomRef, UserRef } from '../audit/auditRecord';
import type { RoomFacts, RoomKind, UserFacts } from '../policy/eventFacts';

/**
 * Turns Apps-Engine payloads into the plain facts policies read. Payloads can be partial (a
 * DM with no creator, a room with no id before creation, an inviter with only id and
 * username), so every field is optional here whatever the type says.
 */
/** Team fields are newer than the oldest API this app supports (1.42.1), hence declared here. */
type PartialRoom = (Partial<IRoom> & { isTeamMain?: boolean; teamId?: string }) | undefined;
export type PartialUser = Partial<IUser> | undefined;

export function roomFacts(room: PartialRoom): RoomFacts {
	const kind = roomKind(room);
	const slug = room?.slugifiedName ?? '';
	const title = room?.displayName ?? '';
	return {
		id: room?.id || undefined,
		name: kind === 'discussion' ? title || slug : slug || title,
		kind,
		isPublic: room?.type === RoomType.CHANNEL,
		isDefault: room?.isDefault === true,
		isTeamMain: room?.isTeamMain === true,
	};
}

function roomKind(room: PartialRoom): RoomKind {
	if (room?.isTeamMain) {
		return 'team';
	}
	if (room?.parentRoom) {
		return 'discussion';
	}
	switch (room?.type) {
		case RoomType.PRIVATE_GROUP:
			return 'private-group';
		case RoomType.DIRECT_MESSAGE:
			return 'direct-message';
		case RoomType.LIVE_CHAT:
			return 'livechat';
		default:
			return 'channel';
	}
}

export function roomRef(facts: RoomFacts): RoomRef {
	return { id: facts.id, name: facts.name, kind: facts.kind };
}

/** Members named in a direct message's audit line; a larger group DM ends with "and N more". */
const MAX_NAMED_MEMBERS = 5;

/**
 * The room for an audit record; a direct message, which has no name of its own, is named by its
 * members: usernames read by id from the payload's `userIds` (Rocket.Chat's `uids`), which the
 * room carries before it is stored and after it is deleted. Never from `room.usernames`, which
 * the subprocess runtime rewrites into a promise (facts §5). A member the server does not know,
 * or whose read fails, is named by id: the name is only a label, so it never costs the record
 * (nor the decision that is audited with it).
 */
export async function auditedRoomRef(read: IRead, room: PartialRoom, facts: RoomFacts = roomFacts(room)): Promise<RoomRef> {
	if (facts.kind !== 'direct-message' || facts.name !== '') {
		return roomRef(facts);
	}
	// Copied by index: in the vm2 runtime the payload's arrays are frozen host arrays, and vm2
	// refuses to run a host array method (an iterator, slice) on one.
	const payloadIds = room?.userIds ?? [];
	const memberIds: string[] = [];
	for (let i = 0; i < payloadIds.length; i++) {
		memberIds.push(String(payloadIds[i]));
	}
	const reader = read.getUserReader();
	const shown: string[] = [];
	for (const id of memberIds.slice(0, MAX_NAMED_MEMBERS)) {
		let username: string | undefined;
		try {
			username = (await reader.getById(id))?.username;
		} catch {
			// Left unknown: the member is named by id.
		}
		shown.push(username ? `@${username}` : `user id ${id}`);
	}
	const more = memberIds.length - shown.length;
	const name = shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
	return roomRef({ ...facts, name });
}

export function userRef(user: PartialUser): UserRef | undefined {
	if (!user || (!user.id && !user.username)) {
		return undefined;
	}
	return { id: user.id, username: user.username ?? '' };
}

/**
 * The user's facts with roles read from the server by id (or by username when the payload
 * has no id): roles decide exemptions, so they never come from the payload itself.
 */
export async function readUserFacts(read: IRead, user: PartialUser): Promise<UserFacts> {
	const reader = read.getUserReader();
	let stored: IUser | undefined;
	if (user?.id) {
		stored = await reader.getById(user.id);
	} else if (user?.username) {
		stored = await reader.getByUsername(user.username);
	}
	return userFacts(stored, user);
}

/** A user as the server stored them (read by id, or listed as a member); `named` fills in what is missing. */
export function userFacts(stored: IUser | undefined, named?: PartialUser): UserFacts {
	return {
		id: stored?.id ?? named?.id,
		username: (stored?.username ?? named?.username ?? '').toLowerCase(),
		roles: (stored?.roles ?? []).map((role) => role.toLowerCase()),
	};
}

/**
 * The room's member count after a join (+1) or a leave (-1). Rocket.Chat's room converter leaves
 * the room's `usersCount` unmapped (`_unmappedProperties_`), and the join and leave events carry
 * the room as read before the change; 'unknown' when the server did not say.
 */
export function memberCountAfter(room: PartialRoom, change: 1 | 0 | -1): number | 'unknown' {
	const unmapped = (room as { _unmappedProperties_?: { usersCount?: unknown } } | undefined)?._unmappedProperties_;
	const before = unmapped?.usersCount;
	return typeof before === 'number' && Number.isInteger(before) && before + change >= 0 ? before + change : 'unknown';
}

/**
 * The room's member count now: Rocket.Chat's `usersCount` from the payload when it is there (one
 * number, no read), else read once by counting the members.
 */
export async function countMembers(read: IRead, room: PartialRoom): Promise<number | undefined> {
	const fromPayload = memberCountAfter(room, 0);
	if (fromPayload !== 'unknown') {
		return fromPayload;
	}
	return room?.id ? (await read.getRoomReader().getMembers(room.id)).length : undefined;
}
