// The permissions the local workspace checks, with Rocket.Chat's default roles for each
// (apps/meteor/app/authorization/server/constant/permissions.ts). Room roles (owner, moderator)
// count in the room whose membership holds them, as Rocket.Chat's subscription roles do.
import type { RoomRecord, WorkspaceStore } from './store/workspaceStore';

const PERMISSION_ROLES = {
	'add-user-to-any-c-room': ['admin'],
	'add-user-to-any-p-room': [],
	'add-user-to-joined-room': ['admin', 'owner', 'moderator'],
	'create-c': ['admin', 'user', 'bot', 'app'],
	'create-d': ['admin', 'user', 'bot', 'app'],
	'create-p': ['admin', 'user', 'bot', 'app'],
	'create-team': ['admin', 'user'],
	'create-user': ['admin'],
	'delete-c': ['admin', 'owner'],
	'delete-p': ['admin', 'owner'],
	'delete-team': ['admin', 'owner'],
	'edit-other-user-info': ['admin'],
	'edit-privileged-setting': ['admin'],
	'kick-user-from-any-c-room': ['admin'],
	'kick-user-from-any-p-room': [],
	'leave-c': ['admin', 'user', 'bot', 'anonymous', 'app'],
	'leave-p': ['admin', 'user', 'bot', 'anonymous', 'app'],
	'manage-apps': ['admin'],
	'post-readonly': ['admin', 'owner', 'moderator'],
	'remove-user': ['admin', 'owner', 'moderator'],
	'start-discussion': ['admin', 'user', 'guest', 'app'],
	'start-discussion-other-user': ['admin', 'user', 'owner', 'app'],
	'user-generate-access-token': ['admin'],
	'view-c-room': ['admin', 'user', 'bot', 'app', 'anonymous'],
	'view-joined-room': ['guest', 'bot', 'app', 'anonymous'],
	'view-privileged-setting': ['admin'],
	'view-room-administration': ['admin'],
	'view-user-administration': ['admin'],
} as const;

export type Permission = keyof typeof PERMISSION_ROLES;

/** Whether the user holds the permission, through a workspace role or, when a room is given, a role in that room. */
export function hasPermission(store: WorkspaceStore, userId: string, permission: Permission, roomId?: string): boolean {
	const user = store.getUser(userId);
	if (!user) return false;
	const roomRoles = roomId === undefined ? [] : (store.getMembership(roomId, userId)?.roles ?? []);
	const allowed: readonly string[] = PERMISSION_ROLES[permission];
	return [...user.roles, ...roomRoles].some((role) => allowed.includes(role));
}

/**
 * Whether the user may see the room, as Rocket.Chat's canAccessRoom decides: a room they are in,
 * a public channel when they may view channels, a discussion of a room they may see.
 */
export function canAccessRoom(store: WorkspaceStore, userId: string, room: RoomRecord): boolean {
	if (store.isMember(room.id, userId)) return true;
	if (room.type === 'c' && hasPermission(store, userId, 'view-c-room')) return true;
	const parent = room.parentRoomId === undefined ? undefined : store.getRoom(room.parentRoomId);
	return parent !== undefined && canAccessRoom(store, userId, parent);
}
