import type { IAppStorageItem } from 'apps-engine-deno/server/storage';

import type { JsonValue } from './jsonCodec';

/** Who a user is to the workspace: a person, a bot account, or an app's own user. */
export type UserKind = 'user' | 'bot' | 'app';
export type UserStatus = 'online' | 'away' | 'busy' | 'offline';

export interface UserRecord {
	id: string;
	username: string;
	name: string;
	/** Workspace roles: 'admin', 'user', 'guest', 'bot', 'app' or custom ones. */
	roles: string[];
	type: UserKind;
	active: boolean;
	status: UserStatus;
	createdAt: Date;
	updatedAt: Date;
	email?: string;
	lastLoginAt?: Date;
	/** Set on the user an app gets at install: the engine finds its app user by this id. */
	appId?: string;
	/** The language the user chose (users.setPreferences' `language`, which Rocket.Chat keeps as `language` and in `settings.preferences`). */
	language?: string;
	customFields?: Record<string, unknown>;
	passwordHash?: string;
	passwordSalt?: string;
	/** Sessions the user logged in to the REST API with (Rocket.Chat's `services.resume.loginTokens`). */
	loginTokens?: LoginTokenRecord[];
}

/** A REST session: only a hash of the token is kept, as Rocket.Chat keeps it. */
export interface LoginTokenRecord {
	hashedToken: string;
	createdAt: Date;
}

/** c: channel, p: private group, d: direct message, l: livechat (as Rocket.Chat's `t`). */
export type RoomTypeCode = 'c' | 'p' | 'd' | 'l';

export interface RoomRecord {
	id: string;
	/** Slugified name (Rocket.Chat's `name`); empty for direct messages, which have none. */
	name: string;
	/** Display name (Rocket.Chat's `fname`). */
	displayName: string;
	type: RoomTypeCode;
	creatorId: string;
	createdAt: Date;
	updatedAt: Date;
	readOnly: boolean;
	displaySystemMessages: boolean;
	isDefault: boolean;
	customFields: Record<string, unknown>;
	description?: string;
	topic?: string;
	teamId?: string;
	teamMain?: boolean;
	/** The room a discussion belongs to. */
	parentRoomId?: string;
}

export interface MembershipRecord {
	roomId: string;
	userId: string;
	/** Room-level roles ('owner', 'moderator', 'leader'), as Rocket.Chat keeps them on subscriptions. */
	roles: string[];
	joinedAt: Date;
}

/** 0: public team (its main room a channel), 1: private team (a private group), as Rocket.Chat's TEAM_TYPE. */
export type TeamKind = 0 | 1;

/** A team: its members are the members of its main room. */
export interface TeamRecord {
	id: string;
	name: string;
	type: TeamKind;
	mainRoomId: string;
	creatorId: string;
	createdAt: Date;
	updatedAt: Date;
}

export interface MessageRecord {
	id: string;
	roomId: string;
	senderId: string;
	text: string;
	ts: Date;
	updatedAt: Date;
	editedAt?: Date;
	editorId?: string;
	threadId?: string;
	alias?: string;
	emoji?: string;
	avatarUrl?: string;
	groupable?: boolean;
	parseUrls?: boolean;
	customFields?: Record<string, unknown>;
	attachments?: unknown[];
	blocks?: unknown[];
	/** Fields an app put under `_unmappedProperties_` (Rocket.Chat stores them on the message as they are), `_id` aside. */
	unmappedFields?: Record<string, unknown>;
}

/** An ephemeral message an app showed to one user (or to everyone in a room): never part of the room's history. */
export interface NotificationRecord {
	id: string;
	appId: string;
	roomId: string;
	/** Absent when the whole room was notified. */
	userId?: string;
	senderId?: string;
	text: string;
	ts: Date;
}

/** Rocket.Chat stores an association as `{ model, id }`. */
export interface AssociationRecord {
	model: string;
	id: string;
}

export interface PersistenceRecord {
	id: string;
	appId: string;
	associations: AssociationRecord[];
	data: Record<string, unknown>;
}

export interface ScheduledJobRecord {
	id: string;
	appId: string;
	/** The engine's processor id: the app's processor id suffixed with `_<appId>`. */
	processorId: string;
	kind: 'once' | 'recurring';
	nextRunAt: Date;
	/** Recurring jobs only. */
	intervalMs?: number;
	data: Record<string, unknown>;
	lastRunAt?: Date;
	lastError?: string;
	/** When a scheduler claimed the job for a run (Agenda's `lockedAt`); cleared when the run ends. */
	lockedAt?: Date;
	/** Which scheduler holds the claim (Agenda's `lastModifiedBy`, the instance's name). */
	lockedBy?: string;
}

/** The workspace's signing key pair: app signatures made with it must verify after a restart. */
export interface WorkspaceKeys {
	publicKey: string;
	privateKey: string;
}

export interface NewUser {
	username: string;
	name?: string;
	roles?: string[];
	type?: UserKind;
	active?: boolean;
	status?: UserStatus;
	email?: string;
	appId?: string;
	customFields?: Record<string, unknown>;
	passwordHash?: string;
	passwordSalt?: string;
	id?: string;
	createdAt?: Date;
}

export interface NewRoom {
	name: string;
	type: RoomTypeCode;
	creatorId: string;
	displayName?: string;
	readOnly?: boolean;
	displaySystemMessages?: boolean;
	isDefault?: boolean;
	customFields?: Record<string, unknown>;
	description?: string;
	topic?: string;
	teamId?: string;
	teamMain?: boolean;
	parentRoomId?: string;
	id?: string;
	createdAt?: Date;
}

export type NewMessage = Omit<MessageRecord, 'id' | 'ts' | 'updatedAt'> & { id?: string; ts?: Date };

export type UserPatch = Partial<Omit<UserRecord, 'id' | 'createdAt'>>;
export type RoomPatch = Partial<Omit<RoomRecord, 'id' | 'createdAt'>>;
export type MessagePatch = Partial<Omit<MessageRecord, 'id' | 'roomId'>>;

/** The whole workspace as JSON: dates are written as `{ "$date": ISO string }` so they come back as dates. */
export interface WorkspaceSnapshot {
	format: typeof SNAPSHOT_FORMAT;
	state: JsonValue;
}

export const SNAPSHOT_FORMAT = 'room-events-workspace/1';

/** What the store holds, collection by collection: a snapshot's `state` is this, as JSON. */
export interface WorkspaceState {
	users: UserRecord[];
	rooms: RoomRecord[];
	teams: TeamRecord[];
	memberships: MembershipRecord[];
	messages: MessageRecord[];
	notifications: NotificationRecord[];
	persistence: PersistenceRecord[];
	jobs: ScheduledJobRecord[];
	apps: IAppStorageItem[];
	/** App packages (zip files), base64, by app id. */
	appPackages: Record<string, string>;
	serverSettings: Record<string, unknown>;
	keys?: WorkspaceKeys;
}
