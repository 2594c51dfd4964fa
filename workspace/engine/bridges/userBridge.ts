// Users as apps read them, and the app and bot users apps create.
import type { IUser, IUserCreationOptions } from 'apps-engine-deno/definition/users';
import { UserType } from 'apps-engine-deno/definition/users';
import type { UserBridge } from 'apps-engine-deno/server/bridges';

import type { BridgeContext } from './bridgeContext';
import { requireUser, unsupportedError } from './bridgeContext';
import type { UserKind, UserStatus } from '../../store/workspaceStore';
import { toAppUser, toAppUserById } from '../converters';

const USER_STATUSES: UserStatus[] = ['online', 'away', 'busy', 'offline'];

export function createUserBridge(base: typeof UserBridge, context: BridgeContext): UserBridge {
	class LocalUserBridge extends base {
		protected async getById(id: string, appId: string): Promise<IUser> {
			return toAppUserById(context.store, id) as IUser;
		}

		protected async getByUsername(username: string, appId: string): Promise<IUser> {
			const user = context.store.getUserByUsername(username);
			return (user && toAppUser(user)) as IUser;
		}

		protected async getAppUser(appId?: string): Promise<IUser | undefined> {
			const user = appId === undefined ? undefined : context.store.getAppUser(appId);
			return user && toAppUser(user);
		}

		protected async getUserRoomIds(userId: string, appId: string): Promise<string[]> {
			const { store } = context;
			return store
				.listRooms()
				.filter((room) => store.isMember(room.id, userId))
				.map((room) => room.id);
		}

		protected async getActiveUserCount(): Promise<number> {
			return context.store.listUsers().filter((user) => user.active && user.type === 'user').length;
		}

		protected async getUserUnreadMessageCount(): Promise<number> {
			throw unsupportedError('Unread message counts', 'getUserUnreadMessageCount');
		}

		/** Apps may create bot users and, at install, their own app user; nobody else (as in Rocket.Chat). */
		protected async create(data: Partial<IUser>, appId: string, options?: IUserCreationOptions): Promise<string> {
			const { store } = context;
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
			return context.store.deleteUser(user.id);
		}

		protected async update(user: IUser, updates: Partial<IUser>, appId: string): Promise<boolean> {
			const status = USER_STATUSES.includes(updates.status as UserStatus) ? (updates.status as UserStatus) : undefined;
			context.store.updateUser(user.id, {
				...(updates.name !== undefined && { name: updates.name }),
				...(status && { status }),
				...(updates.customFields !== undefined && { customFields: updates.customFields }),
			});
			return true;
		}

		protected async deleteUsersCreatedByApp(appId: string, type: UserType.APP | UserType.BOT): Promise<boolean> {
			const { store } = context;
			const kind: UserKind = type === UserType.APP ? 'app' : 'bot';
			const created = store.listUsers().filter((user) => user.appId === appId && user.type === kind);
			for (const user of created) store.deleteUser(user.id);
			return created.length > 0;
		}

		protected async deactivate(userId: string, confirmRelinquish: boolean, appId: string): Promise<boolean> {
			const { store } = context;
			const user = requireUser(store, userId);
			const otherActiveAdmins = store.listUsers().filter((candidate) => candidate.id !== userId && candidate.active && candidate.roles.includes('admin'));
			if (user.roles.includes('admin') && otherActiveAdmins.length === 0) throw new Error('The last active admin cannot be deactivated.');
			store.updateUser(userId, { active: false });
			return true;
		}
	}
	return new LocalUserBridge();
}
