// Rocket.Chat's room operations on the workspace store, firing the Apps-Engine room events where
// and as Rocket.Chat fires them (docs/rocketchat-fidelity.md §1–§3):
// - creation: each method's checks, then the one creation pipeline (roomCreation.ts): checks,
//   IPreRoomCreatePrevent, Extend then Modify, store with the initial members (no join events),
//   IPostRoomCreate not waited for; a DM that exists already fires nothing;
// - deletion: IPreRoomDeletePrevent, delete, IPostRoomDeleted with the room as read before;
// - join and add: IPreRoomUserJoined (with the inviter for adds), store, IPostRoomUserJoined on the
//   next tick; leave and kick: IPreRoomUserLeave (removedBy for kicks), store, IPostRoomUserLeave waited for.
import { RoomCreation } from './roomCreation';
import { RoomEventTriggers } from './roomEventTriggers';
import type { EventEngine } from './roomEventTriggers';
import type { RoomOperations } from '../engine/bridges/bridgeContext';
import { toAppRoom, toAppUser } from '../engine/converters';
import { MeteorError, errorCausedBy } from '../errors';
import { canAccessRoom, hasPermission } from '../permissions';
import type { Permission } from '../permissions';
import { newId } from '../store/workspaceStore';
import type { NewRoom, RoomRecord, TeamKind, TeamRecord, UserRecord, WorkspaceStore } from '../store/workspaceStore';

export interface ChannelRequest {
	name: string;
	/** Usernames of the first members; unknown ones are skipped, as Rocket.Chat skips them. */
	members?: string[];
	readOnly?: boolean;
	customFields?: Record<string, unknown>;
	/** Leaves the creator out of the members (the creator still owns the room's record). */
	excludeSelf?: boolean;
	/** What a room an app creates may also carry (Rocket.Chat's room bridge passes them as extra data). */
	displayName?: string;
	isDefault?: boolean;
	displaySystemMessages?: boolean;
}

export interface DiscussionRequest {
	parentRoomId: string;
	title: string;
	/** Usernames added with the creator. */
	members?: string[];
	topic?: string;
	/** A first message the creator posts in the discussion. */
	reply?: string;
}

export interface TeamRequest {
	name: string;
	type: TeamKind;
	/** Ids of the first members (Rocket.Chat's teams.create takes ids, not usernames). */
	memberIds?: string[];
	readOnly?: boolean;
}

export interface DirectMessage {
	room: RoomRecord;
	/** False when the direct message existed already: re-opening one fires no events. */
	inserted: boolean;
}

const LAST_OWNER = 'You are the last owner. Please set new owner before leaving the room.';

export class RoomService {
	private readonly events: RoomEventTriggers;

	private readonly creation: RoomCreation;

	constructor(
		private readonly store: WorkspaceStore,
		engine: EventEngine,
		clock: () => Date = () => new Date(),
	) {
		this.events = new RoomEventTriggers(engine);
		this.creation = new RoomCreation(store, this.events, clock);
	}

	// Creation

	/** channels.create / groups.create (Rocket.Chat's createChannel and createPrivateGroup methods). */
	async createChannel(userId: string, type: 'c' | 'p', request: ChannelRequest): Promise<RoomRecord> {
		const method = type === 'c' ? 'createChannel' : 'createPrivateGroup';
		const owner = this.requireUser(userId, method);
		this.requirePermission(owner.id, type === 'c' ? 'create-c' : 'create-p', method);
		const { members = [], excludeSelf, ...room } = request;
		return this.creation.create({ room: { ...room, type }, creator: owner, members: this.firstMembers(owner, members, excludeSelf) });
	}

	/** im.create: a direct message between the user and these users; one that exists is answered as it is, with no events. */
	async createDirectMessage(userId: string, usernames: string[], excludeSelf = false): Promise<DirectMessage> {
		const creator = this.requireUser(userId, 'createDirectMessage');
		this.requirePermission(creator.id, 'create-d', 'createDirectMessage');
		const others = usernames.map((username) => {
			const user = this.store.getUserByUsernameIgnoringCase(username);
			if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method: 'createDirectMessage' });
			return user;
		});
		const members = uniqueUsers(excludeSelf ? others : [creator, ...others]);
		const existing = this.store.findDirectRoom(members.map((member) => member.id));
		if (existing) return { room: existing, inserted: false };
		const room = await this.creation.create({ room: { id: directMessageId(members), name: '', type: 'd' }, creator, members });
		return { room, inserted: true };
	}

	/** rooms.createDiscussion: a room of the parent's type whose name is random and whose title is the display name. */
	async createDiscussion(userId: string, request: DiscussionRequest): Promise<RoomRecord> {
		const creator = this.requireUser(userId, 'createDiscussion');
		const mayStart =
			hasPermission(this.store, creator.id, 'start-discussion', request.parentRoomId) ||
			hasPermission(this.store, creator.id, 'start-discussion-other-user', request.parentRoomId);
		if (!mayStart) throw new MeteorError('error-action-not-allowed', 'You are not allowed to create a discussion', { method: 'createDiscussion' });
		const parent = this.store.getRoom(request.parentRoomId);
		// Rocket.Chat checks that the creator may write in the parent room and reports its bare error code.
		if (!parent) throw new MeteorError('error-invalid-room');
		if (!canAccessRoom(this.store, creator.id, parent)) throw new MeteorError('error-not-allowed');
		if (parent.parentRoomId !== undefined) {
			throw new MeteorError('error-nested-discussion', 'Cannot create nested discussions', { method: 'DiscussionCreation' });
		}
		if (parent.type !== 'c' && parent.type !== 'p') {
			throw new MeteorError('error-invalid-type', 'Cannot define discussion room type', { method: 'DiscussionCreation' });
		}
		const discussion = await this.creation.create({
			room: { type: parent.type, name: newId(), displayName: request.title, topic: request.topic ?? parent.name, parentRoomId: parent.id },
			creator,
			members: this.firstMembers(creator, request.members ?? []),
			anyName: true,
		});
		if (request.reply) this.store.createMessage({ roomId: discussion.id, senderId: creator.id, text: request.reply });
		return discussion;
	}

	/**
	 * teams.create: the team's main room is created first, with the four creation events and no team
	 * fields in their payloads; it becomes the team's main room afterwards. Any failure on the way,
	 * an app's refusal included, is reported as Rocket.Chat reports it: a bare `error-team-creation`.
	 */
	async createTeam(userId: string, request: TeamRequest): Promise<TeamRecord> {
		const owner = this.requireUser(userId, 'createTeam');
		if (this.store.getTeamByName(request.name)) throw new Error('team-name-already-exists');
		if (this.store.getRoomByName(request.name)) throw new Error('room-name-already-exists');
		const memberUsernames = (request.memberIds ?? [])
			.map((id) => this.store.getUser(id))
			.filter((user): user is UserRecord => user?.active === true)
			.map((user) => user.username);
		let mainRoom: RoomRecord;
		try {
			mainRoom = await this.creation.create({
				room: { type: request.type === 0 ? 'c' : 'p', name: request.name, readOnly: request.readOnly },
				creator: owner,
				members: this.firstMembers(owner, memberUsernames),
			});
		} catch (error) {
			throw errorCausedBy('error-team-creation', error);
		}
		const team = this.store.createTeam({ name: request.name, type: request.type, mainRoomId: mainRoom.id, creatorId: owner.id });
		this.store.updateRoom(mainRoom.id, { teamId: team.id, teamMain: true });
		return team;
	}

	// Deletion

	/** channels.delete / groups.delete (Rocket.Chat's eraseRoom). */
	async deleteRoom(userId: string, roomId: string): Promise<void> {
		const room = this.requireRoom(roomId, 'eraseRoom');
		if (room.teamMain) throw new MeteorError('error-cannot-delete-team-channel', 'Cannot delete a team channel', { method: 'eraseRoom' });
		await this.eraseRoom(userId, room);
	}

	/**
	 * teams.delete, step by step as Rocket.Chat's eraseTeam (not atomic): the listed rooms are deleted
	 * (with their events), the team's other rooms leave the team, then the main room is deleted (with
	 * its events) and the team goes. An app that keeps the main room stops it there.
	 */
	async deleteTeam(userId: string, teamId: string, roomIdsToRemove: string[] = []): Promise<void> {
		const team = this.store.getTeam(teamId);
		if (!team) throw new Error('team-does-not-exist');
		const teamRooms = this.store.listRooms().filter((room) => room.teamId === team.id && room.id !== team.mainRoomId);
		for (const room of teamRooms.filter((candidate) => roomIdsToRemove.includes(candidate.id))) {
			await this.eraseRoom(userId, room);
		}
		for (const room of teamRooms.filter((candidate) => !roomIdsToRemove.includes(candidate.id))) {
			this.store.updateRoom(room.id, { teamId: undefined });
		}
		await this.eraseRoom(userId, this.requireRoom(team.mainRoomId, 'eraseRoom'));
		this.store.deleteTeam(team.id);
	}

	// Membership

	/** channels.join (Rocket.Chat's Room.join): joining on one's own, so no inviter. */
	async join(userId: string, roomId: string): Promise<void> {
		const user = this.requireUser(userId, 'joinRoom');
		const room = this.requireRoom(roomId, 'joinRoom');
		if (room.type !== 'c' || !canAccessRoom(this.store, user.id, room)) throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'joinRoom' });
		await this.addUserToRoom(room, user);
	}

	/** channels.invite / groups.invite (Rocket.Chat's addUsersToRoom): members already in the room are skipped, with no events. */
	async invite(inviterId: string, roomId: string, userIds: string[]): Promise<void> {
		const inviter = this.requireUser(inviterId, 'addUsersToRoom');
		const room = this.requireRoom(roomId, 'addUsersToRoom');
		if (room.type === 'd') {
			throw new MeteorError('error-cant-invite-for-direct-room', "Can't invite user to direct rooms", { method: 'addUsersToRoom' });
		}
		const mayAdd =
			(this.store.isMember(room.id, inviter.id) && hasPermission(this.store, inviter.id, 'add-user-to-joined-room', room.id)) ||
			hasPermission(this.store, inviter.id, room.type === 'c' ? 'add-user-to-any-c-room' : 'add-user-to-any-p-room');
		if (!mayAdd) throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'addUsersToRoom' });
		for (const userId of userIds) {
			const user = this.requireUser(userId, 'addUsersToRoom');
			if (!this.store.isMember(room.id, user.id)) await this.addUserToRoom(room, user, inviter);
		}
	}

	/** channels.leave / groups.leave (Rocket.Chat's leaveRoom method): leaving on one's own, so no removedBy. */
	async leave(userId: string, roomId: string): Promise<void> {
		const user = this.requireUser(userId, 'leaveRoom');
		const room = this.requireRoom(roomId, 'leaveRoom');
		if (room.type === 'd' || !hasPermission(this.store, user.id, room.type === 'c' ? 'leave-c' : 'leave-p')) {
			throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'leaveRoom' });
		}
		if (!this.store.isMember(room.id, user.id)) throw new MeteorError('error-user-not-in-room', 'You are not in this room', { method: 'leaveRoom' });
		this.refuseLastOwner(room, user, 'leaveRoom');
		await this.removeUserFromRoom(room, user);
	}

	/** channels.kick / groups.kick (Rocket.Chat's removeUserFromRoom method). Admins may "kick" a non-member: the events fire anyway. */
	async kick(kickerId: string, roomId: string, userId: string): Promise<void> {
		const kicker = this.requireUser(kickerId, 'removeUserFromRoom');
		const room = this.requireRoom(roomId, 'removeUserFromRoom');
		if (room.type === 'd' || !hasPermission(this.store, kicker.id, 'remove-user', room.id)) {
			throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'removeUserFromRoom' });
		}
		const user = this.requireUser(userId, 'removeUserFromRoom');
		const mayKickAnyone = hasPermission(this.store, kicker.id, room.type === 'c' ? 'kick-user-from-any-c-room' : 'kick-user-from-any-p-room');
		if (!mayKickAnyone && !this.store.isMember(room.id, user.id)) {
			throw new MeteorError('error-user-not-in-room', 'User is not in this room', { method: 'removeUserFromRoom' });
		}
		this.refuseLastOwner(room, user, 'removeUserFromRoom');
		await this.removeUserFromRoom(room, user, kicker);
	}

	// The paths apps take (Rocket.Chat's room bridge runs the same functions as users do)

	/** A room an app creates: the creation method of its type, run as the room's creator. */
	async createRoomForApp(room: NewRoom, memberIds: string[]): Promise<string> {
		const memberUsernames = memberIds.map((id) => this.store.getUser(id)?.username).filter((username): username is string => username !== undefined);
		if (room.type === 'd') return (await this.createDirectMessage(room.creatorId, memberUsernames)).room.id;
		if (room.type !== 'c' && room.type !== 'p') throw new Error('Only channels, private groups and direct messages can be created.');
		const created = await this.createChannel(room.creatorId, room.type, {
			name: room.name,
			members: memberUsernames,
			readOnly: room.readOnly,
			customFields: room.customFields,
			displayName: room.displayName,
			isDefault: room.isDefault,
			displaySystemMessages: room.displaySystemMessages,
		});
		return created.id;
	}

	/** A member an app adds through its room updater: Rocket.Chat's bridge passes no inviter. */
	async addMemberForApp(roomId: string, userId: string): Promise<void> {
		await this.addUserToRoom(this.requireRoom(roomId, 'addUserToRoom'), this.requireUser(userId, 'addUserToRoom'));
	}

	/**
	 * The first members of a channel, group, discussion or team main room: the creator last, unless
	 * left out; unknown usernames are skipped, as Rocket.Chat skips them.
	 */
	private firstMembers(creator: UserRecord, usernames: string[], excludeSelf = false): UserRecord[] {
		const requested = excludeSelf ? usernames : [...usernames, creator.username];
		return uniqueUsers(
			requested.map((username) => this.store.getUserByUsernameIgnoringCase(username)).filter((user): user is UserRecord => user !== undefined),
		);
	}

	/** Rocket.Chat's eraseRoom: permission, IPreRoomDeletePrevent, deletion, IPostRoomDeleted with the room as read before. */
	private async eraseRoom(userId: string, room: RoomRecord): Promise<void> {
		const permission: Permission = room.type === 'c' ? 'delete-c' : 'delete-p';
		if (room.type === 'd' || !hasPermission(this.store, userId, permission, room.id)) {
			throw new MeteorError('error-not-allowed', 'Not allowed', { method: 'eraseRoom' });
		}
		const asBefore = toAppRoom(this.store, room);
		await this.events.preventDeletion(asBefore);
		this.store.deleteRoom(room.id);
		// Rocket.Chat's discussion module deletes a deleted room's discussions, firing no app events.
		this.store
			.listRooms()
			.filter((candidate) => candidate.parentRoomId === room.id)
			.forEach((discussion) => this.store.deleteRoom(discussion.id));
		this.events.deleted(asBefore);
	}

	/**
	 * Rocket.Chat's addUserToRoom: IPreRoomUserJoined may refuse; a user already in the room is let
	 * through the pre-event and then nothing more happens (current servers check membership after
	 * it); IPostRoomUserJoined gets the room as it was before the join, for channels and groups only.
	 */
	private async addUserToRoom(room: RoomRecord, user: UserRecord, inviter?: UserRecord): Promise<void> {
		if (room.type === 'd') return;
		const context = { room: toAppRoom(this.store, room), joiningUser: toAppUser(user), ...(inviter && { inviter: toAppUser(inviter) }) };
		await this.events.beforeJoin(context);
		if (!this.store.addMember(room.id, user.id)) return;
		this.events.joined(context);
	}

	/** Rocket.Chat's removeUserFromRoom: IPreRoomUserLeave may refuse; IPostRoomUserLeave is waited for. */
	private async removeUserFromRoom(room: RoomRecord, user: UserRecord, removedBy?: UserRecord): Promise<void> {
		const context = { room: toAppRoom(this.store, room), leavingUser: toAppUser(user), ...(removedBy && { removedBy: toAppUser(removedBy) }) };
		await this.events.beforeLeave(context);
		this.store.removeMember(room.id, user.id);
		await this.events.left(context);
	}

	private refuseLastOwner(room: RoomRecord, user: UserRecord, method: string): void {
		if (!this.store.getMembership(room.id, user.id)?.roles.includes('owner')) return;
		const owners = this.store.listMemberships(room.id).filter((membership) => membership.roles.includes('owner'));
		if (owners.length === 1) throw new MeteorError('error-you-are-last-owner', LAST_OWNER, { method });
	}

	private requireUser(userId: string, method: string): UserRecord {
		const user = this.store.getUser(userId);
		if (!user) throw new MeteorError('error-invalid-user', 'Invalid user', { method });
		return user;
	}

	private requireRoom(roomId: string, method: string): RoomRecord {
		const room = this.store.getRoom(roomId);
		if (!room) throw new MeteorError('error-invalid-room', 'Invalid room', { method });
		return room;
	}

	private requirePermission(userId: string, permission: Permission, method: string): void {
		if (!hasPermission(this.store, userId, permission)) throw new MeteorError('error-not-allowed', 'Not allowed', { method });
	}
}

/** The bridge's room operations, so rooms and members an app creates or adds take the users' paths and fire the same events. */
export class AppRoomOperations implements RoomOperations {
	constructor(private readonly rooms: () => RoomService) {}

	createRoom(room: NewRoom, memberIds: string[]): Promise<string> {
		return this.rooms().createRoomForApp(room, memberIds);
	}

	addMember(roomId: string, userId: string): Promise<void> {
		return this.rooms().addMemberForApp(roomId, userId);
	}
}

/** A 1:1 direct message's id is made of its members' sorted ids, so each pair has one; others get a random id when stored. */
function directMessageId(members: UserRecord[]): string {
	if (members.length !== 2) return '';
	return members
		.map((member) => member.id)
		.sort()
		.join('');
}

function uniqueUsers(users: UserRecord[]): UserRecord[] {
	return users.filter((user, index) => users.findIndex((other) => other.id === user.id) === index);
}
