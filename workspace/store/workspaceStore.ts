import type { IAppStorageItem } from 'apps-engine-deno/server/storage';

import { newId, newObjectId } from './ids';
import { cloneData, fromJsonValue, toJsonValue } from './jsonCodec';
import { SNAPSHOT_FORMAT } from './records';
import type {
	AssociationRecord,
	MembershipRecord,
	MessagePatch,
	MessageRecord,
	NewMessage,
	NewRoom,
	NewUser,
	NotificationRecord,
	PersistenceRecord,
	RoomPatch,
	RoomRecord,
	ScheduledJobRecord,
	TeamRecord,
	UserPatch,
	UserRecord,
	WorkspaceKeys,
	WorkspaceSnapshot,
	WorkspaceState,
} from './records';

export { newId } from './ids';
export type {
	UserKind,
	UserStatus,
	UserRecord,
	LoginTokenRecord,
	RoomKind,
	RoomRecord,
	MembershipRecord,
	TeamKind,
	TeamRecord,
	MessageRecord,
	NotificationRecord,
	AssociationRecord,
	PersistenceRecord,
	ScheduledJobRecord,
	WorkspaceKeys,
	NewUser,
	NewRoom,
	NewMessage,
	UserPatch,
	RoomPatch,
	MessagePatch,
	WorkspaceSnapshot,
} from './records';

/** The room fields that may be absent, which updateRoom removes when given as undefined. */
const OPTIONAL_ROOM_FIELDS = ['description', 'topic', 'teamId', 'teamMain', 'parentRoomId'] as const;

function sameAssociation(a: AssociationRecord, b: AssociationRecord): boolean {
	return a.model === b.model && a.id === b.id;
}

/**
 * The local workspace's data: users, rooms, memberships, messages, and what the Apps-Engine
 * keeps for apps (installed packages and their settings, app persistence, scheduled jobs).
 * Every read returns a copy, so callers (and app code) never change stored records in place.
 */
export class WorkspaceStore {
	private state: WorkspaceState;

	private readonly changeListeners = new Set<() => void>();

	constructor(private readonly now: () => Date = () => new Date()) {
		this.state = {
			users: [],
			rooms: [],
			teams: [],
			memberships: [],
			messages: [],
			notifications: [],
			persistence: [],
			jobs: [],
			apps: [],
			appPackages: {},
			serverSettings: {},
		};
	}

	/** Reads what toJSON() wrote (parsed JSON, typically read back from disk). */
	static fromJSON(json: unknown, now?: () => Date): WorkspaceStore {
		const snapshot = json as Partial<WorkspaceSnapshot> | null;
		if (snapshot?.format !== SNAPSHOT_FORMAT || snapshot.state === undefined) {
			throw new Error(`Not a workspace snapshot: it must come from WorkspaceStore.toJSON() (format ${JSON.stringify(SNAPSHOT_FORMAT)}).`);
		}
		const store = new WorkspaceStore(now);
		store.state = { ...store.state, ...(fromJsonValue(snapshot.state) as Partial<WorkspaceState>) };
		return store;
	}

	toJSON(): WorkspaceSnapshot {
		return { format: SNAPSHOT_FORMAT, state: toJsonValue(this.state) ?? null };
	}

	/** Calls `listener` after every change (to save the workspace); answers the function that stops the calls. */
	onChange(listener: () => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	private changed(): void {
		this.changeListeners.forEach((listener) => listener());
	}

	// Users

	createUser(input: NewUser): UserRecord {
		if (this.findUserByUsername(input.username)) throw new Error(`The username "${input.username}" is already taken.`);
		const createdAt = input.createdAt ?? this.now();
		const user: UserRecord = {
			id: input.id ?? newId(),
			username: input.username,
			name: input.name ?? input.username,
			roles: input.roles ?? ['user'],
			type: input.type ?? 'user',
			active: input.active ?? true,
			status: input.status ?? 'offline',
			createdAt,
			updatedAt: createdAt,
			email: input.email,
			appId: input.appId,
			customFields: input.customFields,
			passwordHash: input.passwordHash,
			passwordSalt: input.passwordSalt,
		};
		this.state.users.push(cloneData(user));
		this.changed();
		return user;
	}

	getUser(id: string): UserRecord | undefined {
		return cloneData(this.state.users.find((user) => user.id === id));
	}

	getUserByUsername(username: string): UserRecord | undefined {
		return cloneData(this.findUserByUsername(username));
	}

	/** Rocket.Chat's findOneByUsernameIgnoringCase, which most of its user lookups use. */
	getUserByUsernameIgnoringCase(username: string): UserRecord | undefined {
		const wanted = username.toLowerCase();
		return cloneData(this.findUserByUsername(username) ?? this.state.users.find((user) => user.username.toLowerCase() === wanted));
	}

	/** E-mail addresses are compared ignoring case. */
	getUserByEmail(email: string): UserRecord | undefined {
		const wanted = email.toLowerCase();
		return cloneData(this.state.users.find((user) => user.email?.toLowerCase() === wanted));
	}

	getAppUser(appId: string): UserRecord | undefined {
		return cloneData(this.state.users.find((user) => user.appId === appId && user.type === 'app'));
	}

	listUsers(): UserRecord[] {
		return cloneData(this.state.users);
	}

	updateUser(id: string, patch: UserPatch): UserRecord {
		const user = this.state.users.find((candidate) => candidate.id === id);
		if (!user) throw new Error(`No user with id "${id}".`);
		if (patch.username !== undefined && patch.username !== user.username && this.findUserByUsername(patch.username)) {
			throw new Error(`The username "${patch.username}" is already taken.`);
		}
		Object.assign(user, cloneData(patch), { updatedAt: this.now() });
		this.changed();
		return cloneData(user);
	}

	/** Removes the user and their memberships. */
	deleteUser(id: string): boolean {
		const before = this.state.users.length;
		this.state.users = this.state.users.filter((user) => user.id !== id);
		this.state.memberships = this.state.memberships.filter((membership) => membership.userId !== id);
		this.changed();
		return this.state.users.length < before;
	}

	private findUserByUsername(username: string): UserRecord | undefined {
		return this.state.users.find((user) => user.username === username);
	}

	// Rooms

	createRoom(input: NewRoom): RoomRecord {
		if (input.type !== 'd' && this.findRoomByName(input.name)) throw new Error(`A room named "${input.name}" already exists.`);
		if (!this.state.users.some((user) => user.id === input.creatorId)) throw new Error(`No user with id "${input.creatorId}".`);
		const createdAt = input.createdAt ?? this.now();
		const room: RoomRecord = {
			id: input.id ?? newId(),
			name: input.name,
			displayName: input.displayName ?? input.name,
			type: input.type,
			creatorId: input.creatorId,
			createdAt,
			updatedAt: createdAt,
			readOnly: input.readOnly ?? false,
			displaySystemMessages: input.displaySystemMessages ?? true,
			isDefault: input.isDefault ?? false,
			customFields: input.customFields ?? {},
			description: input.description,
			topic: input.topic,
			teamId: input.teamId,
			teamMain: input.teamMain,
			parentRoomId: input.parentRoomId,
		};
		this.state.rooms.push(cloneData(room));
		this.changed();
		return room;
	}

	getRoom(id: string): RoomRecord | undefined {
		return cloneData(this.state.rooms.find((room) => room.id === id));
	}

	getRoomByName(name: string): RoomRecord | undefined {
		return cloneData(this.findRoomByName(name));
	}

	listRooms(): RoomRecord[] {
		return cloneData(this.state.rooms);
	}

	/** Changes the given fields; an optional field given as undefined is removed (a room leaving its team). */
	updateRoom(id: string, patch: RoomPatch): RoomRecord {
		const room = this.state.rooms.find((candidate) => candidate.id === id);
		if (!room) throw new Error(`No room with id "${id}".`);
		const renamed = patch.name !== undefined && patch.name !== room.name;
		if (renamed && room.type !== 'd' && this.findRoomByName(patch.name as string)) {
			throw new Error(`A room named "${patch.name}" already exists.`);
		}
		for (const key of OPTIONAL_ROOM_FIELDS) {
			if (key in patch && patch[key] === undefined) delete room[key];
		}
		Object.assign(room, cloneData(patch), { updatedAt: this.now() });
		this.changed();
		return cloneData(room);
	}

	/** Removes the room with its memberships and messages, as deleting a room in Rocket.Chat does. */
	deleteRoom(id: string): boolean {
		const before = this.state.rooms.length;
		this.state.rooms = this.state.rooms.filter((room) => room.id !== id);
		this.state.memberships = this.state.memberships.filter((membership) => membership.roomId !== id);
		this.state.messages = this.state.messages.filter((message) => message.roomId !== id);
		this.changed();
		return this.state.rooms.length < before;
	}

	/** The direct-message room whose members are exactly these users, if any. */
	findDirectRoom(userIds: string[]): RoomRecord | undefined {
		const wanted = new Set(userIds);
		const room = this.state.rooms.find((candidate) => {
			if (candidate.type !== 'd') return false;
			const members = this.getMemberIds(candidate.id);
			return members.length === wanted.size && members.every((memberId) => wanted.has(memberId));
		});
		return cloneData(room);
	}

	private findRoomByName(name: string): RoomRecord | undefined {
		return this.state.rooms.find((room) => room.type !== 'd' && room.name === name);
	}

	// Teams

	createTeam(input: Omit<TeamRecord, 'id' | 'createdAt' | 'updatedAt'>): TeamRecord {
		if (this.findTeamByName(input.name)) throw new Error(`A team named "${input.name}" already exists.`);
		if (!this.state.rooms.some((room) => room.id === input.mainRoomId)) throw new Error(`No room with id "${input.mainRoomId}".`);
		const createdAt = this.now();
		const team: TeamRecord = { ...input, id: newId(), createdAt, updatedAt: createdAt };
		this.state.teams.push(cloneData(team));
		this.changed();
		return team;
	}

	getTeam(id: string): TeamRecord | undefined {
		return cloneData(this.state.teams.find((team) => team.id === id));
	}

	getTeamByName(name: string): TeamRecord | undefined {
		return cloneData(this.findTeamByName(name));
	}

	/** Removes the team only: its rooms are deleted or detached by the caller, as Rocket.Chat's eraseTeam does. */
	deleteTeam(id: string): boolean {
		const before = this.state.teams.length;
		this.state.teams = this.state.teams.filter((team) => team.id !== id);
		this.changed();
		return this.state.teams.length < before;
	}

	private findTeamByName(name: string): TeamRecord | undefined {
		return this.state.teams.find((team) => team.name === name);
	}

	// Memberships

	/** Adds the user to the room; false when they already were a member. */
	addMember(roomId: string, userId: string, roles: string[] = []): boolean {
		if (!this.state.rooms.some((room) => room.id === roomId)) throw new Error(`No room with id "${roomId}".`);
		if (!this.state.users.some((user) => user.id === userId)) throw new Error(`No user with id "${userId}".`);
		if (this.isMember(roomId, userId)) return false;
		this.state.memberships.push({ roomId, userId, roles: [...roles], joinedAt: this.now() });
		this.changed();
		return true;
	}

	removeMember(roomId: string, userId: string): boolean {
		const before = this.state.memberships.length;
		this.state.memberships = this.state.memberships.filter((membership) => !(membership.roomId === roomId && membership.userId === userId));
		this.changed();
		return this.state.memberships.length < before;
	}

	isMember(roomId: string, userId: string): boolean {
		return this.state.memberships.some((membership) => membership.roomId === roomId && membership.userId === userId);
	}

	getMembership(roomId: string, userId: string): MembershipRecord | undefined {
		return cloneData(this.state.memberships.find((membership) => membership.roomId === roomId && membership.userId === userId));
	}

	setMemberRoles(roomId: string, userId: string, roles: string[]): void {
		const membership = this.state.memberships.find((candidate) => candidate.roomId === roomId && candidate.userId === userId);
		if (!membership) throw new Error(`User "${userId}" is not a member of room "${roomId}".`);
		membership.roles = [...roles];
		this.changed();
	}

	/** Member ids in the order they joined. */
	getMemberIds(roomId: string): string[] {
		return this.state.memberships.filter((membership) => membership.roomId === roomId).map((membership) => membership.userId);
	}

	getRoomIdsOfUser(userId: string): string[] {
		return this.state.memberships.filter((membership) => membership.userId === userId).map((membership) => membership.roomId);
	}

	listMemberships(roomId: string): MembershipRecord[] {
		return cloneData(this.state.memberships.filter((membership) => membership.roomId === roomId));
	}

	// Messages

	createMessage(input: NewMessage): MessageRecord {
		if (!this.state.rooms.some((room) => room.id === input.roomId)) throw new Error(`No room with id "${input.roomId}".`);
		const now = this.now();
		const message: MessageRecord = { ...cloneData(input), id: input.id ?? newId(), ts: input.ts ?? now, updatedAt: now };
		this.state.messages.push(cloneData(message));
		this.changed();
		return message;
	}

	getMessage(id: string): MessageRecord | undefined {
		return cloneData(this.state.messages.find((message) => message.id === id));
	}

	updateMessage(id: string, patch: MessagePatch): MessageRecord {
		const message = this.state.messages.find((candidate) => candidate.id === id);
		if (!message) throw new Error(`No message with id "${id}".`);
		Object.assign(message, cloneData(patch), { updatedAt: this.now() });
		this.changed();
		return cloneData(message);
	}

	deleteMessage(id: string): boolean {
		const before = this.state.messages.length;
		this.state.messages = this.state.messages.filter((message) => message.id !== id);
		this.changed();
		return this.state.messages.length < before;
	}

	/** Messages oldest first (by `ts`, then by insertion), optionally of one room. */
	listMessages(roomId?: string): MessageRecord[] {
		const messages = this.state.messages
			.map((message, index) => ({ message, index }))
			.filter(({ message }) => roomId === undefined || message.roomId === roomId)
			.sort((a, b) => a.message.ts.getTime() - b.message.ts.getTime() || a.index - b.index)
			.map(({ message }) => message);
		return cloneData(messages);
	}

	countMessages(roomId: string): number {
		return this.state.messages.filter((message) => message.roomId === roomId).length;
	}

	// Notifications (ephemeral messages)

	addNotification(input: Omit<NotificationRecord, 'id' | 'ts'>): NotificationRecord {
		const notification: NotificationRecord = { ...cloneData(input), id: newId(), ts: this.now() };
		this.state.notifications.push(cloneData(notification));
		this.changed();
		return notification;
	}

	/** Notifications of a room and/or what one user was shown (their own and room-wide ones). */
	listNotifications(filter: { roomId?: string; userId?: string } = {}): NotificationRecord[] {
		return cloneData(
			this.state.notifications.filter(
				(notification) =>
					(filter.roomId === undefined || notification.roomId === filter.roomId) &&
					(filter.userId === undefined || notification.userId === undefined || notification.userId === filter.userId),
			),
		);
	}

	// App persistence, with the semantics of Rocket.Chat's persistence bridge

	createRecord(appId: string, data: object, associations: AssociationRecord[] = []): string {
		const record: PersistenceRecord = {
			id: newObjectId(),
			appId,
			associations: associations.map(({ model, id }) => ({ model, id })),
			data: cloneData(data) as Record<string, unknown>,
		};
		this.state.persistence.push(record);
		this.changed();
		return record.id;
	}

	readRecord(appId: string, id: string): Record<string, unknown> | undefined {
		return cloneData(this.state.persistence.find((record) => record.appId === appId && record.id === id)?.data);
	}

	/** Records carrying every one of the given associations (and possibly more): Mongo's `$all`. */
	readRecordsByAssociations(appId: string, associations: AssociationRecord[]): Array<Record<string, unknown>> {
		return cloneData(this.recordsWithAll(appId, associations).map((record) => record.data));
	}

	/** Removes the record and returns its data; undefined when there was none. */
	removeRecord(appId: string, id: string): Record<string, unknown> | undefined {
		const record = this.state.persistence.find((candidate) => candidate.appId === appId && candidate.id === id);
		if (!record) return undefined;
		this.state.persistence = this.state.persistence.filter((candidate) => candidate !== record);
		this.changed();
		return record.data;
	}

	/** Removes every record carrying all the given associations; undefined when none matched. */
	removeRecordsByAssociations(appId: string, associations: AssociationRecord[]): Array<Record<string, unknown>> | undefined {
		const matched = this.recordsWithAll(appId, associations);
		if (matched.length === 0) return undefined;
		this.state.persistence = this.state.persistence.filter((record) => !matched.includes(record));
		this.changed();
		return matched.map((record) => record.data);
	}

	/**
	 * Replaces the data of the first record whose association list equals the given one exactly
	 * (same records, same order: Rocket.Chat queries `{ associations }`, an exact array match,
	 * unlike the `$all` of reads). With `upsert`, creates the record when none matches.
	 * Returns the id written, or undefined when nothing matched and `upsert` was false.
	 */
	updateRecordByAssociations(appId: string, associations: AssociationRecord[], data: object, upsert: boolean): string | undefined {
		const record = this.state.persistence.find(
			(candidate) =>
				candidate.appId === appId &&
				candidate.associations.length === associations.length &&
				candidate.associations.every((association, index) => sameAssociation(association, associations[index])),
		);
		if (record) {
			record.data = cloneData(data) as Record<string, unknown>;
			this.changed();
			return record.id;
		}
		return upsert ? this.createRecord(appId, data, associations) : undefined;
	}

	purgeRecords(appId: string): void {
		this.state.persistence = this.state.persistence.filter((record) => record.appId !== appId);
		this.changed();
	}

	listRecords(appId: string): PersistenceRecord[] {
		return cloneData(this.state.persistence.filter((record) => record.appId === appId));
	}

	private recordsWithAll(appId: string, associations: AssociationRecord[]): PersistenceRecord[] {
		return this.state.persistence.filter(
			(record) => record.appId === appId && associations.every((wanted) => record.associations.some((held) => sameAssociation(held, wanted))),
		);
	}

	// Installed apps: the engine's metadata (with the app's settings) and the package itself

	saveInstalledApp(item: IAppStorageItem): IAppStorageItem {
		const copy = cloneData(item);
		const index = this.state.apps.findIndex((app) => app.id === item.id);
		if (index === -1) this.state.apps.push(copy);
		else this.state.apps[index] = copy;
		this.changed();
		return cloneData(copy);
	}

	getInstalledApp(appId: string): IAppStorageItem | undefined {
		return cloneData(this.state.apps.find((app) => app.id === appId));
	}

	listInstalledApps(): IAppStorageItem[] {
		return cloneData(this.state.apps);
	}

	removeInstalledApp(appId: string): boolean {
		const before = this.state.apps.length;
		this.state.apps = this.state.apps.filter((app) => app.id !== appId);
		this.changed();
		return this.state.apps.length < before;
	}

	saveAppPackage(appId: string, zip: Buffer): void {
		this.state.appPackages[appId] = zip.toString('base64');
		this.changed();
	}

	getAppPackage(appId: string): Buffer | undefined {
		const base64 = this.state.appPackages[appId];
		return base64 === undefined ? undefined : Buffer.from(base64, 'base64');
	}

	removeAppPackage(appId: string): void {
		delete this.state.appPackages[appId];
		this.changed();
	}

	// Scheduler jobs

	saveJob(job: ScheduledJobRecord): void {
		const copy = cloneData(job);
		const index = this.state.jobs.findIndex((candidate) => candidate.id === job.id);
		if (index === -1) this.state.jobs.push(copy);
		else this.state.jobs[index] = copy;
		this.changed();
	}

	getJob(id: string): ScheduledJobRecord | undefined {
		return cloneData(this.state.jobs.find((job) => job.id === id));
	}

	/** Jobs soonest first, optionally of one app. */
	listJobs(appId?: string): ScheduledJobRecord[] {
		const jobs = this.state.jobs.filter((job) => appId === undefined || job.appId === appId);
		return cloneData([...jobs].sort((a, b) => a.nextRunAt.getTime() - b.nextRunAt.getTime()));
	}

	removeJob(id: string): boolean {
		const before = this.state.jobs.length;
		this.state.jobs = this.state.jobs.filter((job) => job.id !== id);
		this.changed();
		return this.state.jobs.length < before;
	}

	removeJobsOfProcessor(processorId: string): number {
		const before = this.state.jobs.length;
		this.state.jobs = this.state.jobs.filter((job) => job.processorId !== processorId);
		this.changed();
		return before - this.state.jobs.length;
	}

	removeJobsOfApp(appId: string): number {
		const before = this.state.jobs.length;
		this.state.jobs = this.state.jobs.filter((job) => job.appId !== appId);
		this.changed();
		return before - this.state.jobs.length;
	}

	// Server settings (Rocket.Chat's own settings, such as Site_Url)

	getServerSetting(id: string): unknown {
		return cloneData(this.state.serverSettings[id]);
	}

	setServerSetting(id: string, value: unknown): void {
		this.state.serverSettings[id] = cloneData(value);
		this.changed();
	}

	listServerSettings(): Record<string, unknown> {
		return cloneData(this.state.serverSettings);
	}

	// The workspace key pair

	getKeys(): WorkspaceKeys | undefined {
		return cloneData(this.state.keys);
	}

	setKeys(keys: WorkspaceKeys): void {
		this.state.keys = cloneData(keys);
		this.changed();
	}
}
