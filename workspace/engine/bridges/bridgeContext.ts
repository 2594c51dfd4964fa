// What every bridge works on: the workspace store, the clock, and the seam through which an
// app's room changes reach the workspace. Semantics follow Rocket.Chat's own bridges
// (apps/meteor/app/apps/server/bridges) where an app could tell the difference; what the local
// workspace does not offer fails with a clear error.
import type { RocketChatAssociationRecord } from 'apps-engine-deno/definition/metadata';

import type { AssociationRecord, NewRoom, WorkspaceStore } from '../../store/workspaceStore';

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

export function unsupportedError(feature: string, operation: string): Error {
	return new Error(`${feature} is not supported by the local workspace (${operation}).`);
}

/**
 * A bridge for a feature the local workspace does not offer: the engine's own methods (permission
 * checks included) run as usual, and every call that reaches the host fails with a clear error.
 */
export function unsupportedBridge<T extends object>(base: { prototype: T }, feature: string): T {
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

export function requireUser(store: WorkspaceStore, userId: string) {
	const user = store.getUser(userId);
	if (!user) throw new Error(`No user with id "${userId}".`);
	return user;
}

export function userIdsByUsernames(store: WorkspaceStore, usernames: string[]): string[] {
	return usernames.map((username) => store.getUserByUsername(username)?.id).filter((id): id is string => id !== undefined);
}

/** Records from app code are RocketChatAssociationRecord instances, possibly proxied out of the sandbox. */
export function toAssociation(record: RocketChatAssociationRecord): AssociationRecord {
	const raw = record as unknown as { model: string; id: string };
	return { model: record.getModel ? record.getModel() : raw.model, id: record.getID ? record.getID() : raw.id };
}

export function requireObject(data: unknown): object {
	if (typeof data !== 'object' || data === null) throw new Error('Attempted to store an invalid data type, it must be an object.');
	return data;
}
