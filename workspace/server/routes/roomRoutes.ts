// Rooms: channels.*, groups.*, im.*, rooms.createDiscussion and teams.*, with the parameters,
// answers and errors of Rocket.Chat's v1 endpoints of those names.
import { findChannel, findDirectMessage, findGroup, flag, paginate, sortDocuments, text, textList, userFromParams, usersFromParams } from './params';
import { MeteorError } from '../../errors';
import { hasPermission } from '../../permissions';
import type { RoomRecord, TeamKind, UserRecord, WorkspaceStore } from '../../store/workspaceStore';
import { failure, forbidden, invalidParams, success, unauthorized } from '../apiResponse';
import type { ApiResponse } from '../apiResponse';
import { restMember, restMessage, restRoom, restRoomRoles, restTeam } from '../restShapes';
import type { ApiContext, ApiRequest, Route } from '../router';

function roomsOf(store: WorkspaceStore, type: RoomRecord['type'], filter: (room: RoomRecord) => boolean): RoomRecord[] {
	return store
		.listRooms()
		.filter((room) => room.type === type && filter(room))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A list endpoint of one room type: the rooms the user is in, or (for room administrators)
 * every room of that type.
 */
function listRoute(store: WorkspaceStore, path: string, key: string, type: RoomRecord['type'], scope: 'joined' | 'everyone'): Route {
	return {
		method: 'GET',
		path,
		...(scope === 'everyone' && { permission: 'view-room-administration' }),
		handle: ({ user, query }) =>
			roomList(
				store,
				key,
				roomsOf(store, type, (room) => scope === 'everyone' || store.isMember(room.id, user.id)),
				query,
			),
	};
}

function roomList(store: WorkspaceStore, key: string, rooms: RoomRecord[], query: Record<string, unknown>): ApiResponse {
	const page = paginate(rooms, query);
	return success({ [key]: page.items.map((room) => restRoom(store, room)), count: page.count, offset: page.offset, total: page.total });
}

/** Members sorted by username, as channels.members answers them. */
function memberList(store: WorkspaceStore, room: RoomRecord, query: Record<string, unknown>): ApiResponse {
	const members = store
		.getMemberIds(room.id)
		.map((id) => store.getUser(id))
		.filter((user): user is UserRecord => user !== undefined)
		.sort((a, b) => a.username.localeCompare(b.username));
	const page = paginate(members, query);
	return success({ members: page.items.map(restMember), count: page.count, offset: page.offset, total: page.total });
}

/** Messages newest first unless `sort` says otherwise, as channels.messages answers them. */
function messageList(store: WorkspaceStore, room: RoomRecord, query: Record<string, unknown>): ApiResponse {
	const documents = sortDocuments(
		store.listMessages(room.id).map((message) => restMessage(store, message)),
		query,
		{ ts: -1 },
	);
	const page = paginate(documents, query);
	return success({ messages: page.items, count: page.count, offset: page.offset, total: page.total });
}

function roleList(store: WorkspaceStore, room: RoomRecord): ApiResponse {
	const roles = store
		.listMemberships(room.id)
		.filter((membership) => membership.roles.length > 0)
		.map((membership) => restRoomRoles(store, membership));
	return success({ roles });
}

function objectParam(body: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
	const value = body[name];
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The body checks channels.create and groups.create share; they word their messages differently. */
function channelBodyProblem(body: Record<string, unknown>, paramWord: string): ApiResponse | undefined {
	if (!text(body, 'name')) return failure(`${paramWord} "name" is required`);
	if (body.members !== undefined && !Array.isArray(body.members)) return failure(`${paramWord} "members" must be an array if provided`);
	if (body.customFields !== undefined && objectParam(body, 'customFields') === undefined) {
		return failure(`${paramWord} "customFields" must be an object if provided`);
	}
	return undefined;
}

function channelRequest(body: Record<string, unknown>) {
	return {
		name: text(body, 'name') as string,
		members: textList(body, 'members'),
		readOnly: flag(body, 'readOnly'),
		customFields: objectParam(body, 'customFields'),
		excludeSelf: flag(body, 'excludeSelf'),
	};
}

export function roomRoutes({ store, rooms }: ApiContext): Route[] {
	const roomById = (id: string) => store.getRoom(id) as RoomRecord;
	/** channels.* answers with the channel as it is after the change. */
	const channelAnswer = (room: RoomRecord) => success({ channel: restRoom(store, roomById(room.id)) });

	const creation: Route[] = [
		{
			method: 'POST',
			path: '/api/v1/channels.create',
			async handle({ user, body }) {
				if (!hasPermission(store, user.id, 'create-c')) return forbidden();
				const problem = channelBodyProblem(body, 'Param');
				if (problem) return problem;
				return channelAnswer(await rooms.createChannel(user.id, 'c', channelRequest(body)));
			},
		},
		{
			method: 'POST',
			path: '/api/v1/groups.create',
			async handle({ user, body }) {
				const problem = channelBodyProblem(body, 'Body param');
				if (problem) return problem;
				const group = await rooms.createChannel(user.id, 'p', channelRequest(body));
				return success({ group: restRoom(store, roomById(group.id)) });
			},
		},
		{
			method: 'POST',
			path: '/api/v1/im.create',
			async handle({ user, body }) {
				const usernames = text(body, 'username') !== undefined ? [text(body, 'username') as string] : textList(body, 'usernames');
				if (!usernames || usernames.length === 0) return failure('Body param "username" or "usernames" is required');
				const { room } = await rooms.createDirectMessage(user.id, usernames, flag(body, 'excludeSelf'));
				const { usernames: members } = restRoom(store, room) as { usernames: string[] };
				return success({ room: { t: 'd', rid: room.id, usernames: [...members].sort(), _id: room.id } });
			},
		},
		{
			method: 'POST',
			path: '/api/v1/rooms.createDiscussion',
			async handle({ user, body }) {
				const parentRoomId = text(body, 'prid');
				const title = text(body, 't_name');
				if (parentRoomId === undefined) return failure('Body parameter "prid" is required.');
				if (title === undefined) return failure('Body parameter "t_name" is required.');
				if (body.users !== undefined && !Array.isArray(body.users)) return failure('Body parameter "users" must be an array.');
				if (text(body, 'pmid') !== undefined) return failure('Discussions of a message (pmid) are not supported by the local workspace.');
				const discussion = await rooms.createDiscussion(user.id, {
					parentRoomId,
					title,
					members: textList(body, 'users'),
					topic: text(body, 'topic'),
					reply: text(body, 'reply'),
				});
				return success({ discussion: { ...restRoom(store, roomById(discussion.id)), rid: discussion.id } });
			},
		},
		{
			method: 'POST',
			path: '/api/v1/teams.create',
			async handle({ user, body }) {
				if (!hasPermission(store, user.id, 'create-team')) return unauthorized();
				const name = text(body, 'name');
				if (name === undefined) return invalidParams("must have required property 'name'");
				if (body.type !== 0 && body.type !== 1) return invalidParams("must have required property 'type'");
				const room = objectParam(body, 'room');
				const team = await rooms.createTeam(user.id, {
					name,
					type: body.type as TeamKind,
					memberIds: textList(body, 'members'),
					readOnly: room && flag(room, 'readOnly'),
				});
				return success({ team: restTeam(store, team) });
			},
		},
	];

	const membership: Route[] = [
		{
			method: 'POST',
			path: '/api/v1/channels.join',
			async handle({ user, body }) {
				const room = findChannel(store, body);
				await rooms.join(user.id, room.id);
				return channelAnswer(room);
			},
		},
		{
			method: 'POST',
			path: '/api/v1/channels.invite',
			async handle({ user, body }) {
				const room = findChannel(store, body);
				const invited = usersFromParams(store, body);
				// Rocket.Chat passes these two the other way round: the code ends up as the message.
				if (invited.length === 0) return failure('invalid-user-invite-list', 'Cannot invite if no users are provided');
				await rooms.invite(
					user.id,
					room.id,
					invited.map((member) => member.id),
				);
				return channelAnswer(room);
			},
		},
		{
			method: 'POST',
			path: '/api/v1/groups.invite',
			async handle({ user, body }) {
				const idOrName = text(body, 'roomId') ?? text(body, 'roomName');
				if (idOrName === undefined) throw new MeteorError('error-room-param-not-provided', 'The parameter "roomId" or "roomName" is required');
				// Rocket.Chat finds the group by id or name without checking access here; adding checks the permission.
				const room = store.getRoom(idOrName) ?? store.getRoomByName(idOrName);
				if (room?.type !== 'p') {
					throw new MeteorError('error-room-not-found', 'The required "roomId" or "roomName" param provided does not match any group');
				}
				const invited = usersFromParams(store, body);
				if (invited.length === 0) throw new MeteorError('error-empty-invite-list', 'Cannot invite if no valid users are provided');
				await rooms.invite(
					user.id,
					room.id,
					invited.map((member) => member.id),
				);
				return success({ group: restRoom(store, roomById(room.id)) });
			},
		},
		{
			method: 'POST',
			path: '/api/v1/channels.leave',
			async handle({ user, body }) {
				const room = findChannel(store, body);
				await rooms.leave(user.id, room.id);
				return channelAnswer(room);
			},
		},
		{
			method: 'POST',
			path: '/api/v1/groups.leave',
			async handle({ user, body }) {
				await rooms.leave(user.id, findGroup(store, body, user).id);
				return success();
			},
		},
		{
			method: 'POST',
			path: '/api/v1/channels.kick',
			async handle({ user, body }) {
				const room = findChannel(store, body);
				await rooms.kick(user.id, room.id, userFromParams(store, body).id);
				return channelAnswer(room);
			},
		},
		{
			method: 'POST',
			path: '/api/v1/groups.kick',
			async handle({ user, body }) {
				const room = findGroup(store, body, user);
				await rooms.kick(user.id, room.id, userFromParams(store, body).id);
				return success();
			},
		},
	];

	const deletion: Route[] = [
		{
			method: 'POST',
			path: '/api/v1/channels.delete',
			async handle({ user, body }) {
				await rooms.deleteRoom(user.id, findChannel(store, body).id);
				return success();
			},
		},
		{
			method: 'POST',
			path: '/api/v1/groups.delete',
			async handle({ user, body }) {
				await rooms.deleteRoom(user.id, findGroup(store, body, user).id);
				return success();
			},
		},
		{
			method: 'POST',
			path: '/api/v1/teams.delete',
			async handle({ user, body }) {
				const teamId = text(body, 'teamId');
				const teamName = text(body, 'teamName');
				if (teamId === undefined && teamName === undefined) return invalidParams("must have required property 'teamId'");
				const team = teamId !== undefined ? store.getTeam(teamId) : store.getTeamByName(teamName as string);
				if (!team) return failure('team-does-not-exist');
				if (!hasPermission(store, user.id, 'delete-team', team.mainRoomId)) return unauthorized();
				await rooms.deleteTeam(user.id, team.id, textList(body, 'roomsToRemove'));
				return success();
			},
		},
	];

	/** GET routes of one room kind: info, members, messages and roles. */
	const reading = (prefix: 'channels' | 'groups', key: 'channel' | 'group', find: (request: ApiRequest) => RoomRecord): Route[] => [
		{
			method: 'GET',
			path: `/api/v1/${prefix}.info`,
			handle: (request) => success({ [key]: restRoom(store, find(request)) }),
		},
		{
			method: 'GET',
			path: `/api/v1/${prefix}.members`,
			handle: (request) => memberList(store, find(request), request.query),
		},
		{
			method: 'GET',
			path: `/api/v1/${prefix}.roles`,
			handle: (request) => roleList(store, find(request)),
		},
	];

	const lists: Route[] = [
		...reading('channels', 'channel', ({ query }) => findChannel(store, query)),
		...reading('groups', 'group', ({ query, user }) => findGroup(store, query, user, { forReading: true })),
		{
			method: 'GET',
			path: '/api/v1/channels.messages',
			permission: 'view-c-room',
			handle({ user, query }) {
				const room = findChannel(store, query);
				if (hasPermission(store, user.id, 'view-joined-room') && !store.isMember(room.id, user.id)) return forbidden();
				return messageList(store, room, query);
			},
		},
		{
			method: 'GET',
			path: '/api/v1/groups.messages',
			handle: ({ user, query }) => messageList(store, findGroup(store, query, user, { forReading: true }), query),
		},
		{
			method: 'GET',
			path: '/api/v1/channels.list',
			handle({ user, query }) {
				const seesAll = hasPermission(store, user.id, 'view-c-room');
				if (!seesAll && !hasPermission(store, user.id, 'view-joined-room')) return forbidden();
				// Team rooms are listed to their members only, as in Rocket.Chat.
				const channels = roomsOf(store, 'c', (room) => (seesAll && room.teamId === undefined) || store.isMember(room.id, user.id));
				return roomList(store, 'channels', channels, query);
			},
		},
		listRoute(store, '/api/v1/channels.list.joined', 'channels', 'c', 'joined'),
		listRoute(store, '/api/v1/groups.list', 'groups', 'p', 'joined'),
		listRoute(store, '/api/v1/groups.listAll', 'groups', 'p', 'everyone'),
		listRoute(store, '/api/v1/im.list', 'ims', 'd', 'joined'),
		listRoute(store, '/api/v1/im.list.everyone', 'ims', 'd', 'everyone'),
		{
			method: 'GET',
			path: '/api/v1/im.members',
			handle: ({ user, query }) => memberList(store, findDirectMessage(store, query, user), query),
		},
		{
			method: 'GET',
			path: '/api/v1/im.messages',
			handle: ({ user, query }) => messageList(store, findDirectMessage(store, query, user), query),
		},
	];

	return [...creation, ...membership, ...deletion, ...lists];
}
