import { callApi, isLoggedOut } from './api.js';
import { LogsPanel } from './appLogs.js';
import { AuditFeed } from './auditFeed.js';
import { byId, whileBusy } from './dom.js';
import { notifyError, notifySuccess } from './notices.js';
import { listVisibleRooms, RoomsPanel } from './rooms.js';
import { Sessions } from './sessions.js';
import { SettingsPanel } from './settingsForm.js';
import { UsersPanel } from './users.js';

// Wires the page: sign-in, tabs, and the panels, which all talk to the workspace through
// `callAs` so that an expired token is renewed (or dropped) in one place.

const AUDIT_ROOM_SETTING = 'audit_room';
const AUDIT_SWITCH_SETTING = 'audit_enabled';

const sessions = new Sessions();

async function callAs(session, method, path, options) {
	try {
		return await callApi(session, method, path, options);
	} catch (error) {
		if (!isLoggedOut(error)) {
			throw error;
		}
		const renewed = await sessions.renew(session.userId).catch(() => undefined);
		if (renewed) {
			return callApi(renewed, method, path, options);
		}
		if (session.userId === sessions.ownerId) {
			signOut(`The session of @${session.username} has ended: sign in again.`);
		} else {
			users.render();
		}
		throw error;
	}
}

const callAsOwner = (method, path, options) => callAs(sessions.owner, method, path, options);
const callAsActing = (method, path, options) => callAs(sessions.acting, method, path, options);

/** Runs a room action, shows what came of it, and reads the rooms again either way. */
async function act(action, work) {
	let result;
	try {
		result = (await work()) ?? true;
		notifySuccess(action);
	} catch (error) {
		notifyError(action, error);
	}
	await rooms.refresh();
	return result;
}

const users = new UsersPanel({ sessions, callAsOwner, onActingChanged: () => rooms.refresh() });
const rooms = new RoomsPanel({ callAsActing, acting: () => users.actingUser(), users: () => users.known(), act });
const feed = new AuditFeed({ callAsOwner, onActivity: () => rooms.refresh() });
const settings = new SettingsPanel({
	callAsOwner,
	// Settings are the owner's: a room pick offers the rooms the owner sees, direct messages aside.
	listRooms: async () => (await listVisibleRooms(callAsOwner, users.isAdmin(sessions.ownerId))).filter((room) => room.t !== 'd'),
	onLoaded: (loaded) => {
		feed.setRoomName(loaded[AUDIT_ROOM_SETTING]?.value ?? loaded[AUDIT_ROOM_SETTING]?.packageValue);
		const auditSwitch = loaded[AUDIT_SWITCH_SETTING];
		const auditing = auditSwitch?.value ?? auditSwitch?.packageValue;
		feed.setHint(
			auditSwitch && auditing !== true
				? `Audit messages are switched off: turn on “${settings.text(auditSwitch.i18nLabel)}” under App settings.`
				: undefined,
		);
	},
});

const logs = new LogsPanel({ callAsOwner, app: () => settings.currentApp() });

function showLogin(problem) {
	byId('console-view').hidden = true;
	byId('session-bar').hidden = true;
	byId('login-view').hidden = false;
	byId('login-problem').hidden = !problem;
	byId('login-problem').textContent = problem ?? '';
	byId('login-username').focus();
}

async function startConsole() {
	byId('login-view').hidden = true;
	byId('console-view').hidden = false;
	byId('session-bar').hidden = false;
	byId('owner-name').textContent = `@${sessions.owner.username}`;
	feed.start();
	await users.refresh();
	await rooms.refresh();
	await settings.load();
}

function signOut(problem) {
	feed.stop();
	for (const session of sessions.byUserId.values()) {
		// Ends the tokens the console holds; one may have ended already, which is just as well.
		callApi(session, 'POST', '/api/v1/logout').catch(() => undefined);
	}
	sessions.forgetAll();
	showLogin(problem);
}

function showTab(tab) {
	for (const button of document.querySelectorAll('[role="tab"]')) {
		const selected = button === tab;
		button.setAttribute('aria-selected', String(selected));
		byId(button.getAttribute('aria-controls')).hidden = !selected;
	}
}

byId('login-form').addEventListener('submit', (event) => {
	event.preventDefault();
	whileBusy(byId('login-submit'), async () => {
		try {
			const session = await sessions.login(byId('login-username').value.trim(), byId('login-password').value);
			sessions.becomeOwner(session.userId);
			byId('login-password').value = '';
			await startConsole();
		} catch (error) {
			showLogin(error.message);
		}
	});
});

byId('sign-out').addEventListener('click', () => signOut());

for (const tab of document.querySelectorAll('[role="tab"]')) {
	tab.addEventListener('click', () => {
		showTab(tab);
		if (tab.id === 'tab-logs') {
			logs.load();
		}
	});
}

// The top bar wraps on narrow screens: what sticks below it (the tabs, the audit room) reads its height.
new ResizeObserver(([entry]) => {
	document.documentElement.style.setProperty('--topbar-height', `${Math.ceil(entry.borderBoxSize[0].blockSize)}px`);
}).observe(document.querySelector('.topbar'));

/** Names the Apps-Engine runtime the workspace runs the app in, and on how many instances, from /api/info. */
async function showRuntime() {
	const { appsEngine } = await callApi(undefined, 'GET', '/api/info');
	const runtime = appsEngine.runtime === 'deno' ? 'Deno runtime' : 'vm2 runtime';
	const instances = appsEngine.instances > 1 ? ` · ${appsEngine.instances} instances` : '';
	byId('runtime').textContent = `${runtime} · Apps-Engine ${appsEngine.version}${instances}`;
}

async function boot() {
	showRuntime().catch(() => undefined);
	if (!sessions.owner) {
		showLogin();
		return;
	}
	try {
		await callApi(sessions.owner, 'GET', '/api/v1/me');
	} catch (error) {
		sessions.forgetAll();
		showLogin(isLoggedOut(error) ? undefined : error.message);
		return;
	}
	await startConsole();
}

boot().catch((error) => notifyError('Start the console', error));
