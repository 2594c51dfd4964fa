import type { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { AuditTrail } from '../../audit/auditTrail';
import type { AppContext } from '../../handlers/appContext';
import { WorkspaceLanguage } from '../../handlers/workspaceLanguage';
import type { RoomEventsConfig } from '../../settings/settings';

/**
 * In-memory stand-ins for the Apps-Engine accessors the handlers use, for unit tests of the
 * handlers. They count server reads, so tests can check that nothing is read needlessly.
 */
export interface PostedMessage {
	/** The id the app chose (through `_unmappedProperties_`, as Rocket.Chat's converter keeps it), else a generated one. */
	id: string;
	roomId: string;
	senderId: string;
	text: string;
}

export class FakeLogger {
	public readonly entries: Array<{ level: string; text: string }> = [];

	private record =
		(level: string) =>
		(...items: unknown[]) => {
			this.entries.push({ level, text: items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ') });
		};

	public debug = this.record('debug');

	public info = this.record('info');

	public log = this.record('log');

	public warn = this.record('warn');

	public error = this.record('error');

	public success = this.record('success');

	public at(level: string): string[] {
		return this.entries.filter((entry) => entry.level === level).map((entry) => entry.text);
	}

	public asLogger(): ILogger {
		return this as unknown as ILogger;
	}
}

export function user(username: string, roles: string[] = ['user'], id = `id-${username}`): IUser {
	return { id, username, name: username, roles, type: 'user' } as unknown as IUser;
}

export function room(name: string, type: RoomType = RoomType.CHANNEL, extra: Partial<IRoom> & Record<string, unknown> = {}): IRoom {
	return { id: `rid-${name}`, slugifiedName: name, displayName: name, type, creator: user('owner'), usernames: [], ...extra } as IRoom;
}

export class FakeWorkspace {
	public readonly users = new Map<string, IUser>();

	public readonly rooms = new Map<string, IRoom>();

	public readonly members = new Map<string, string[]>();

	public readonly roles = new Set(['admin', 'user', 'guest', 'bot', 'owner', 'moderator']);

	public readonly messages: PostedMessage[] = [];

	public readonly addedMembers: Array<{ roomId: string; usernames: string[] }> = [];

	public readonly documents: Array<{ data: unknown; associations: RocketChatAssociationRecord[] }> = [];

	public reads = { users: 0, rooms: 0, members: 0 };

	/** Makes the next N posts fail, as a server would when the room is gone or busy. */
	public failingPosts = 0;

	/**
	 * Makes the next N calls of an accessor method fail after doing nothing, by method name
	 * (`createWithAssociations`, `removeByAssociations`, `getByName`...). `removeAfterDoing` fails
	 * a removal after it removed, as a server that answers late.
	 */
	public readonly failing = new Map<string, number>();

	/** Every accessor method the code under test called, in order. */
	public readonly calls: string[] = [];

	public readonly appUser = user('room-events.bot', ['bot'], 'app-user');

	/** The app's setting values by id, as the environment reader returns them. */
	public readonly settings = new Map<string, unknown>();

	/** Rocket.Chat's own settings (such as Language) by id; reading one that is not here fails, as the engine's reader does. */
	public readonly serverSettings = new Map<string, unknown>();

	/** What the app told users alone (ephemeral notifications). */
	public readonly notifications: Array<{ userId: string; roomId: string; senderId?: string; text: string }> = [];

	/**
	 * The app's settings writer. As the 1.42.1 runtime's, it stores the value after it returns
	 * (`storeAfterMs`), or never when `refuse` says so (the app's onPreSettingUpdate kept the old one).
	 */
	public settingsWriter(options: { storeAfterMs?: number; refuse?: boolean } = {}) {
		return {
			updateValue: async (id: string, value: unknown) => {
				this.call('updateSettingValue');
				if (!options.refuse) {
					setTimeout(() => this.settings.set(id, value), options.storeAfterMs ?? 0);
				}
			},
		};
	}

	public addUser(...added: IUser[]): this {
		added.forEach((u) => this.users.set(u.id, u));
		return this;
	}

	public addRoom(added: IRoom, memberIds: string[] = []): this {
		this.rooms.set(added.id, added);
		this.members.set(added.id, memberIds);
		return this;
	}

	public outbox(): Array<Record<string, unknown>> {
		return this.documents
			.filter((doc) => doc.associations.some((a) => a.getID() === 'room-events:audit-outbox'))
			.map((doc) => doc.data as Record<string, unknown>);
	}

	/** Records the call, and throws when a failure of it was asked for. */
	private call(method: string): void {
		this.calls.push(method);
		const left = this.failing.get(method) ?? 0;
		if (left > 0) {
			this.failing.set(method, left - 1);
			throw new Error(`${method} failed (test)`);
		}
	}

	public read(): IRead {
		const matches = (doc: { associations: RocketChatAssociationRecord[] }, wanted: RocketChatAssociationRecord[]) =>
			wanted.every((w) => doc.associations.some((a) => a.getModel() === w.getModel() && a.getID() === w.getID()));
		return {
			getUserReader: () => ({
				getById: async (id: string) => {
					this.call('getUserById');
					this.reads.users++;
					return this.users.get(id);
				},
				getByUsername: async (username: string) => {
					this.call('getUserByUsername');
					this.reads.users++;
					return [...this.users.values()].find((u) => u.username === username);
				},
				getAppUser: async () => {
					this.call('getAppUser');
					return this.appUser;
				},
			}),
			getRoomReader: () => ({
				getById: async (id: string) => {
					this.call('getRoomById');
					this.reads.rooms++;
					return this.rooms.get(id);
				},
				getByName: async (name: string) => {
					this.call('getRoomByName');
					this.reads.rooms++;
					return [...this.rooms.values()].find((r) => r.slugifiedName === name);
				},
				getMembers: async (id: string) => {
					this.call('getMembers');
					this.reads.members++;
					return (this.members.get(id) ?? []).map((memberId) => this.users.get(memberId) ?? user(memberId));
				},
				getAllRooms: async (filters: { types?: string[] } = {}, { limit = 100, skip = 0 } = {}) => {
					this.call('getAllRooms');
					const listed = [...this.rooms.values()].filter((r) => !filters.types || filters.types.includes(r.type));
					return listed
						.slice(skip, skip + limit)
						.map(({ id, slugifiedName, displayName, type, isDefault }) => ({ id, slugifiedName, displayName, type, isDefault }));
				},
			}),
			getEnvironmentReader: () => ({
				getSettings: () => ({
					getValueById: async (id: string) => {
						this.call('getSettingValue');
						return this.settings.get(id);
					},
				}),
				getServerSettings: () => ({
					getValueById: async (id: string) => {
						this.call('getServerSettingValue');
						if (!this.serverSettings.has(id)) {
							throw new Error(`No Server Setting found, or it is unaccessible, by the id of "${id}".`);
						}
						return this.serverSettings.get(id);
					},
				}),
			}),
			getMessageReader: () => ({
				getById: async (id: string) => {
					this.call('getMessageById');
					return this.messages.find((message) => message.id === id);
				},
			}),
			getPersistenceReader: () => ({
				readByAssociation: async (association: RocketChatAssociationRecord) => {
					this.call('readByAssociation');
					return this.documents.filter((doc) => matches(doc, [association])).map((doc) => doc.data);
				},
				readByAssociations: async (associations: RocketChatAssociationRecord[]) => {
					this.call('readByAssociations');
					return this.documents.filter((doc) => matches(doc, associations)).map((doc) => doc.data);
				},
			}),
			getRoleReader: () => ({
				getOneByIdOrName: async (name: string) => (this.roles.has(name) ? { id: name, name } : null),
				getCustomRoles: async () => [],
			}),
		} as unknown as IRead;
	}

	public persistence(): IPersistence {
		const matches = (doc: { associations: RocketChatAssociationRecord[] }, wanted: RocketChatAssociationRecord[]) =>
			wanted.every((w) => doc.associations.some((a) => a.getModel() === w.getModel() && a.getID() === w.getID()));
		const exactly = (doc: { associations: RocketChatAssociationRecord[] }, wanted: RocketChatAssociationRecord[]) =>
			doc.associations.length === wanted.length &&
			wanted.every((w, i) => doc.associations[i].getID() === w.getID() && doc.associations[i].getModel() === w.getModel());
		return {
			createWithAssociations: async (data: unknown, associations: RocketChatAssociationRecord[]) => {
				this.call('createWithAssociations');
				this.documents.push({ data: JSON.parse(JSON.stringify(data)), associations });
				return String(this.documents.length);
			},
			// As Rocket.Chat's bridge: the association list matches exactly, in order.
			updateByAssociations: async (associations: RocketChatAssociationRecord[], data: unknown, upsert: boolean) => {
				this.call('updateByAssociations');
				const existing = this.documents.find((doc) => exactly(doc, associations));
				if (existing) {
					existing.data = JSON.parse(JSON.stringify(data));
				} else if (upsert) {
					this.documents.push({ data: JSON.parse(JSON.stringify(data)), associations });
				}
				return 'updated';
			},
			removeByAssociation: async (association: RocketChatAssociationRecord) => {
				const removed = this.documents.filter((doc) => matches(doc, [association]));
				removed.forEach((doc) => this.documents.splice(this.documents.indexOf(doc), 1));
				this.call('removeByAssociation');
				return removed.map((doc) => doc.data);
			},
			removeByAssociations: async (associations: RocketChatAssociationRecord[]) => {
				const removed = this.documents.filter((doc) => matches(doc, associations));
				removed.forEach((doc) => this.documents.splice(this.documents.indexOf(doc), 1));
				this.call('removeByAssociations');
				return removed.map((doc) => doc.data);
			},
		} as unknown as IPersistence;
	}

	public modify(): IModify {
		const builderOf = (data?: { _unmappedProperties_?: { _id?: string } }) => {
			const message: Partial<PostedMessage> = { id: data?._unmappedProperties_?._id };
			const set = (fields: Partial<PostedMessage>) => {
				Object.assign(message, fields);
				return messageBuilder;
			};
			const messageBuilder = {
				message,
				setRoom: (r: IRoom) => set({ roomId: r.id }),
				setSender: (u: IUser) => set({ senderId: u.id }),
				setText: (text: string) => set({ text }),
				setGroupable: () => messageBuilder,
				getMessage: () => message,
			};
			return messageBuilder;
		};
		return {
			getNotifier: () => ({
				getMessageBuilder: () => builderOf(),
				notifyUser: async (to: IUser, message: Partial<PostedMessage>) => {
					this.call('notifyUser');
					this.notifications.push({ userId: to.id, roomId: message.roomId ?? '', senderId: message.senderId, text: message.text ?? '' });
				},
			}),
			getCreator: () => ({
				startMessage: builderOf,
				finish: async ({ message }: { message: Partial<PostedMessage> }) => {
					this.call('createMessage');
					if (this.failingPosts > 0) {
						this.failingPosts--;
						throw new Error('the server refused the message');
					}
					// As Rocket.Chat's sendMessage: a message whose id exists is not stored, and the bridge then fails.
					if (message.id && this.messages.some((posted) => posted.id === message.id)) {
						throw new TypeError("Cannot read properties of undefined (reading '_id')");
					}
					const id = message.id ?? `msg-${this.messages.length + 1}`;
					this.messages.push({ ...(message as PostedMessage), id });
					return id;
				},
			}),
			getUpdater: () => ({
				room: async (roomId: string) => {
					const usernames: string[] = [];
					return { roomId, usernames, addMemberToBeAddedByUsername: (name: string) => usernames.push(name) };
				},
				finish: async (builder: { roomId: string; usernames: string[] }) => {
					this.addedMembers.push({ roomId: builder.roomId, usernames: builder.usernames });
				},
			}),
		} as unknown as IModify;
	}
}

export function appContext(config: RoomEventsConfig, logger = new FakeLogger(), audit = new AuditTrail()): AppContext & { fakeLogger: FakeLogger } {
	return { config, logger: logger.asLogger(), audit, workspaceLanguage: new WorkspaceLanguage(), fakeLogger: logger };
}
