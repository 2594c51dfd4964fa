// Users who log in: password hashes (scrypt) and REST login tokens, with Rocket.Chat's rules for
// new users (apps/meteor/app/lib/server/functions/saveUser).
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

import { MeteorError } from '../errors';
import type { UserRecord, WorkspaceStore } from '../store/workspaceStore';

export interface NewAccount {
	username: string;
	password: string;
	name?: string;
	email?: string;
	/** Workspace roles; 'user' when none are given. Any role name is accepted, custom ones included. */
	roles?: string[];
	active?: boolean;
	/** Joins the default rooms, as Rocket.Chat does at registration: no app events fire for it. */
	joinDefaultChannels?: boolean;
}

/** A password as a client sends it: plain text, or Meteor's `{ digest, algorithm: 'sha-256' }` of it. */
export type PasswordInput = string | { digest: string; algorithm: string };

const hashScrypt = promisify(scrypt) as (password: string, salt: string, keylen: number) => Promise<Buffer>;
const HASH_BYTES = 64;

/** Rocket.Chat's defaults: UTF8_User_Names_Validation, and its e-mail check. */
const USERNAME_PATTERN = /^[0-9a-zA-Z-_.]+$/;
const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$/;

/** Meteor hashes passwords with SHA-256 before they are stored or compared, so both input forms meet here. */
function passwordDigest(password: PasswordInput): string | undefined {
	if (typeof password === 'string') return createHash('sha256').update(password).digest('hex');
	return password.algorithm === 'sha-256' && typeof password.digest === 'string' ? password.digest.toLowerCase() : undefined;
}

/** Tokens are kept hashed, as Meteor's Accounts._hashLoginToken keeps them. */
function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('base64');
}

export class Accounts {
	constructor(private readonly store: WorkspaceStore) {}

	/** users.create: validates as Rocket.Chat does, hashes the password and joins the default rooms when asked. */
	async createUser(account: NewAccount): Promise<UserRecord> {
		const details = { method: 'insertOrUpdateUser' };
		if (!USERNAME_PATTERN.test(account.username)) {
			throw new MeteorError('error-input-is-not-a-valid-field', `${account.username} is not a valid username`, {
				...details,
				input: account.username,
				field: 'Username',
			});
		}
		if (account.email !== undefined && !EMAIL_PATTERN.test(account.email)) {
			throw new MeteorError('error-invalid-email', `Invalid email ${account.email}`, { ...details, email: account.email });
		}
		if (this.store.getUserByUsernameIgnoringCase(account.username)) {
			throw new MeteorError('error-field-unavailable', `${account.username} is already in use :(`, { ...details, field: account.username });
		}
		if (account.email !== undefined && this.store.getUserByEmail(account.email)) {
			throw new MeteorError('error-field-unavailable', `${account.email} is already in use :(`, { ...details, field: account.email });
		}
		const passwordSalt = randomBytes(16).toString('hex');
		const user = this.store.createUser({
			username: account.username,
			name: account.name,
			email: account.email,
			roles: account.roles && account.roles.length > 0 ? account.roles : ['user'],
			active: account.active ?? true,
			passwordSalt,
			passwordHash: await this.hash(account.password, passwordSalt),
		});
		if (account.joinDefaultChannels ?? true) {
			this.store
				.listRooms()
				.filter((room) => room.isDefault && room.type !== 'd')
				.forEach((room) => this.store.addMember(room.id, user.id));
		}
		return user;
	}

	/** The user a login names: a username, or an e-mail address (a `user` holding '@', as Rocket.Chat reads it). */
	findByLogin(login: { user?: string; username?: string; email?: string }): UserRecord | undefined {
		if (login.email !== undefined) return this.store.getUserByEmail(login.email);
		if (login.username !== undefined) return this.store.getUserByUsernameIgnoringCase(login.username);
		if (login.user === undefined) return undefined;
		return login.user.includes('@') ? this.store.getUserByEmail(login.user) : this.store.getUserByUsernameIgnoringCase(login.user);
	}

	async verifyPassword(user: UserRecord, password: PasswordInput): Promise<boolean> {
		const digest = passwordDigest(password);
		if (digest === undefined || user.passwordHash === undefined || user.passwordSalt === undefined) return false;
		const expected = Buffer.from(user.passwordHash, 'hex');
		const actual = await hashScrypt(digest, user.passwordSalt, HASH_BYTES);
		return expected.length === actual.length && timingSafeEqual(expected, actual);
	}

	/** Starts a REST session: answers a new random token, of which only the hash is kept. */
	issueToken(userId: string): string {
		const user = this.store.getUser(userId);
		if (!user) throw new Error(`No user with id "${userId}".`);
		const token = randomBytes(32).toString('base64url');
		const now = new Date();
		this.store.updateUser(userId, { loginTokens: [...(user.loginTokens ?? []), { hashedToken: hashToken(token), createdAt: now }], lastLoginAt: now });
		return token;
	}

	/** Ends the REST session of this token (logout). */
	revokeToken(userId: string, token: string): void {
		const user = this.store.getUser(userId);
		const hashed = hashToken(token);
		if (user) this.store.updateUser(userId, { loginTokens: (user.loginTokens ?? []).filter((login) => login.hashedToken !== hashed) });
	}

	/** The active user holding this token (Meteor's `resume` login). */
	findByToken(token: string): UserRecord | undefined {
		const hashed = hashToken(token);
		return this.store.listUsers().find((user) => user.active && (user.loginTokens ?? []).some((login) => login.hashedToken === hashed));
	}

	/** The user the X-User-Id and X-Auth-Token headers name, when the token is theirs and they are active. */
	authenticate(userId: string, token: string): UserRecord | undefined {
		const user = this.store.getUser(userId);
		const hashed = hashToken(token);
		return user?.active && (user.loginTokens ?? []).some((login) => login.hashedToken === hashed) ? user : undefined;
	}

	private hash(password: string, salt: string): Promise<string> {
		return hashScrypt(passwordDigest(password) as string, salt, HASH_BYTES).then((hash) => hash.toString('hex'));
	}
}
