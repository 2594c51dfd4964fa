// Conversions between the workspace store's records and the Apps-Engine's shapes, after
// Rocket.Chat's own converters (apps/meteor/app/apps/server/converters).
import type { IMessage, IMessageRaw } from 'apps-engine-deno/definition/messages';
import type { IRoom, IRoomRaw } from 'apps-engine-deno/definition/rooms';
import { RoomType } from 'apps-engine-deno/definition/rooms';
import type { IUser } from 'apps-engine-deno/definition/users';
import { UserStatusConnection, UserType } from 'apps-engine-deno/definition/users';

import type {
	MessagePatch,
	MessageRecord,
	NewMessage,
	RoomTypeCode,
	RoomPatch,
	RoomRecord,
	UserKind,
	UserRecord,
	WorkspaceStore,
} from '../store/workspaceStore';

const ROOM_TYPES: Record<RoomTypeCode, RoomType> = {
	c: RoomType.CHANNEL,
	p: RoomType.PRIVATE_GROUP,
	d: RoomType.DIRECT_MESSAGE,
	l: RoomType.LIVE_CHAT,
};

const USER_TYPES: Record<UserKind, UserType> = {
	user: UserType.USER,
	bot: UserType.BOT,
	app: UserType.APP,
};

export function toAppUser(user: UserRecord): IUser {
	return {
		id: user.id,
		username: user.username,
		name: user.name,
		emails: user.email ? [{ address: user.email, verified: true }] : [],
		type: USER_TYPES[user.type],
		isEnabled: user.active,
		roles: [...user.roles],
		status: user.status,
		statusConnection: user.status === 'offline' ? UserStatusConnection.OFFLINE : UserStatusConnection.ONLINE,
		utcOffset: 0,
		createdAt: user.createdAt,
		updatedAt: user.updatedAt,
		// Rocket.Chat leaves this undefined for a user who never logged in.
		lastLoginAt: user.lastLoginAt as Date,
		...(user.appId !== undefined && { appId: user.appId }),
		...(user.customFields !== undefined && { customFields: user.customFields }),
		// Rocket.Chat passes the user's chosen language on, and nothing else of their settings.
		settings: { preferences: { ...(user.language && { language: user.language }) } },
	};
}

export function toAppUserById(store: WorkspaceStore, userId: string): IUser | undefined {
	const user = store.getUser(userId);
	return user && toAppUser(user);
}

/** The usernames of these members, in their order; deleted users left out. */
function usernamesOf(store: WorkspaceStore, userIds: string[]): string[] {
	return userIds.map((id) => store.getUser(id)?.username).filter((username): username is string => username !== undefined);
}

/** What the room converter and the raw room converter both map from a room document. */
function mappedRoomFields(store: WorkspaceStore, room: RoomRecord, memberCount: number) {
	return {
		id: room.id,
		slugifiedName: room.name,
		displayName: room.displayName,
		type: ROOM_TYPES[room.type],
		isDefault: room.isDefault,
		isReadOnly: room.readOnly,
		displaySystemMessages: room.displaySystemMessages,
		messageCount: store.countMessages(room.id),
		createdAt: room.createdAt,
		updatedAt: room.updatedAt,
		customFields: room.customFields,
		...(room.description !== undefined && { description: room.description }),
		...(room.teamId !== undefined && { teamId: room.teamId }),
		...(room.teamMain !== undefined && { isTeamMain: room.teamMain }),
		// Rocket.Chat's room converters map no field to its rooms' `usersCount`: transformMappedData leaves it among the unmapped ones.
		_unmappedProperties_: { usersCount: memberCount },
	};
}

/**
 * The room as the engine sees it. `usernames` holds the current members (what the engine's
 * Room wrapper computes through the internal bridge); `userIds` is set for direct messages only,
 * because Rocket.Chat keeps `uids` on direct-message rooms only.
 */
export function toAppRoom(store: WorkspaceStore, room: RoomRecord): IRoom {
	const creator = toAppUserById(store, room.creatorId);
	const memberIds = store.getMemberIds(room.id);
	const parent = room.parentRoomId === undefined ? undefined : store.getRoom(room.parentRoomId);
	return {
		...mappedRoomFields(store, room, memberIds.length),
		// Rocket.Chat's direct messages have no creator; a room whose creator was deleted keeps none either.
		...(room.type !== 'd' && { creator: creator as IUser }),
		usernames: usernamesOf(store, memberIds),
		...(room.type === 'd' && { userIds: memberIds }),
		...(parent && { parentRoom: toAppRoom(store, parent) }),
	} as IRoom;
}

/**
 * A room about to be created, as Rocket.Chat hands it to the pre-create events: no id (but for a
 * 1:1 direct message, whose id comes from its members), the initial members under `_USERNAMES`
 * (which the engine's room answers for `usernames`) and, for direct messages, under `userIds`.
 * createRoom plans `usersCount: 0`; createDirectRoom plans the number of members.
 */
export function toAppRoomDraft(store: WorkspaceStore, room: RoomRecord, members: UserRecord[]): IRoom {
	const { id, ...draft } = withUsersCount(toAppRoom(store, room), room.type === 'd' ? members.length : 0);
	return {
		...draft,
		...(id && { id }),
		...(room.type === 'd' && { userIds: members.map((member) => member.id) }),
		_USERNAMES: members.map((member) => member.username),
	} as IRoom;
}

/** The room with another `usersCount`: the count in the room document Rocket.Chat happened to hold when it fired an event. */
export function withUsersCount(room: IRoom, usersCount: number): IRoom {
	const unmapped = (room as IRoom & { _unmappedProperties_?: Record<string, unknown> })._unmappedProperties_;
	return { ...room, _unmappedProperties_: { ...unmapped, usersCount } } as IRoom;
}

/**
 * A room as the room reader's listing gives it (Rocket.Chat's convertRoomRaw): the stored fields
 * mapped, relations as ids and lookups (the creator as `{_id, username, name}`, the parent room as
 * `parentRoomId`), nothing read beyond the room itself. Members' ids and usernames only for direct
 * messages, the rooms that keep them; the member count among the unmapped fields.
 */
export function toRawRoom(store: WorkspaceStore, room: RoomRecord): IRoomRaw {
	const creator = room.type === 'd' ? undefined : store.getUser(room.creatorId);
	const memberIds = store.getMemberIds(room.id);
	return {
		...mappedRoomFields(store, room, memberIds.length),
		...(creator && { creator: { _id: creator.id, username: creator.username, name: creator.name } }),
		...(room.type === 'd' && { userIds: memberIds, usernames: usernamesOf(store, memberIds) }),
		...(room.parentRoomId !== undefined && { parentRoomId: room.parentRoomId }),
	} as IRoomRaw;
}

export function toAppRoomById(store: WorkspaceStore, roomId: string): IRoom | undefined {
	const room = store.getRoom(roomId);
	return room && toAppRoom(store, room);
}

function toRoomTypeCode(type: string): RoomTypeCode {
	if (type === 'c' || type === 'p' || type === 'd' || type === 'l') return type;
	throw new Error(`Unknown room type "${type}".`);
}

/** The fields of an app's room that Rocket.Chat writes back to the room (its convertAppRoom). */
export function fromAppRoom(room: IRoom): RoomPatch {
	const patch: RoomPatch = {};
	if (room.type !== undefined) patch.type = toRoomTypeCode(room.type);
	if (room.type !== RoomType.DIRECT_MESSAGE && room.slugifiedName) patch.name = room.slugifiedName;
	if (room.displayName) patch.displayName = room.displayName;
	if (room.creator?.id) patch.creatorId = room.creator.id;
	if (room.isDefault !== undefined) patch.isDefault = room.isDefault;
	if (room.isReadOnly !== undefined) patch.readOnly = room.isReadOnly;
	if (room.displaySystemMessages !== undefined) patch.displaySystemMessages = room.displaySystemMessages;
	if (room.customFields) patch.customFields = room.customFields;
	if (room.parentRoom) patch.parentRoomId = room.parentRoom.id;
	return patch;
}

export function toAppMessage(store: WorkspaceStore, message: MessageRecord): IMessage {
	const room = store.getRoom(message.roomId);
	const editor = message.editorId === undefined ? undefined : toAppUserById(store, message.editorId);
	return {
		id: message.id,
		// The room may have been deleted since; Rocket.Chat then has no room for the message either.
		room: (room && toAppRoom(store, room)) as IRoom,
		sender: toAppUserById(store, message.senderId) as IUser,
		text: message.text,
		createdAt: message.ts,
		updatedAt: message.updatedAt,
		...(editor && { editor }),
		...(message.editedAt && { editedAt: message.editedAt }),
		...(definedFields(message, OPTIONAL_MESSAGE_FIELDS) as Partial<IMessage>),
		// Fields the converter does not map come back where they went in (transformMappedData).
		...(message.unmappedFields && { _unmappedProperties_: { ...message.unmappedFields } }),
	} as IMessage;
}

/** A message as the engine's bulk reads give it: relations as ids and lookups, not whole records. */
export function toRawMessage(store: WorkspaceStore, message: MessageRecord): IMessageRaw {
	const sender = store.getUser(message.senderId);
	return {
		id: message.id,
		roomId: message.roomId,
		sender: { _id: message.senderId, username: sender?.username ?? '', ...(sender?.name && { name: sender.name }) },
		text: message.text,
		createdAt: message.ts,
		updatedAt: message.updatedAt,
		...(definedFields(message, OPTIONAL_MESSAGE_FIELDS) as Partial<IMessageRaw>),
		...(message.unmappedFields && { _unmappedProperties_: { ...message.unmappedFields } }),
	} as IMessageRaw;
}

/** The optional fields of an app's message that the store keeps. */
function optionalMessageFields(message: IMessage): Partial<NewMessage> {
	return definedFields(message, OPTIONAL_MESSAGE_FIELDS) as Partial<NewMessage>;
}

/** Message fields both sides may hold, copied only when set. */
const OPTIONAL_MESSAGE_FIELDS = ['threadId', 'alias', 'emoji', 'avatarUrl', 'groupable', 'parseUrls', 'customFields', 'attachments', 'blocks'] as const;

function definedFields<T extends object>(source: T, keys: readonly string[]): Record<string, unknown> {
	const fields = source as Record<string, unknown>;
	return Object.fromEntries(keys.filter((key) => fields[key] !== undefined).map((key) => [key, fields[key]]));
}

/**
 * What an app put under `_unmappedProperties_`. Rocket.Chat's convertAppMessage copies it onto the
 * message it stores (`Object.assign(newMessage, message._unmappedProperties_)`), so an `_id` there
 * becomes the message's id (/work/research/audit-delivery.md §1); the rest is kept with the message.
 */
function unmappedOf(message: IMessage): { id?: string; unmappedFields?: Record<string, unknown> } {
	const unmapped = (message as IMessage & { _unmappedProperties_?: unknown })._unmappedProperties_;
	if (typeof unmapped !== 'object' || unmapped === null) return {};
	const { _id: id, ...rest } = { ...(unmapped as Record<string, unknown>) };
	// Rocket.Chat's sendMessage checks the message with `_id: String` (a Match error otherwise).
	if (id !== undefined && typeof id !== 'string') throw new Error(`Match error: Expected string, got ${typeof id} in field _id`);
	return { ...(id !== undefined && { id }), ...(Object.keys(rest).length > 0 && { unmappedFields: rest }) };
}

/** An app's new message as the store keeps it; `createdAt`, when the app sets it, becomes the message time (as in Rocket.Chat). */
export function fromAppMessage(message: IMessage): NewMessage {
	return {
		roomId: message.room.id,
		senderId: message.sender.id,
		text: message.text ?? '',
		...(message.createdAt && { ts: message.createdAt }),
		...optionalMessageFields(message),
		...unmappedOf(message),
	};
}

/** What an app's message update changes: the text and optional fields (the room and the sender stay). */
export function fromAppMessageUpdate(message: IMessage): MessagePatch {
	return { text: message.text ?? '', ...optionalMessageFields(message) };
}
