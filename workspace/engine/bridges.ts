// The bridges the Apps-Engine 1.42.1 calls to reach "the server": here, the workspace store.
// Semantics follow Rocket.Chat's own bridges (apps/meteor/app/apps/server/bridges) where an app
// could tell the difference; what the local workspace does not offer fails with a clear error.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import type { IMessage } from 'apps-engine-runtime/definition/messages';
import type { RocketChatAssociationRecord } from 'apps-engine-runtime/definition/metadata';
import type { IRole } from 'apps-engine-runtime/definition/roles';
import type { IRoom } from 'apps-engine-runtime/definition/rooms';
import type { IJobContext, IOnetimeSchedule, IProcessor, IRecurringSchedule } from 'apps-engine-runtime/definition/scheduler';
import { StartupType } from 'apps-engine-runtime/definition/scheduler';
import type { ISetting } from 'apps-engine-runtime/definition/settings';
import { SettingType } from 'apps-engine-runtime/definition/settings';
import type { ISlashCommand } from 'apps-engine-runtime/definition/slashcommands';
import type { IUser, IUserCreationOptions } from 'apps-engine-runtime/definition/users';
import { UserType } from 'apps-engine-runtime/definition/users';
import type { ProxiedApp } from 'apps-engine-runtime/server/ProxiedApp';
import {
	ApiBridge,
	AppActivationBridge,
	AppBridges,
	AppDetailChangesBridge,
	CloudWorkspaceBridge,
	CommandBridge,
	EnvironmentalVariableBridge,
	HttpBridge,
	LivechatBridge,
	MessageBridge,
	ModerationBridge,
	PersistenceBridge,
	RoleBridge,
	RoomBridge,
	SchedulerBridge,
	ServerSettingBridge,
	UiInteractionBridge,
	UploadBridge,
	UserBridge,
	VideoConferenceBridge,
} from 'apps-engine-runtime/server/bridges';
import type { IInternalFederationBridge, IListenerBridge } from 'apps-engine-runtime/server/bridges';
import { InternalBridge } from 'apps-engine-runtime/server/bridges/InternalBridge';
import { OAuthAppsBridge } from 'apps-engine-runtime/server/bridges/OAuthAppsBridge';
import { ThreadBridge } from 'apps-engine-runtime/server/bridges/ThreadBridge';

import { fromAppMessage, fromAppMessageUpdate, fromAppRoom, toAppMessage, toAppRoom, toAppRoomById, toAppUser, toAppUserById } from './converters';
import type { AssociationRecord, NewRoom, ScheduledJobRecord, UserKind, UserStatus, WorkspaceKeys, WorkspaceStore } from '../store/workspaceStore';

/**
 * How an app's room changes reach the workspace. Rocket.Chat runs its normal paths here
 * (room creation and addUserToRoom, room events included); the default writes the store directly,
 * and the workspace's room service can take over to fire the events.
 */
export interface RoomOperations {
	/** Creates the room with its creator and these members; answers the new room's id. */
	createRoom(room: NewRoom, memberIds: string[]): Promise<string>;
	/** Adds a member to an existing room (no inviter: Rocket.Chat's bridge passes none). */
	addMember(roomId: string, userId: string): Promise<void>;
}

export class StoreRoomOperations implements RoomOperations {
	constructor(private readonly store: WorkspaceStore) {}

	async createRoom(room: NewRoom, memberIds: string[]): Promise<string> {
		if (room.type === 'd') {
			const existing = this.store.findDirectRoom([room.creatorId, ...memberIds]);
			if (existing) return existing.id;
		}
		const created = this.store.createRoom(room);
		this.store.addMember(created.id, room.creatorId, room.type === 'd' ? [] : ['owner']);
		for (const memberId of memberIds) this.store.addMember(created.id, memberId);
		return created.id;
	}

	async addMember(roomId: string, userId: string): Promise<void> {
		this.store.addMember(roomId, userId);
	}
}

export interface BridgeContext {
	store: WorkspaceStore;
	clock: () => Date;
	roomOperations: RoomOperations;
	/** The environment variables an app may read (only NODE_ENV, ROOT_URL and INSTANCE_IP, as in Rocket.Chat). */
	environment: Record<string, string>;
}

function unsupportedError(feature: string, operation: string): Error {
	return new Error(`${feature} is not supported by the local workspace (${operation}).`);
}

/**
 * A bridge for a feature the local workspace does not offer: the engine's own methods (permission
 * checks included) run as usual, and every call that reaches the host fails with a clear error.
 */
function unsupportedBridge<T extends object>(base: { prototype: T }, feature: string): T {
	return new Proxy(Object.create(base.prototype) as T, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver);
			if (value !== undefined || typeof property === 'symbol') return value;
			return () => {
				throw unsupportedError(feature, String(property));
			};
		},
	});
}

function requireUser(store: WorkspaceStore, userId: string) {
	const user = store.getUser(userId);
	if (!user) throw new Error(`No user with id "${userId}".`);
	return user;
}

function userIdsByUsernames(store: WorkspaceStore, usernames: string[]): string[] {
	return usernames.map((username) => store.getUserByUsername(username)?.id).filter((id): id is string => id !== undefined);
}

/** Records from app code are RocketChatAssociationRecord instances, possibly proxied out of the sandbox. */
function toAssociation(record: RocketChatAssociationRecord): AssociationRecord {
	const raw = record as unknown as { model: string; id: string };
	return { model: record.getModel ? record.getModel() : raw.model, id: record.getID ? record.getID() : raw.id };
}

function requireObject(data: unknown): object {
	if (typeof data !== 'object' || data === null) throw new Error('Attempted to store an invalid data type, it must be an object.');
	return data;
}

class LocalMessageBridge extends MessageBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	protected async create(message: IMessage, appId: string): Promise<string> {
		const { store } = this.context;
		if (!message.room?.id || !store.getRoom(message.room.id)) throw new Error('Invalid room provided on the message.');
		return store.createMessage(fromAppMessage(message)).id;
	}

	protected async getById(messageId: string, appId: string): Promise<IMessage> {
		const message = this.context.store.getMessage(messageId);
		return (message && toAppMessage(this.context.store, message)) as IMessage;
	}

	protected async update(message: IMessage, appId: string): Promise<void> {
		const { store } = this.context;
		if (!message.id || !store.getMessage(message.id)) throw new Error(`No message with id "${message.id}".`);
		store.updateMessage(message.id, { ...fromAppMessageUpdate(message), editedAt: this.context.clock(), editorId: (message.editor ?? message.sender).id });
	}

	protected async notifyUser(user: IUser, message: IMessage, appId: string): Promise<void> {
		this.context.store.addNotification({ appId, roomId: message.room.id, userId: user.id, senderId: message.sender?.id, text: message.text ?? '' });
	}

	protected async notifyRoom(room: IRoom, message: IMessage, appId: string): Promise<void> {
		this.context.store.addNotification({ appId, roomId: room.id, senderId: message.sender?.id, text: message.text ?? '' });
	}

	/** Typing indicators have no lasting effect to keep. */
	protected async typing(): Promise<void> {
		return undefined;
	}

	protected async delete(message: IMessage, user: IUser, appId: string): Promise<void> {
		if (message.id) this.context.store.deleteMessage(message.id);
	}
}

class LocalRoomBridge extends RoomBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	protected async create(room: IRoom, members: string[], appId: string): Promise<string> {
		if (!['c', 'p', 'd'].includes(room.type)) throw new Error('Only channels, private groups and direct messages can be created.');
		const { store } = this.context;
		const patch = fromAppRoom(room);
		const creator = requireUser(store, room.creator.id);
		const memberIds = userIdsByUsernames(store, members).filter((id) => id !== creator.id);
		const draft: NewRoom = {
			name: patch.name ?? '',
			type: patch.type ?? 'c',
			creatorId: creator.id,
			displayName: patch.displayName,
			readOnly: patch.readOnly,
			displaySystemMessages: patch.displaySystemMessages,
			isDefault: patch.isDefault,
			customFields: patch.customFields,
		};
		return this.context.roomOperations.createRoom(draft, memberIds);
	}

	protected async getById(roomId: string, appId: string): Promise<IRoom> {
		return toAppRoomById(this.context.store, roomId) as IRoom;
	}

	protected async getByName(roomName: string, appId: string): Promise<IRoom> {
		const room = this.context.store.getRoomByName(roomName);
		return (room && toAppRoom(this.context.store, room)) as IRoom;
	}

	protected async getCreatorById(roomId: string, appId: string): Promise<IUser | undefined> {
		const room = this.context.store.getRoom(roomId);
		return room && toAppUserById(this.context.store, room.creatorId);
	}

	protected async getCreatorByName(roomName: string, appId: string): Promise<IUser | undefined> {
		const room = this.context.store.getRoomByName(roomName);
		return room && toAppUserById(this.context.store, room.creatorId);
	}

	protected async getDirectByUsernames(usernames: string[], appId: string): Promise<IRoom | undefined> {
		const { store } = this.context;
		const wanted = userIdsByUsernames(store, usernames);
		if (wanted.length < usernames.length) return undefined;
		// Rocket.Chat looks for a direct room containing all these usernames.
		const room = store.listRooms().find((candidate) => candidate.type === 'd' && wanted.every((userId) => store.isMember(candidate.id, userId)));
		return room && toAppRoom(store, room);
	}

	protected async getMembers(roomId: string, appId: string): Promise<IUser[]> {
		const { store } = this.context;
		return store
			.getMemberIds(roomId)
			.map((userId) => toAppUserById(store, userId))
			.filter((user): user is IUser => user !== undefined);
	}

	protected async update(room: IRoom, members: string[] = [], appId: string): Promise<void> {
		const { store } = this.context;
		if (!room.id || !store.getRoom(room.id)) throw new Error('A room must exist to update.');
		store.updateRoom(room.id, fromAppRoom(room));
		for (const userId of userIdsByUsernames(store, members)) {
			if (!store.isMember(room.id, userId)) await this.context.roomOperations.addMember(room.id, userId);
		}
	}

	protected async createDiscussion(): Promise<string> {
		throw unsupportedError('Creating discussions', 'createDiscussion');
	}

	/** Rocket.Chat's bridge removes the room and fires no room events. */
	protected async delete(roomId: string, appId: string): Promise<void> {
		this.context.store.deleteRoom(roomId);
	}

	protected async getModerators(roomId: string, appId: string): Promise<IUser[]> {
		return this.membersWithRole(roomId, 'moderator');
	}

	protected async getOwners(roomId: string, appId: string): Promise<IUser[]> {
		return this.membersWithRole(roomId, 'owner');
	}

	protected async getLeaders(roomId: string, appId: string): Promise<IUser[]> {
		return this.membersWithRole(roomId, 'leader');
	}

	private membersWithRole(roomId: string, role: string): IUser[] {
		const { store } = this.context;
		return store
			.listMemberships(roomId)
			.filter((membership) => membership.roles.includes(role))
			.map((membership) => toAppUserById(store, membership.userId))
			.filter((user): user is IUser => user !== undefined);
	}
}

const USER_STATUSES: UserStatus[] = ['online', 'away', 'busy', 'offline'];

class LocalUserBridge extends UserBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	protected async getById(id: string, appId: string): Promise<IUser> {
		return toAppUserById(this.context.store, id) as IUser;
	}

	protected async getByUsername(username: string, appId: string): Promise<IUser> {
		const user = this.context.store.getUserByUsername(username);
		return (user && toAppUser(user)) as IUser;
	}

	protected async getAppUser(appId?: string): Promise<IUser | undefined> {
		const user = appId === undefined ? undefined : this.context.store.getAppUser(appId);
		return user && toAppUser(user);
	}

	protected async getActiveUserCount(): Promise<number> {
		return this.context.store.listUsers().filter((user) => user.active && user.type === 'user').length;
	}

	protected async getUserUnreadMessageCount(): Promise<number> {
		throw unsupportedError('Unread message counts', 'getUserUnreadMessageCount');
	}

	/** Apps may create bot users and, at install, their own app user; nobody else (as in Rocket.Chat). */
	protected async create(data: Partial<IUser>, appId: string, options?: IUserCreationOptions): Promise<string> {
		const { store } = this.context;
		if (data.type !== UserType.APP && data.type !== UserType.BOT) throw new Error('Creating normal users is currently not supported');
		if (!data.username) throw new Error('A user needs a username.');
		const user = store.createUser({
			username: data.username,
			name: data.name,
			roles: data.roles ?? [data.type],
			type: data.type as UserKind,
			status: USER_STATUSES.includes(data.status as UserStatus) ? (data.status as UserStatus) : 'online',
			appId,
		});
		if (options?.joinDefaultChannels) {
			// Joining default channels at user creation fires no room events in Rocket.Chat.
			for (const room of store.listRooms().filter((candidate) => candidate.isDefault)) store.addMember(room.id, user.id);
		}
		return user.id;
	}

	protected async remove(user: IUser, appId: string): Promise<boolean> {
		return this.context.store.deleteUser(user.id);
	}

	protected async update(user: IUser, updates: Partial<IUser>, appId: string): Promise<boolean> {
		const status = USER_STATUSES.includes(updates.status as UserStatus) ? (updates.status as UserStatus) : undefined;
		this.context.store.updateUser(user.id, {
			...(updates.name !== undefined && { name: updates.name }),
			...(status && { status }),
			...(updates.customFields !== undefined && { customFields: updates.customFields }),
		});
		return true;
	}

	protected async deleteUsersCreatedByApp(appId: string, type: UserType.APP | UserType.BOT): Promise<boolean> {
		const { store } = this.context;
		const kind: UserKind = type === UserType.APP ? 'app' : 'bot';
		const created = store.listUsers().filter((user) => user.appId === appId && user.type === kind);
		for (const user of created) store.deleteUser(user.id);
		return created.length > 0;
	}

	protected async deactivate(userId: string, confirmRelinquish: boolean, appId: string): Promise<boolean> {
		const { store } = this.context;
		const user = requireUser(store, userId);
		const otherActiveAdmins = store.listUsers().filter((candidate) => candidate.id !== userId && candidate.active && candidate.roles.includes('admin'));
		if (user.roles.includes('admin') && otherActiveAdmins.length === 0) throw new Error('The last active admin cannot be deactivated.');
		store.updateUser(userId, { active: false });
		return true;
	}
}

/**
 * Rocket.Chat's persistence bridge: records belong to one app; reads match with `$all` on
 * associations, updates with an exact association list; update by id is not implemented.
 */
class LocalPersistenceBridge extends PersistenceBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	protected async purge(appId: string): Promise<void> {
		this.context.store.purgeRecords(appId);
	}

	protected async create(data: object, appId: string): Promise<string> {
		return this.context.store.createRecord(appId, requireObject(data));
	}

	protected async createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string> {
		return this.context.store.createRecord(appId, requireObject(data), associations.map(toAssociation));
	}

	protected async readById(id: string, appId: string): Promise<object> {
		return this.context.store.readRecord(appId, id) as object;
	}

	protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
		return this.context.store.readRecordsByAssociations(appId, associations.map(toAssociation));
	}

	protected async remove(id: string, appId: string): Promise<object | undefined> {
		return this.context.store.removeRecord(appId, id);
	}

	protected async removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined> {
		return this.context.store.removeRecordsByAssociations(appId, associations.map(toAssociation));
	}

	protected async update(id: string, data: object, upsert: boolean, appId: string): Promise<string> {
		requireObject(data);
		throw new Error('Not implemented. (Rocket.Chat does not implement persistence update by id: use updateByAssociation(s).)');
	}

	protected async updateByAssociations(associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string): Promise<string> {
		return this.context.store.updateRecordByAssociations(appId, associations.map(toAssociation), requireObject(data), upsert) as string;
	}
}

const DURATION_UNITS: Array<[RegExp, number]> = [
	[/^(ms|milliseconds?)$/, 1],
	[/^(s|secs?|seconds?)$/, 1000],
	[/^(m|mins?|minutes?)$/, 60 * 1000],
	[/^(h|hrs?|hours?)$/, 60 * 60 * 1000],
	[/^(d|days?)$/, 24 * 60 * 60 * 1000],
	[/^(w|weeks?)$/, 7 * 24 * 60 * 60 * 1000],
];

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/**
 * Milliseconds in an interval as Agenda reads it (human-interval): a number of milliseconds, or
 * text such as '30 seconds', '1 minute', 'one hour and 30 minutes'. Cron patterns are refused.
 */
export function parseInterval(interval: string | number): number {
	if (typeof interval === 'number') {
		if (!(interval > 0)) throw new Error(`Invalid job interval: ${interval}.`);
		return interval;
	}
	const text = interval
		.toLowerCase()
		.replace(/,|\band\b/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return parseInterval(Number(text));
	const term = /(\d+(?:\.\d+)?|[a-z]+) ?([a-z]+) ?/y;
	let total = 0;
	while (term.lastIndex < text.length) {
		const match = term.exec(text);
		const amount = match && (NUMBER_WORDS[match[1]] ?? Number(match[1]));
		const unit = match && DURATION_UNITS.find(([pattern]) => pattern.test(match[2]));
		if (!unit || !amount || !Number.isFinite(amount)) {
			throw new Error(
				`Unsupported job interval "${interval}": use milliseconds or text like '30 seconds', '5 minutes', '1 hour' (cron patterns are not supported by the local workspace).`,
			);
		}
		total += amount * unit[1];
	}
	if (total === 0) throw new Error(`Invalid job interval "${interval}".`);
	return total;
}

/** When a one-off job runs: a Date, 'now', a delay such as 'in 5 minutes' (as Agenda reads it), or a date string. */
function parseWhen(when: string | Date, now: Date): Date {
	if (typeof when !== 'string') return new Date(when.getTime());
	const text = when.trim().toLowerCase();
	if (text === 'now') return now;
	const delay = text.replace(/^in /, '');
	if (!/^\d{4}-/.test(delay)) {
		try {
			return new Date(now.getTime() + parseInterval(delay));
		} catch {
			// Not a delay: read it as a date.
		}
	}
	const date = new Date(when);
	if (Number.isNaN(date.getTime())) throw new Error(`Unsupported job time "${when}": use a Date, a date string, 'now' or a delay like 'in 5 minutes'.`);
	return date;
}

function newJobId(): string {
	return randomBytes(12).toString('hex');
}

export interface RegisteredProcessor {
	appId: string;
	/** The engine's wrapper: runs the app's processor in its sandbox with read, modify, http and persistence. */
	run: (jobContext: IJobContext) => Promise<void>;
}

/**
 * Keeps the processors apps register and turns schedules into stored jobs, with Agenda's rules as
 * Rocket.Chat uses them: a recurring job is one job per processor (scheduling it again replaces
 * it); one-off jobs accumulate. The engine host decides when jobs run.
 */
export class LocalSchedulerBridge extends SchedulerBridge {
	private readonly processors = new Map<string, RegisteredProcessor>();

	constructor(private readonly context: BridgeContext) {
		super();
	}

	getProcessor(processorId: string): RegisteredProcessor | undefined {
		return this.processors.get(processorId);
	}

	listProcessorIds(appId?: string): string[] {
		return [...this.processors.entries()].filter(([, processor]) => appId === undefined || processor.appId === appId).map(([id]) => id);
	}

	protected async registerProcessors(processors: IProcessor[] = [], appId: string): Promise<void | string[]> {
		const startupJobIds: string[] = [];
		for (const { id, processor, startupSetting } of processors) {
			this.processors.set(id, { appId, run: processor as (jobContext: IJobContext) => Promise<void> });
			if (startupSetting?.type === StartupType.ONETIME) {
				const pending = this.context.store.listJobs(appId).some((job) => job.processorId === id && job.kind === 'once');
				if (!pending) startupJobIds.push(await this.scheduleOnce({ id, when: startupSetting.when, data: startupSetting.data }, appId));
			} else if (startupSetting?.type === StartupType.RECURRING) {
				const { interval, skipImmediate, data } = startupSetting;
				startupJobIds.push(await this.scheduleRecurring({ id, interval, skipImmediate, data }, appId));
			}
		}
		return startupJobIds.length > 0 ? startupJobIds : undefined;
	}

	protected async scheduleOnce({ id, when, data }: IOnetimeSchedule, appId: string): Promise<string> {
		const job: ScheduledJobRecord = {
			id: newJobId(),
			appId,
			processorId: id,
			kind: 'once',
			nextRunAt: parseWhen(when, this.context.clock()),
			data: { ...data },
		};
		this.context.store.saveJob(job);
		return job.id;
	}

	protected async scheduleRecurring({ id, interval, skipImmediate = false, data }: IRecurringSchedule, appId: string): Promise<string> {
		const now = this.context.clock();
		const intervalMs = parseInterval(interval);
		const existing = this.context.store.listJobs(appId).find((job) => job.processorId === id && job.kind === 'recurring');
		// Like Agenda's `every`, re-scheduling keeps a pending run unless the first run is to be skipped.
		const nextRunAt = skipImmediate ? new Date(now.getTime() + intervalMs) : (existing?.nextRunAt ?? now);
		const job: ScheduledJobRecord = {
			...existing,
			id: existing?.id ?? newJobId(),
			appId,
			processorId: id,
			kind: 'recurring',
			nextRunAt,
			intervalMs,
			data: { ...data },
		};
		this.context.store.saveJob(job);
		return job.id;
	}

	/**
	 * The engine passes `<id>_<appId>`. As in Rocket.Chat, an id returned by scheduleOnce or
	 * scheduleRecurring cancels that job; anything else cancels every job of that processor.
	 */
	protected async cancelJob(jobId: string, appId: string): Promise<void> {
		const [leading] = jobId.split('_');
		if (/^[0-9a-f]{24}$/.test(leading)) this.context.store.removeJob(leading);
		else this.context.store.removeJobsOfProcessor(jobId);
	}

	protected async cancelAllJobs(appId: string): Promise<void> {
		this.context.store.removeJobsOfApp(appId);
	}
}

class LocalInternalBridge extends InternalBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	protected async getUsernamesOfRoomById(roomId: string): Promise<string[]> {
		return this.getUsernamesOfRoomByIdSync(roomId);
	}

	protected getUsernamesOfRoomByIdSync(roomId: string): string[] {
		const { store } = this.context;
		return store
			.getMemberIds(roomId)
			.map((userId) => store.getUser(userId)?.username)
			.filter((username): username is string => username !== undefined);
	}

	/** Only marketplace licences use the cloud workspace key; a local workspace has none. */
	protected async getWorkspacePublicKey(): Promise<ISetting> {
		return serverSetting('Cloud_Workspace_PublicKey', '');
	}
}

/** Generating a key pair takes a noticeable moment: one per process serves every store that has none yet. */
let processKeys: WorkspaceKeys | undefined;

/** Signs installed apps: the key pair is kept in the store so signatures still verify after a restart. */
class LocalFederationBridge implements IInternalFederationBridge {
	constructor(private readonly context: BridgeContext) {}

	async getPrivateKey(): Promise<string> {
		return this.keys().privateKey;
	}

	async getPublicKey(): Promise<string> {
		return this.keys().publicKey;
	}

	private keys(): WorkspaceKeys {
		const { store } = this.context;
		const stored = store.getKeys();
		if (stored) return stored;
		processKeys ??= generateKeyPairSync('rsa', {
			modulusLength: 2048,
			publicKeyEncoding: { type: 'spki', format: 'pem' },
			privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		});
		store.setKeys(processKeys);
		return processKeys;
	}
}

const READABLE_ENVIRONMENT_VARIABLES = ['NODE_ENV', 'ROOT_URL', 'INSTANCE_IP'];

class LocalEnvironmentalVariableBridge extends EnvironmentalVariableBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	protected async getValueByName(envVarName: string, appId: string): Promise<string | undefined> {
		if (!(await this.isReadable(envVarName, appId))) throw new Error(`The environment variable "${envVarName}" is not readable.`);
		return this.context.environment[envVarName];
	}

	protected async isReadable(envVarName: string, appId: string): Promise<boolean> {
		return READABLE_ENVIRONMENT_VARIABLES.includes(envVarName.toUpperCase());
	}

	protected async isSet(envVarName: string, appId: string): Promise<boolean> {
		if (!(await this.isReadable(envVarName, appId))) throw new Error(`The environment variable "${envVarName}" is not readable.`);
		return this.context.environment[envVarName] !== undefined;
	}
}

function settingType(value: unknown): SettingType {
	if (typeof value === 'boolean') return SettingType.BOOLEAN;
	if (typeof value === 'number') return SettingType.NUMBER;
	return SettingType.STRING;
}

function serverSetting(id: string, value: unknown): ISetting {
	return { id, type: settingType(value), value, packageValue: value, required: false, public: true, i18nLabel: id };
}

class LocalServerSettingBridge extends ServerSettingBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	protected async getAll(appId: string): Promise<ISetting[]> {
		const settings = this.context.store.listServerSettings();
		return Object.keys(settings).map((id) => serverSetting(id, settings[id]));
	}

	protected async getOneById(id: string, appId: string): Promise<ISetting> {
		return (id in this.context.store.listServerSettings() ? serverSetting(id, this.context.store.getServerSetting(id)) : undefined) as ISetting;
	}

	protected async hideGroup(): Promise<void> {
		throw unsupportedError('Hiding server settings', 'hideGroup');
	}

	protected async hideSetting(): Promise<void> {
		throw unsupportedError('Hiding server settings', 'hideSetting');
	}

	protected async isReadableById(id: string, appId: string): Promise<boolean> {
		return id in this.context.store.listServerSettings();
	}

	protected async updateOne(setting: ISetting, appId: string): Promise<void> {
		this.context.store.setServerSetting(setting.id, setting.value);
	}

	protected async incrementValue(id: string, value: number, appId: string): Promise<void> {
		const current = this.context.store.getServerSetting(id);
		this.context.store.setServerSetting(id, (typeof current === 'number' ? current : 0) + value);
	}
}

/** Slash commands are only registered (so apps that declare some can start); nothing runs them. */
class LocalCommandBridge extends CommandBridge {
	private readonly commands = new Map<string, string>();

	protected async doesCommandExist(command: string, appId: string): Promise<boolean> {
		return this.commands.has(command.toLowerCase());
	}

	protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
		this.commands.set(command.command.toLowerCase(), appId);
	}

	protected async unregisterCommand(command: string, appId: string): Promise<void> {
		this.commands.delete(command.toLowerCase());
	}

	protected async enableCommand(): Promise<void> {
		throw unsupportedError('Changing system slash commands', 'enableCommand');
	}

	protected async disableCommand(): Promise<void> {
		throw unsupportedError('Changing system slash commands', 'disableCommand');
	}

	protected async modifyCommand(): Promise<void> {
		throw unsupportedError('Changing system slash commands', 'modifyCommand');
	}
}

const SYSTEM_ROLES: Array<Pick<IRole, 'id' | 'scope' | 'description'>> = [
	{ id: 'admin', scope: 'Users', description: 'Admin' },
	{ id: 'user', scope: 'Users', description: 'User' },
	{ id: 'guest', scope: 'Users', description: 'Guest' },
	{ id: 'bot', scope: 'Users', description: 'Bot' },
	{ id: 'app', scope: 'Users', description: 'App' },
	{ id: 'anonymous', scope: 'Users', description: 'Anonymous' },
	{ id: 'owner', scope: 'Subscriptions', description: 'Owner' },
	{ id: 'moderator', scope: 'Subscriptions', description: 'Moderator' },
	{ id: 'leader', scope: 'Subscriptions', description: 'Leader' },
];

/** Roles are Rocket.Chat's system roles plus every other role some user holds (the custom ones). */
class LocalRoleBridge extends RoleBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	protected async getOneByIdOrName(idOrName: string, appId: string): Promise<IRole | null> {
		const system = SYSTEM_ROLES.find((role) => role.id === idOrName);
		if (system) return { ...system, name: system.id, protected: true };
		return (await this.getCustomRoles(appId)).find((role) => role.id === idOrName) ?? null;
	}

	protected async getCustomRoles(appId: string): Promise<IRole[]> {
		const held = new Set<string>();
		for (const user of this.context.store.listUsers()) user.roles.forEach((role) => held.add(role));
		return [...held]
			.filter((role) => !SYSTEM_ROLES.some((system) => system.id === role))
			.map((role) => ({ id: role, name: role, description: '', protected: false, scope: 'Users' as const }));
	}
}

class LocalThreadBridge extends ThreadBridge {
	constructor(private readonly context: BridgeContext) {
		super();
	}

	/** The thread's first message, then its replies oldest first. */
	protected async getById(messageId: string, appId: string): Promise<IMessage[]> {
		const { store } = this.context;
		const first = store.getMessage(messageId);
		if (!first) return [];
		const replies = store.listMessages(first.roomId).filter((message) => message.threadId === messageId);
		return [first, ...replies].map((message) => toAppMessage(store, message));
	}
}

/** The engine tells the host about app lifecycle changes; the host reads statuses from the engine instead. */
class LocalAppActivationBridge extends AppActivationBridge {
	protected async appAdded(app: ProxiedApp): Promise<void> {
		return undefined;
	}

	protected async appUpdated(app: ProxiedApp): Promise<void> {
		return undefined;
	}

	protected async appRemoved(app: ProxiedApp): Promise<void> {
		return undefined;
	}

	protected async appStatusChanged(): Promise<void> {
		return undefined;
	}

	protected async actionsChanged(): Promise<void> {
		return undefined;
	}
}

/** Other server instances would hear of setting changes here; the local workspace is a single instance. */
class LocalAppDetailChangesBridge extends AppDetailChangesBridge {
	protected onAppSettingsChange(): void {
		return undefined;
	}
}

/** Rocket.Chat uses this bridge to hand events to apps from its side; the host fires them through the listener manager. */
const listenerBridge: IListenerBridge = {
	messageEvent: async () => undefined,
	roomEvent: async () => undefined,
	uiKitInteractionEvent: async () => undefined,
};

export class WorkspaceBridges extends AppBridges {
	private readonly messageBridge: LocalMessageBridge;

	private readonly roomBridge: LocalRoomBridge;

	private readonly userBridge: LocalUserBridge;

	private readonly persistenceBridge: LocalPersistenceBridge;

	private readonly schedulerBridge: LocalSchedulerBridge;

	private readonly internalBridge: LocalInternalBridge;

	private readonly federationBridge: LocalFederationBridge;

	private readonly environmentalVariableBridge: LocalEnvironmentalVariableBridge;

	private readonly serverSettingBridge: LocalServerSettingBridge;

	private readonly commandBridge = new LocalCommandBridge();

	private readonly roleBridge: LocalRoleBridge;

	private readonly threadBridge: LocalThreadBridge;

	private readonly appActivationBridge = new LocalAppActivationBridge();

	private readonly appDetailChangesBridge = new LocalAppDetailChangesBridge();

	private readonly apiBridge = unsupportedBridge(ApiBridge, 'App HTTP endpoints');

	private readonly httpBridge = unsupportedBridge(HttpBridge, 'Outgoing HTTP requests');

	private readonly livechatBridge = unsupportedBridge(LivechatBridge, 'Omnichannel');

	private readonly uploadBridge = unsupportedBridge(UploadBridge, 'File uploads');

	private readonly uiInteractionBridge = unsupportedBridge(UiInteractionBridge, 'UI Kit interactions');

	private readonly cloudWorkspaceBridge = unsupportedBridge(CloudWorkspaceBridge, 'Cloud workspace tokens');

	private readonly videoConferenceBridge = unsupportedBridge(VideoConferenceBridge, 'Video conferences');

	private readonly oAuthAppsBridge = unsupportedBridge(OAuthAppsBridge, 'OAuth apps');

	private readonly moderationBridge = unsupportedBridge(ModerationBridge, 'Moderation');

	constructor(context: BridgeContext) {
		super();
		this.messageBridge = new LocalMessageBridge(context);
		this.roomBridge = new LocalRoomBridge(context);
		this.userBridge = new LocalUserBridge(context);
		this.persistenceBridge = new LocalPersistenceBridge(context);
		this.schedulerBridge = new LocalSchedulerBridge(context);
		this.internalBridge = new LocalInternalBridge(context);
		this.federationBridge = new LocalFederationBridge(context);
		this.environmentalVariableBridge = new LocalEnvironmentalVariableBridge(context);
		this.serverSettingBridge = new LocalServerSettingBridge(context);
		this.roleBridge = new LocalRoleBridge(context);
		this.threadBridge = new LocalThreadBridge(context);
	}

	getCommandBridge(): CommandBridge {
		return this.commandBridge;
	}

	getApiBridge(): ApiBridge {
		return this.apiBridge;
	}

	getAppDetailChangesBridge(): AppDetailChangesBridge {
		return this.appDetailChangesBridge;
	}

	getEnvironmentalVariableBridge(): EnvironmentalVariableBridge {
		return this.environmentalVariableBridge;
	}

	getHttpBridge(): HttpBridge {
		return this.httpBridge;
	}

	getListenerBridge(): IListenerBridge {
		return listenerBridge;
	}

	getLivechatBridge(): LivechatBridge {
		return this.livechatBridge;
	}

	getMessageBridge(): MessageBridge {
		return this.messageBridge;
	}

	getPersistenceBridge(): PersistenceBridge {
		return this.persistenceBridge;
	}

	getAppActivationBridge(): AppActivationBridge {
		return this.appActivationBridge;
	}

	getRoomBridge(): RoomBridge {
		return this.roomBridge;
	}

	getInternalBridge(): InternalBridge {
		return this.internalBridge;
	}

	getInternalFederationBridge(): IInternalFederationBridge {
		return this.federationBridge;
	}

	getServerSettingBridge(): ServerSettingBridge {
		return this.serverSettingBridge;
	}

	getUploadBridge(): UploadBridge {
		return this.uploadBridge;
	}

	getUserBridge(): UserBridge {
		return this.userBridge;
	}

	getUiInteractionBridge(): UiInteractionBridge {
		return this.uiInteractionBridge;
	}

	getSchedulerBridge(): LocalSchedulerBridge {
		return this.schedulerBridge;
	}

	getCloudWorkspaceBridge(): CloudWorkspaceBridge {
		return this.cloudWorkspaceBridge;
	}

	getVideoConferenceBridge(): VideoConferenceBridge {
		return this.videoConferenceBridge;
	}

	getOAuthAppsBridge(): OAuthAppsBridge {
		return this.oAuthAppsBridge;
	}

	getModerationBridge(): ModerationBridge {
		return this.moderationBridge;
	}

	getThreadBridge(): ThreadBridge {
		return this.threadBridge;
	}

	getRoleBridge(): RoleBridge {
		return this.roleBridge;
	}
}
