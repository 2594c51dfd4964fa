import { byId, h, replaceChildren, splitNames, whileBusy } from './dom.js';
import { notifyError, notifySuccess } from './notices.js';

// The workspace's users, the "acting as" switcher, and creating users with a chosen password.
// Acting as someone takes their own login token: the admin asks for one (users.createToken),
// else the console signs in as them (with the password it set when it created them, or one
// the admin types), and keeps the token.

const LIST_COUNT = 100;

export class UsersPanel {
	/** `onActingChanged()` runs after the acting user changed (the room list is theirs). */
	constructor({ sessions, callAsOwner, onActingChanged }) {
		this.sessions = sessions;
		this.callAsOwner = callAsOwner;
		this.onActingChanged = onActingChanged;
		this.users = [];
		this.listProblem = undefined;
		byId('acting-as').addEventListener('change', (event) => this.actAs(event.target.value));
		byId('user-form').addEventListener('submit', (event) => {
			event.preventDefault();
			whileBusy(byId('user-submit'), () => this.create());
		});
		byId('password-form').addEventListener('submit', (event) => {
			event.preventDefault();
			whileBusy(byId('password-submit'), () => this.signInFromDialog());
		});
		byId('password-cancel').addEventListener('click', () => {
			byId('password-dialog').close();
			this.renderSwitcher();
		});
	}

	/** Users as far as the console knows them: the workspace's list, or the signed-in ones. */
	known() {
		if (this.users.length > 0) {
			return this.users;
		}
		return [...this.sessions.byUserId.values()].map((session) => ({ _id: session.userId, username: session.username, roles: [] }));
	}

	actingUser() {
		const session = this.sessions.acting;
		return { userId: session.userId, username: session.username, isAdmin: this.isAdmin(session.userId) };
	}

	isAdmin(userId) {
		return Boolean(
			this.known()
				.find((candidate) => candidate._id === userId)
				?.roles?.includes('admin'),
		);
	}

	async refresh() {
		try {
			this.users = (await this.callAsOwner('GET', '/api/v1/users.list', { query: { count: LIST_COUNT } })).users ?? [];
			this.listProblem = undefined;
		} catch (error) {
			this.users = [];
			this.listProblem = `The workspace's users cannot be listed as @${this.sessions.owner.username}: ${error.message}`;
		}
		this.render();
	}

	render() {
		this.renderSwitcher();
		const problem = byId('users-problem');
		problem.hidden = !this.listProblem;
		problem.textContent = this.listProblem ?? '';
		const acting = this.sessions.acting.userId;
		replaceChildren(
			byId('user-rows'),
			this.known().map((user) => {
				const signedIn = this.sessions.has(user._id);
				const actButton =
					user._id === acting
						? h('span', { class: 'badge on' }, 'acting')
						: h('button', { type: 'button', class: 'secondary', onclick: () => this.actAs(user._id) }, 'Act as');
				return h(
					'tr',
					{ dataset: { username: user.username } },
					h(
						'td',
						{},
						h('strong', {}, `@${user.username}`),
						user.name && user.name !== user.username && h('span', { class: 'muted' }, ` ${user.name}`),
					),
					h(
						'td',
						{},
						(user.roles ?? []).map((role) => h('span', { class: `badge role-${role}` }, role)),
					),
					h('td', { class: 'muted' }, sessionState(user, signedIn)),
					h('td', { class: 'row-actions' }, actButton),
				);
			}),
		);
	}

	renderSwitcher() {
		const { acting } = this.sessions;
		const switcher = byId('acting-as');
		replaceChildren(
			switcher,
			this.known().map((user) =>
				h(
					'option',
					{ value: user._id, selected: user._id === acting.userId },
					`@${user.username}${this.sessions.has(user._id) ? '' : ' (not signed in)'}`,
				),
			),
		);
		byId('acting-box').classList.toggle('other', acting.userId !== this.sessions.owner.userId);
	}

	async actAs(userId) {
		if (!this.sessions.has(userId) && !(await this.obtainToken(userId))) {
			const user = this.known().find((candidate) => candidate._id === userId);
			byId('password-username').textContent = `@${user.username}`;
			byId('password-form').dataset.username = user.username;
			byId('password-input').value = '';
			byId('password-problem').hidden = true;
			byId('password-dialog').showModal();
			return;
		}
		this.sessions.actAs(userId);
		this.render();
		await this.onActingChanged();
	}

	/** An admin may take a token for any user, as Rocket.Chat's users.createToken allows. */
	async obtainToken(userId) {
		try {
			const answer = await this.callAsOwner('POST', '/api/v1/users.createToken', { body: { userId } });
			const user = this.known().find((candidate) => candidate._id === userId);
			this.sessions.adopt({ userId: answer.data.userId, authToken: answer.data.authToken, username: user?.username ?? userId });
			return true;
		} catch {
			// Not allowed or not offered: signing in with the user's password is the way left.
			return false;
		}
	}

	async signInFromDialog() {
		const { username } = byId('password-form').dataset;
		try {
			const session = await this.sessions.login(username, byId('password-input').value);
			byId('password-dialog').close();
			await this.actAs(session.userId);
		} catch (error) {
			const problem = byId('password-problem');
			problem.textContent = error.message;
			problem.hidden = false;
		}
	}

	/** users.create as the owner, then a first sign-in as the new user to keep their token. */
	async create() {
		const username = byId('user-username').value.trim();
		const password = byId('user-password').value;
		const roles = splitNames(byId('user-roles').value);
		const body = {
			username,
			password,
			name: byId('user-name').value.trim() || username,
			email: byId('user-email').value.trim() || `${username}@example.com`,
			roles: roles.length > 0 ? roles : ['user'],
			joinDefaultChannels: byId('user-join-defaults').checked,
			verified: true,
		};
		const action = `Create user @${username}`;
		try {
			await this.callAsOwner('POST', '/api/v1/users.create', { body });
		} catch (error) {
			notifyError(action, error);
			return;
		}
		try {
			await this.sessions.login(username, password);
			notifySuccess(action, `Signed in as @${username}: pick them under “Acting as”.`);
		} catch (error) {
			notifyError(`Sign in as the new user @${username}`, error);
		}
		for (const id of ['user-username', 'user-name', 'user-email', 'user-password']) {
			byId(id).value = '';
		}
		await this.refresh();
	}
}

/** Whether a user can act in the console: deactivated, signed in here, or not. */
function sessionState(user, signedIn) {
	if (user.active === false) {
		return 'deactivated';
	}
	return signedIn ? 'signed in' : 'not signed in';
}
