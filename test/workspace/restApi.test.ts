import { createHash } from 'node:crypto';

import AdmZip from 'adm-zip';

import type { RestClient, TestWorkspace } from './workspaceHarness';
import { ADMIN_PASSWORD, RestClient as Client, multipartBody, startTestWorkspace } from './workspaceHarness';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { roomEventsZip } from '../engine/packagedApp';
import { consoleErrorsDuring } from '../support/consoleErrors';

const NOT_LOGGED_IN = {
	success: false,
	error: 'You must be logged in to do this.',
	status: 'error',
	message: 'You must be logged in to do this.',
};
const PERMISSION_REQUIRED = { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' };

describe.each(RUNTIME_NAMES)("the workspace's REST API: Rocket.Chat's paths, shapes and errors in the %s runtime", (runtime) => {
	let ws: TestWorkspace;
	let anonymous: RestClient;
	let alice: RestClient;
	let bob: RestClient;
	let guest: RestClient;

	beforeAll(async () => {
		ws = await startTestWorkspace({ runtime });
		anonymous = new Client(ws.workspace.url);
		alice = await ws.userClient('alice');
		bob = await ws.userClient('bob');
		guest = await ws.userClient('gus', ['guest']);
	}, 30_000);

	afterAll(async () => {
		await ws?.close();
	});

	describe('logging in', () => {
		it('answers a login with the token and the user, as rc-apps and Rocket.Chat clients read it', async () => {
			const { status, body } = await anonymous.post('/api/v1/login', { username: 'admin', password: ADMIN_PASSWORD });

			expect(status).toBe(200);
			expect(body).toMatchObject({ status: 'success', success: true, data: { userId: ws.admin.userId, me: { username: 'admin', roles: ['admin'] } } });
			expect(body.data.authToken).toMatch(/^[\w-]{40,}$/);
			expect(body.data.me).not.toHaveProperty('passwordHash');
			const me = await new Client(ws.workspace.url, { userId: body.data.userId, authToken: body.data.authToken }).get('/api/v1/me');
			expect(me.body).toMatchObject({ _id: ws.admin.userId, username: 'admin', email: 'admin@example.com', success: true });
		});

		it('takes a username, an e-mail address, a SHA-256 digest of the password, or a resume token', async () => {
			const digest = createHash('sha256').update('alice-pw').digest('hex');
			for (const credentials of [
				{ user: 'alice@example.com', password: 'alice-pw' },
				{ user: 'alice', password: { digest, algorithm: 'sha-256' } },
			]) {
				expect((await anonymous.post('/api/v1/login', credentials)).body.data.userId).toBe(alice.userId);
			}
			const resumed = await anonymous.post('/api/v1/login', { resume: alice.session?.authToken });
			expect(resumed.body.data).toMatchObject({ userId: alice.userId, authToken: alice.session?.authToken });
		});

		it('refuses a wrong password, an unknown user and a bad token, and ends a session at logout', async () => {
			const refused = { status: 401, body: { success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' } };
			expect(await anonymous.post('/api/v1/login', { user: 'alice', password: 'wrong' })).toEqual(refused);
			expect(await anonymous.post('/api/v1/login', { user: 'nobody', password: 'x' })).toEqual(refused);
			expect(await anonymous.get('/api/v1/me')).toEqual({ status: 401, body: NOT_LOGGED_IN });
			expect(await new Client(ws.workspace.url, { userId: alice.userId, authToken: 'forged' }).get('/api/v1/me')).toEqual({
				status: 401,
				body: NOT_LOGGED_IN,
			});

			const session = await Client.login(ws.workspace.url, 'bob', 'bob-pw');
			expect((await session.post('/api/v1/logout', {})).body).toMatchObject({ status: 'success', success: true });
			expect((await session.get('/api/v1/me')).status).toBe(401);
		});

		it('lets an admin take a token for another user (users.createToken), to act as them', async () => {
			const { body } = await ws.admin.post('/api/v1/users.createToken', { username: 'bob' });
			const asBob = new Client(ws.workspace.url, body.data as { userId: string; authToken: string });
			expect((await asBob.get('/api/v1/me')).body.username).toBe('bob');
			expect(await alice.post('/api/v1/users.createToken', { username: 'bob' })).toEqual({ status: 403, body: PERMISSION_REQUIRED });
		});
	});

	describe('permissions', () => {
		it('keeps creating and listing users and managing apps to admins', async () => {
			expect(await alice.post('/api/v1/users.create', { username: 'eve', name: 'Eve', email: 'eve@example.com', password: 'x' })).toEqual({
				status: 403,
				body: PERMISSION_REQUIRED,
			});
			expect(await alice.get('/api/v1/users.list')).toEqual({ status: 401, body: { success: false, error: 'unauthorized' } });
			expect(await alice.get('/api/apps')).toEqual({ status: 403, body: PERMISSION_REQUIRED });
			expect(await alice.get(`/api/apps/${ws.appId}/settings`)).toEqual({ status: 403, body: PERMISSION_REQUIRED });
			expect(await alice.post(`/api/apps/${ws.appId}/status`, { status: 'manually_disabled' })).toEqual({ status: 403, body: PERMISSION_REQUIRED });

			const users = await ws.admin.get('/api/v1/users.list', { count: 2, offset: 1 });
			expect(users.body).toMatchObject({ count: 2, offset: 1, total: 5, success: true });
			expect(users.body.users[0]).toEqual(expect.objectContaining({ _id: expect.any(String), username: expect.any(String), roles: expect.any(Array) }));
		});

		it('keeps guests from creating channels, groups and teams, with each endpoint’s own error', async () => {
			expect(await guest.post('/api/v1/channels.create', { name: 'guest-room' })).toEqual({
				status: 403,
				body: { success: false, error: 'unauthorized' },
			});
			expect((await guest.post('/api/v1/groups.create', { name: 'guest-group' })).body).toMatchObject({ success: false, errorType: 'error-not-allowed' });
			expect(await guest.post('/api/v1/teams.create', { name: 'guest-team', type: 0 })).toEqual({
				status: 401,
				body: { success: false, error: 'unauthorized' },
			});
		});

		it('lets only owners and admins delete rooms and kick members', async () => {
			const room = (await alice.post('/api/v1/channels.create', { name: 'alices-room', members: ['bob'] })).body.channel;
			const notAllowed = { success: false, error: 'Not allowed [error-not-allowed]', errorType: 'error-not-allowed' };

			expect((await bob.post('/api/v1/channels.delete', { roomId: room._id })).body).toEqual({ ...notAllowed, details: { method: 'eraseRoom' } });
			expect((await bob.post('/api/v1/channels.kick', { roomId: room._id, username: 'alice' })).body).toEqual({
				...notAllowed,
				details: { method: 'removeUserFromRoom' },
			});
			expect((await ws.admin.post('/api/v1/channels.kick', { roomId: room._id, username: 'bob' })).status).toBe(200);
			expect((await ws.admin.post('/api/v1/channels.delete', { roomId: room._id })).body).toEqual({ success: true });
		});
	});

	describe('bad input', () => {
		it('answers malformed bodies, missing parameters and unknown rooms, users and routes with Rocket.Chat’s error shapes', async () => {
			const malformed = await alice.send('POST', '/api/v1/channels.create', '{"name": ', { 'Content-Type': 'application/json' });
			expect(malformed).toEqual({ status: 400, body: { success: false, error: expect.stringMatching(/^The request body is not valid JSON/) } });
			expect(await alice.post('/api/v1/channels.create', {})).toEqual({ status: 400, body: { success: false, error: 'Param "name" is required' } });
			expect((await alice.post('/api/v1/groups.create', { name: 'x', members: 'bob' })).body.error).toBe(
				'Body param "members" must be an array if provided',
			);
			expect((await ws.admin.post('/api/v1/users.create', { username: 'eve', name: 'Eve', password: 'x' })).body).toEqual({
				success: false,
				error: "must have required property 'email' [invalid-params]",
				errorType: 'invalid-params',
			});
			expect(await alice.get('/api/v1/channels.info', { roomId: 'nope' })).toEqual({
				status: 400,
				body: {
					success: false,
					error: 'The required "roomId" or "roomName" param provided does not match any channel [error-room-not-found]',
					errorType: 'error-room-not-found',
				},
			});
			expect((await alice.get('/api/v1/groups.info', { roomName: 'room-events-audit' })).body.errorType).toBe('error-room-not-found');
			expect((await alice.get('/api/v1/users.info', { username: 'nobody' })).body).toEqual({ success: false, error: 'User not found.' });
			const room = (await alice.post('/api/v1/channels.create', { name: 'inviting' })).body.channel;
			expect((await alice.post('/api/v1/channels.invite', { roomId: room._id, username: 'nobody' })).body).toMatchObject({
				errorType: 'error-invalid-user',
			});
			expect((await alice.post('/api/v1/channels.create', { name: 'inviting' })).body).toMatchObject({
				error: "A channel with name 'inviting' exists [error-duplicate-channel-name]",
				errorType: 'error-duplicate-channel-name',
			});
			expect(await alice.get('/api/v1/no.such.endpoint')).toEqual({
				status: 404,
				body: { success: false, error: 'Unknown API endpoint: GET /api/v1/no.such.endpoint' },
			});
		});

		it('refuses an upload that is not an app, and keeps running', async () => {
			const notAZip = multipartBody({ app: { filename: 'notes.zip', content: Buffer.from('not a zip at all') } });
			expect(await ws.admin.send('POST', '/api/apps', notAZip.body, notAZip.headers)).toEqual({
				status: 400,
				body: { success: false, error: expect.stringMatching(/^Not a Rocket\.Chat App package: /) },
			});
			const zipWithoutApp = new AdmZip();
			zipWithoutApp.addFile('README.md', Buffer.from('hello'));
			const noManifest = multipartBody({ app: { filename: 'readme.zip', content: zipWithoutApp.toBuffer() } });
			expect((await ws.admin.send('POST', '/api/apps', noManifest.body, noManifest.headers)).body.error).toBe(
				'Not a Rocket.Chat App package: Invalid App package. No "app.json" file.',
			);
			expect((await ws.admin.post('/api/apps', { url: 'https://example.com/app.zip' })).status).toBe(400);
			expect((await anonymous.get('/api/info')).body).toEqual({
				version: runtime === 'deno' ? '8.4.0' : '6.9.0',
				appsEngine: { runtime, version: runtime === 'deno' ? '1.62.0' : '1.42.1', instances: 1 },
				success: true,
			});
		});
	});

	describe('rooms', () => {
		it('lists channels, members and messages with count, offset and total, newest message first', async () => {
			const room = (await alice.post('/api/v1/channels.create', { name: 'chatter', members: ['bob'] })).body.channel;
			for (const text of ['one', 'two', 'three']) await bob.post('/api/v1/chat.postMessage', { roomId: room._id, text });

			const messages = await alice.get('/api/v1/channels.messages', { roomId: room._id, count: 2 });
			expect(messages.body).toMatchObject({ count: 2, offset: 0, total: 3, success: true });
			expect(messages.body.messages.map((message: { msg: string }) => message.msg)).toEqual(['three', 'two']);
			expect(messages.body.messages[0]).toMatchObject({ rid: room._id, u: { username: 'bob' } });
			const members = await alice.get('/api/v1/channels.members', { roomId: room._id });
			expect(members.body).toMatchObject({ count: 2, offset: 0, total: 2 });
			expect(members.body.members.map((member: { username: string }) => member.username)).toEqual(['alice', 'bob']);
			expect((await alice.get('/api/v1/channels.roles', { roomId: room._id })).body.roles).toEqual([
				{ rid: room._id, u: expect.objectContaining({ username: 'alice' }), roles: ['owner'] },
			]);
			const list = await bob.get('/api/v1/channels.list', { count: 1, offset: 0 });
			expect(list.body).toMatchObject({ count: 1, offset: 0, success: true });
			expect(list.body.total).toBeGreaterThan(1);
			expect((await alice.get('/api/v1/channels.info', { roomName: 'chatter' })).body.channel).toMatchObject({ _id: room._id, msgs: 3, usersCount: 2 });
		});

		it('posts into a public channel by name, joining it first, and refuses read-only rooms to their readers', async () => {
			const room = (await alice.post('/api/v1/channels.create', { name: 'announcements', readOnly: true })).body.channel;
			expect((await bob.post('/api/v1/chat.postMessage', { channel: '#announcements', text: 'hi' })).body).toMatchObject({
				success: false,
				errorType: 'error-not-allowed',
			});
			expect((await alice.get('/api/v1/channels.members', { roomId: room._id })).body.total).toBe(2);
			const posted = await alice.post('/api/v1/chat.postMessage', { channel: '#announcements', text: 'News' });
			expect(posted.body).toMatchObject({ channel: '#announcements', message: { msg: 'News', rid: room._id }, success: true });
			expect(typeof posted.body.ts).toBe('number');
		});
	});

	describe('apps', () => {
		it('describes the installed app as the admin UI and rc-apps read it', async () => {
			const manifest = JSON.parse(new AdmZip(ws.workspace.store.getAppPackage(ws.appId)).readAsText('app.json')) as { name: string; version: string };
			const app = await ws.admin.get(`/api/apps/${ws.appId}`);
			expect(app.body).toMatchObject({
				success: true,
				app: { id: ws.appId, name: manifest.name, version: manifest.version, status: expect.stringMatching(/enabled$/) },
			});
			expect(app.body.app.languages.en).toHaveProperty('audit_enabled');
			expect((await ws.admin.get('/api/apps')).body.apps).toEqual([app.body.app]);
			expect((await alice.get('/api/apps/installed')).body.apps).toEqual([app.body.app]);
			expect(await ws.admin.get('/api/apps/no-such-app')).toEqual({
				status: 404,
				body: { success: false, error: 'No App found by the id of: no-such-app' },
			});
			// The admin UI labels settings from the app's i18n, which anyone may read.
			expect((await anonymous.get(`/api/apps/${ws.appId}/languages`)).body.languages.en.audit_enabled).toEqual(expect.any(String));
			expect((await ws.admin.get(`/api/apps/${ws.appId}/settings/audit_enabled`)).body.setting).toMatchObject({ id: 'audit_enabled', value: true });
		});

		it('disables and enables the app; a disabled app hears no events', async () => {
			const status = (value: unknown) => ws.admin.post(`/api/apps/${ws.appId}/status`, { status: value });
			expect((await status('manually_disabled')).body).toEqual({ status: 'manually_disabled', success: true });
			const before = (await ws.auditMessages()).length;
			await alice.post('/api/v1/channels.create', { name: 'unheard' });
			await new Promise((done) => setTimeout(done, 100));
			expect(await ws.auditMessages()).toHaveLength(before);

			// Apps-Engine 1.62 keeps an app's slash commands while it is disabled; enabling it runs its
			// extendConfiguration again, whose provideSlashCommand the engine refuses (the command is
			// still there) and logs to the server's console. The app and its command stay in service.
			const serverConsole = await consoleErrorsDuring(async () => {
				expect((await status('manually_enabled')).body).toEqual({ status: 'manually_enabled', success: true });
			});
			expect(serverConsole).toEqual(
				{ vm2: [], deno: [expect.stringMatching(/^JSON-RPC error received:[\s\S]*The command "room-events" already exists in the system/)] }[runtime],
			);
			expect((await ws.admin.get(`/api/apps/${ws.appId}/status`)).body.status).toBe('manually_enabled');
			await alice.post('/api/v1/channels.create', { name: 'heard-again' });
			expect((await ws.auditMessages()).pop()).toMatch(/^\*Room created\* · #heard-again /);
			expect((await status(42)).body).toEqual({ success: false, error: 'Invalid status provided, it must be "status" field and a string.' });
			expect((await status('sleeping')).status).toBe(400);
		});

		it('answers a refused setting value as Rocket.Chat does (success, listed as updated) and serves the app logs that say why', async () => {
			const startDate = new Date().toISOString();
			// Rocket.Chat's POST /api/apps/:id/settings lists every posted setting whose value differed,
			// whatever onPreSettingUpdate kept: the answer cannot tell a refusal; the stored value and the logs can.
			const saved = await ws.saveSettings({ naming_auto_members: 'proj-*: ghost' });
			expect(saved).toMatchObject({ status: 200, body: { success: true } });
			expect(saved.body.updated).toContainEqual(expect.objectContaining({ id: 'naming_auto_members', value: 'proj-*: ghost' }));
			const { setting: kept } = (await ws.admin.get(`/api/apps/${ws.appId}/settings/naming_auto_members`)).body;
			expect(kept.value ?? kept.packageValue).toBe('');

			const logs = (query: Record<string, string | number> = {}) => ws.admin.get(`/api/apps/${ws.appId}/logs`, query);
			const all = await logs();
			expect(all.body).toMatchObject({ success: true, offset: 0, count: expect.any(Number), total: expect.any(Number) });
			expect(all.body.count).toBe(all.body.logs.length);
			const records = all.body.logs as Array<{
				method: string;
				_updatedAt: string;
				instanceId: string;
				entries: Array<{ severity: string; args: unknown[] }>;
			}>;
			expect(records.map((record) => record._updatedAt)).toEqual([...records.map((record) => record._updatedAt)].sort().reverse());
			const refusal = records.find((record) =>
				record.entries.some((entry) => entry.severity === 'error' && JSON.stringify(entry.args).includes('ghost')),
			);
			expect(refusal).toMatchObject({
				appId: ws.appId,
				method: { vm2: 'onPreSettingUpdate', deno: 'app:onPreSettingUpdate' }[runtime],
				instanceId: ws.workspace.engine.instanceId,
				_id: expect.any(String),
				startTime: expect.any(String),
				totalTime: expect.any(Number),
			});
			expect(JSON.stringify(refusal?.entries)).toContain('for \\"naming_auto_members\\" and keeps the previous one: no user is named \\"ghost\\"');

			const since = await logs({ startDate, method: refusal?.method ?? '', logLevel: 0 });
			expect(since.body.logs).toEqual([refusal]);
			expect((await logs({ count: 1, offset: 1 })).body).toMatchObject({ offset: 1, count: 1, total: all.body.total, logs: [records[1]] });
			expect((await logs({ startDate: new Date(Date.now() + 60_000).toISOString() })).body).toMatchObject({ logs: [], total: 0 });
			expect((await logs({ logLevel: 3 })).body).toEqual({
				success: false,
				error: 'must be equal to one of the allowed values [invalid-params]',
				errorType: 'invalid-params',
			});
			expect((await logs({ level: 0 })).status).toBe(400);
			expect((await logs({ startDate: 'yesterday' })).status).toBe(400);
			expect(await ws.admin.get('/api/apps/no-such-app/logs')).toEqual({
				status: 404,
				body: { success: false, error: 'No App found by the id of: no-such-app' },
			});
			expect(await alice.get(`/api/apps/${ws.appId}/logs`)).toEqual({ status: 403, body: PERMISSION_REQUIRED });
		});

		// Last: it uninstalls and installs the app again, which resets its settings.
		it("takes dist's zip uploaded as the admin UI and rc-apps upload it: refused while installed, an update, and after an uninstall an install that enforces a policy", async () => {
			const upload = multipartBody({ app: { filename: 'room-events.zip', content: roomEventsZip() } });
			const deploy = (path: string) => ws.admin.send('POST', path, upload.body, upload.headers);
			expect((await deploy('/api/apps')).body).toMatchObject({ success: false, messages: ['App already exists.'] });
			const enabled = { success: true, app: { id: ws.appId, status: expect.stringMatching(/enabled$/) } };
			expect((await deploy(`/api/apps/${ws.appId}`)).body).toMatchObject(enabled);

			expect((await ws.admin.send('DELETE', `/api/apps/${ws.appId}`)).body.success).toBe(true);
			expect((await deploy('/api/apps')).body).toMatchObject({ ...enabled, implemented: expect.objectContaining({ IPreRoomCreatePrevent: true }) });
			await ws.admin.post(`/api/apps/${ws.appId}/settings/creation_blocked_names`, { setting: { id: 'creation_blocked_names', value: 'secret-*' } });
			expect((await alice.post('/api/v1/channels.create', { name: 'secret-rest' })).body).toMatchObject({
				success: false,
				error: expect.stringContaining('secret-*'),
				errorType: 'error-app-prevented',
			});
		});
	});
});
