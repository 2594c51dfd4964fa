import { newId } from '../ids';
import { cloneData } from '../jsonCodec';
import type { NewUser, UserPatch, UserRecord } from '../records';
import type { StoreConstructor } from './storeBase';

/** Users: people, bots and apps' own users. */
export function withUsers<TBase extends StoreConstructor>(Base: TBase) {
	return class extends Base {
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
	};
}
