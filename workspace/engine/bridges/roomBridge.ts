// Rooms as apps read, create, update and delete them.
import type { IMessageRaw } from 'apps-engine-deno/definition/messages';
import type { IRoom, IRoomRaw } from 'apps-engine-deno/definition/rooms';
import type { IUser } from 'apps-engine-deno/definition/users';
import type { RoomBridge } from 'apps-engine-deno/server/bridges';
import type { GetMessagesOptions, GetRoomsFilters, GetRoomsOptions } from 'apps-engine-deno/server/bridges/RoomBridge';

import type { BridgeContext } from './bridgeContext';
import { requireUser, unsupportedError, userIdsByUsernames } from './bridgeContext';
import type { NewRoom } from '../../store/workspaceStore';
import { fromAppRoom, toAppRoom, toAppRoomById, toAppUserById, toRawMessage, toRawRoom } from '../converters';

export function createRoomBridge(base: typeof RoomBridge, context: BridgeContext): RoomBridge {
	class LocalRoomBridge extends base {
		protected async create(room: IRoom, members: string[], appId: string): Promise<string> {
			if (!['c', 'p', 'd'].includes(room.type)) throw new Error('Only channels, private groups and direct messages can be created.');
			const { store } = context;
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
			return context.roomOperations.createRoom(draft, memberIds);
		}

		protected async getById(roomId: string, appId: string): Promise<IRoom> {
			return toAppRoomById(context.store, roomId) as IRoom;
		}

		protected async getByName(roomName: string, appId: string): Promise<IRoom> {
			const room = context.store.getRoomByName(roomName);
			return (room && toAppRoom(context.store, room)) as IRoom;
		}

		protected async getCreatorById(roomId: string, appId: string): Promise<IUser | undefined> {
			const room = context.store.getRoom(roomId);
			return room && toAppUserById(context.store, room.creatorId);
		}

		protected async getCreatorByName(roomName: string, appId: string): Promise<IUser | undefined> {
			const room = context.store.getRoomByName(roomName);
			return room && toAppUserById(context.store, room.creatorId);
		}

		protected async getDirectByUsernames(usernames: string[], appId: string): Promise<IRoom | undefined> {
			const { store } = context;
			const wanted = userIdsByUsernames(store, usernames);
			if (wanted.length < usernames.length) return undefined;
			// Rocket.Chat looks for a direct room containing all these usernames.
			const room = store.listRooms().find((candidate) => candidate.type === 'd' && wanted.every((userId) => store.isMember(candidate.id, userId)));
			return room && toAppRoom(store, room);
		}

		protected async getMembers(roomId: string, appId: string): Promise<IUser[]> {
			const { store } = context;
			return store
				.getMemberIds(roomId)
				.map((userId) => toAppUserById(store, userId))
				.filter((user): user is IUser => user !== undefined);
		}

		protected async update(room: IRoom, members: string[] = [], appId: string): Promise<void> {
			const { store } = context;
			if (!room.id || !store.getRoom(room.id)) throw new Error('A room must exist to update.');
			store.updateRoom(room.id, fromAppRoom(room));
			for (const userId of userIdsByUsernames(store, members)) {
				if (!store.isMember(room.id, userId)) await context.roomOperations.addMember(room.id, userId);
			}
		}

		protected async createDiscussion(): Promise<string> {
			throw unsupportedError('Creating discussions', 'createDiscussion');
		}

		/** Rocket.Chat's bridge removes the room and fires no room events. */
		protected async delete(roomId: string, appId: string): Promise<void> {
			context.store.deleteRoom(roomId);
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

		/** A page of the room's messages by time, as Rocket.Chat's bridge answers it (raw: the sender as a lookup). */
		protected async getMessages(roomId: string, options: GetMessagesOptions, appId: string): Promise<IMessageRaw[]> {
			const { store } = context;
			const newestFirst = options.sort?.createdAt === 'desc';
			const messages = store
				.listMessages(roomId)
				.filter((message) => options.showThreadMessages !== false || message.threadId === undefined)
				.sort((a, b) => (newestFirst ? b.ts.getTime() - a.ts.getTime() : a.ts.getTime() - b.ts.getTime()));
			const start = options.skip ?? 0;
			return messages.slice(start, start + (options.limit ?? 100)).map((message) => toRawMessage(store, message));
		}

		/**
		 * The workspace's rooms as Apps-Engine 1.5x+ lists them for apps with room.system.view-all
		 * (the engine checks it): raw rooms, filtered by type, by being a discussion or not and by
		 * being a team's main room or not, a page at a time, oldest first. The 1.42.1 engine has no
		 * such listing: its room reader lacks getAllRooms and never calls this.
		 */
		protected async getAllRooms(filters: GetRoomsFilters = {}, options: GetRoomsOptions = {}, appId: string): Promise<IRoomRaw[]> {
			const { store } = context;
			const { types, discussions, teams } = filters;
			const skip = options.skip ?? 0;
			const listed = store
				.listRooms()
				.filter(
					(room) =>
						(!types || (types as string[]).includes(room.type)) &&
						(discussions === undefined || (room.parentRoomId !== undefined) === discussions) &&
						(teams === undefined || (room.teamMain === true) === teams),
				);
			return listed.slice(skip, skip + (options.limit ?? 100)).map((room) => toRawRoom(store, room));
		}

		protected async removeUsers(): Promise<void> {
			throw unsupportedError('Removing users through the room bridge', 'removeUsers');
		}

		protected async getUnreadByUser(): Promise<IMessageRaw[]> {
			throw unsupportedError('Unread messages', 'getUnreadByUser');
		}

		protected async getUserUnreadMessageCount(): Promise<number> {
			throw unsupportedError('Unread message counts', 'getUserUnreadMessageCount');
		}

		private membersWithRole(roomId: string, role: string): IUser[] {
			const { store } = context;
			return store
				.listMemberships(roomId)
				.filter((membership) => membership.roles.includes(role))
				.map((membership) => toAppUserById(store, membership.userId))
				.filter((user): user is IUser => user !== undefined);
		}
	}
	return new LocalRoomBridge();
}
