// Reading REST parameters as Rocket.Chat's API helpers read them (findChannelByIdOrName,
// findPrivateGroupByIdOrName, getUserFromParams, getPaginationItems), with their errors.
import { MeteorError } from '../../errors';
import { canAccessRoom, hasPermission } from '../../permissions';
import type { RoomRecord, UserRecord, WorkspaceStore } from '../../store/workspaceStore';
import { ApiError, failure } from '../apiResponse';

type Params = Record<string, unknown>;

/** A parameter's text, or undefined when it is absent, empty or not text. */
export function text(params: Params, name: string): string | undefined {
	const value = params[name];
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A list parameter: a JSON array of strings, or comma-separated text (as query strings carry it). */
export function textList(params: Params, name: string): string[] | undefined {
	const value = params[name];
	if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
	if (typeof value === 'string') {
		return value
			.split(',')
			.map((item) => item.trim())
			.filter((item) => item !== '');
	}
	return undefined;
}

/** A boolean parameter: JSON booleans, or 'true'/'false' from forms and query strings. */
export function flag(params: Params, name: string): boolean | undefined {
	const value = params[name];
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	return undefined;
}

/** Rocket.Chat's findChannelByIdOrName: public channels only. */
export function findChannel(store: WorkspaceStore, params: Params): RoomRecord {
	const room = roomByIdOrName(store, params);
	if (room?.type !== 'c') {
		throw new MeteorError('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any channel');
	}
	return room;
}

/**
 * Rocket.Chat's findPrivateGroupByIdOrName: a private group the user can see. `forReading` also
 * lets an admin (view-room-administration) read a group they are not in, which Rocket.Chat does
 * not, so that the workspace's console can show every room.
 */
export function findGroup(store: WorkspaceStore, params: Params, user: UserRecord, { forReading = false } = {}): RoomRecord {
	if (text(params, 'roomId') === undefined && text(params, 'roomName') === undefined) {
		throw new MeteorError('error-room-param-not-provided', 'The parameter "roomId" or "roomName" is required');
	}
	const room = roomByIdOrName(store, params);
	const visible = room !== undefined && (canAccessRoom(store, user.id, room) || (forReading && hasPermission(store, user.id, 'view-room-administration')));
	if (room?.type !== 'p' || !visible) {
		throw new MeteorError('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group');
	}
	return room;
}

/** A direct message the user is in, or that an admin may read. */
export function findDirectMessage(store: WorkspaceStore, params: Params, user: UserRecord): RoomRecord {
	const roomId = text(params, 'roomId');
	const room = roomId === undefined ? undefined : store.getRoom(roomId);
	const visible = room !== undefined && (store.isMember(room.id, user.id) || hasPermission(store, user.id, 'view-room-administration'));
	if (room?.type !== 'd' || !visible) {
		throw new MeteorError('error-room-not-found', 'The required "roomId" or "username" param provided does not match any direct message');
	}
	return room;
}

function roomByIdOrName(store: WorkspaceStore, params: Params): RoomRecord | undefined {
	const roomId = text(params, 'roomId');
	if (roomId !== undefined) return store.getRoom(roomId);
	const roomName = text(params, 'roomName');
	return roomName === undefined ? undefined : store.getRoomByName(roomName);
}

/** Rocket.Chat's getUserFromParams: `userId`, `username` or `user`. */
export function userFromParams(store: WorkspaceStore, params: Params): UserRecord {
	const userId = text(params, 'userId');
	const username = text(params, 'username') ?? text(params, 'user');
	if (userId === undefined && username === undefined) {
		throw new MeteorError('error-user-param-not-provided', 'The required "userId" or "username" param was not provided');
	}
	const user = userId !== undefined ? store.getUser(userId) : store.getUserByUsernameIgnoringCase(username as string);
	if (!user) throw new MeteorError('error-invalid-user', 'The required "userId" or "username" param provided does not match any users');
	return user;
}

/** Rocket.Chat's getUserListFromParams: `userIds`/`usernames` lists (unknown ones dropped) or one user. */
export function usersFromParams(store: WorkspaceStore, params: Params): UserRecord[] {
	const userIds = textList(params, 'userIds');
	if (userIds) return userIds.map((id) => store.getUser(id)).filter((user): user is UserRecord => user !== undefined);
	const usernames = textList(params, 'usernames');
	if (usernames) {
		return usernames.map((username) => store.getUserByUsernameIgnoringCase(username)).filter((user): user is UserRecord => user !== undefined);
	}
	return [userFromParams(store, params)];
}

export interface Page<T> {
	items: T[];
	count: number;
	offset: number;
	total: number;
}

/** Rocket.Chat's getPaginationItems with its default settings: 50 items unless asked, at most 100, `count=0` for all. */
export function paginate<T>(items: T[], query: Params): Page<T> {
	const offset = Math.max(0, Number.parseInt(text(query, 'offset') ?? '0', 10) || 0);
	const asked = Number.parseInt(text(query, 'count') ?? '', 10);
	let count = Number.isNaN(asked) || asked < 0 ? 50 : Math.min(asked, 100);
	if (asked === 0) count = items.length;
	const page = items.slice(offset, offset + count);
	return { items: page, count: page.length, offset, total: items.length };
}

/** The `sort` query parameter, `{"field": 1 | -1}`, applied to documents as the API answers them. */
export function sortDocuments(documents: Array<Record<string, unknown>>, query: Params, fallback: Record<string, 1 | -1>): Array<Record<string, unknown>> {
	let sort = fallback;
	const asked = text(query, 'sort');
	if (asked !== undefined) {
		try {
			sort = JSON.parse(asked) as Record<string, 1 | -1>;
		} catch {
			throw new ApiError(failure(`The "sort" query parameter is not valid JSON: ${asked}`));
		}
	}
	const [field, direction] = Object.entries(sort)[0] ?? [];
	if (field === undefined) return documents;
	// Stable sorting keeps ties in their given order; reversing first makes ties newest-first for a descending sort.
	const ordered = direction === -1 ? [...documents].reverse() : [...documents];
	const key = (document: Record<string, unknown>) => {
		const value = document[field];
		return value instanceof Date ? value.getTime() : (value as string | number | undefined);
	};
	return ordered.sort((a, b) => {
		const [left, right] = [key(a), key(b)];
		if (left === right) return 0;
		if (left === undefined) return 1;
		if (right === undefined) return -1;
		return (left < right ? -1 : 1) * (direction === -1 ? -1 : 1);
	});
}
