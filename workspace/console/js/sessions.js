import { callApi } from './api.js';

// Login tokens survive a page reload (the workspace keeps them until it restarts); passwords
// are kept only in memory, for users this page created, to sign in again when a token expired.
const STORAGE_KEY = 'room-events-console.sessions';

export class Sessions {
	constructor() {
		const stored = readStored();
		this.byUserId = new Map(Object.entries(stored.byUserId ?? {}));
		this.ownerId = stored.ownerId;
		this.actingId = stored.actingId;
		this.passwords = new Map();
	}

	/** The account signed in at the login form: it lists users, reads settings and the audit room. */
	get owner() {
		return this.byUserId.get(this.ownerId);
	}

	/** The user whose token every room action is sent with. */
	get acting() {
		return this.byUserId.get(this.actingId) ?? this.owner;
	}

	has(userId) {
		return this.byUserId.has(userId);
	}

	async login(username, password) {
		const answer = await callApi(undefined, 'POST', '/api/v1/login', { body: { username, password } });
		const session = { userId: answer.data.userId, authToken: answer.data.authToken, username: answer.data.me?.username ?? username };
		this.byUserId.set(session.userId, session);
		this.passwords.set(session.userId, password);
		this.save();
		return session;
	}

	/** Keeps a token the owner obtained for another user (users.createToken). */
	adopt(session) {
		this.byUserId.set(session.userId, session);
		this.save();
	}

	/** Signs in again with the password this page knows, if it knows one. */
	async renew(userId) {
		const session = this.byUserId.get(userId);
		const password = this.passwords.get(userId);
		this.forget(userId);
		return session && password ? this.login(session.username, password) : undefined;
	}

	becomeOwner(userId) {
		this.ownerId = userId;
		this.actingId = userId;
		this.save();
	}

	actAs(userId) {
		this.actingId = userId;
		this.save();
	}

	forget(userId) {
		this.byUserId.delete(userId);
		if (this.actingId === userId) {
			this.actingId = this.ownerId;
		}
		this.save();
	}

	forgetAll() {
		this.byUserId.clear();
		this.passwords.clear();
		this.ownerId = undefined;
		this.actingId = undefined;
		this.save();
	}

	save() {
		const stored = { ownerId: this.ownerId, actingId: this.actingId, byUserId: Object.fromEntries(this.byUserId) };
		window.localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
	}
}

function readStored() {
	try {
		return JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}');
	} catch {
		return {};
	}
}
