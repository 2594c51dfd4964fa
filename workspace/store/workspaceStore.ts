import { withAppPersistence } from './collections/appPersistence';
import { withInstalledApps } from './collections/installedApps';
import { withJobs } from './collections/jobs';
import { withMemberships } from './collections/memberships';
import { withMessages } from './collections/messages';
import { withRooms } from './collections/rooms';
import { withServerSettings } from './collections/serverSettings';
import { StoreBase } from './collections/storeBase';
import { withUsers } from './collections/users';
import { fromJsonValue, toJsonValue } from './jsonCodec';
import { SNAPSHOT_FORMAT } from './records';
import type { WorkspaceSnapshot, WorkspaceState } from './records';

export { newId } from './ids';
export type {
	UserKind,
	UserStatus,
	UserRecord,
	LoginTokenRecord,
	RoomTypeCode,
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

/**
 * The local workspace's data: users, rooms, memberships, messages, and what the Apps-Engine
 * keeps for apps (installed packages and their settings, app persistence, scheduled jobs).
 * Every read returns a copy, so callers (and app code) never change stored records in place.
 * Each collection is a mixin over the one state of StoreBase; rooms come after memberships, which findDirectRoom asks.
 */
export class WorkspaceStore extends withServerSettings(
	withJobs(withInstalledApps(withAppPersistence(withMessages(withRooms(withMemberships(withUsers(StoreBase))))))),
) {
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
}
