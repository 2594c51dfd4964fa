import type { RestClient, TestWorkspace } from './workspaceHarness';
import { startTestWorkspace } from './workspaceHarness';
import { toAppUserById } from '../../workspace/engine/converters';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { REGISTERED_COMMAND } from '../engine/roomEventsHost';
import { consoleErrorsDuring } from '../support/consoleErrors';

/** Rocket.Chat's answer to an action an app refused with its own message. */
const preventedWith = (message: string) => ({ success: false, error: `${message} [error-app-prevented]`, errorType: 'error-app-prevented' });

/**
 * /room-events end to end, as a client runs it: commands.run over REST, the answer read back as the
 * ephemeral notification the caller's client would show (the workspace's own read of it).
 */
describe.each(RUNTIME_NAMES)('slash commands over REST in the %s runtime', (runtime) => {
	let ws: TestWorkspace;
	let alice: RestClient;
	let town: { _id: string };

	beforeAll(async () => {
		ws = await startTestWorkspace({ runtime });
		alice = await ws.userClient('alice');
		town = (await alice.post('/api/v1/channels.create', { name: 'town' })).body.channel;
	}, 30_000);

	afterAll(async () => {
		await ws?.close();
	});

	/** Runs the command as `client` in `roomId` and answers the text of the one notification it got. */
	async function run(client: RestClient, params: string, roomId = town._id): Promise<string> {
		const before = (await client.get('/api/workspace/notifications', { roomId })).body.notifications as unknown[];
		expect(await client.post('/api/v1/commands.run', { command: 'room-events', params, roomId })).toEqual({ status: 200, body: { success: true } });
		const after = (await client.get('/api/workspace/notifications', { roomId })).body.notifications as Array<Record<string, any>>;
		expect(after).toHaveLength(before.length + 1);
		const answer = after[after.length - 1];
		expect(answer).toMatchObject({ rid: roomId, private: true, u: { username: 'room-events.bot' } });
		return answer.msg as string;
	}

	it('lists and describes the command as Rocket.Chat does, to anyone signed in', async () => {
		expect((await alice.get('/api/v1/commands.list')).body).toEqual({
			commands: [REGISTERED_COMMAND],
			appsLoaded: true,
			offset: 0,
			count: 1,
			total: 1,
			success: true,
		});
		expect((await alice.get('/api/v1/commands.get', { command: 'Room-Events' })).body).toEqual({
			command: {
				command: 'room-events',
				description: REGISTERED_COMMAND.description,
				params: REGISTERED_COMMAND.params,
				clientOnly: false,
				providesPreview: false,
			},
			success: true,
		});
		expect(await alice.get('/api/v1/commands.get', { command: 'nope' })).toEqual({
			status: 400,
			body: { success: false, error: 'There is no command in the system by the name of: nope' },
		});
	});

	it('answers the admin alone, in the room the command was typed in', async () => {
		const status = await run(ws.admin, 'status');
		expect(status.split('\n')[0]).toBe('*Room Events 0.1.0*');
		expect(status).toContain('Audit: on · room #room-events-audit');
		const aliceSees = (await alice.get('/api/workspace/notifications', { roomId: town._id })).body.notifications as Array<{ msg: string }>;
		expect(aliceSees.map((notification) => notification.msg)).not.toContain(status);
		// Ephemeral: nothing of it is in the room's history.
		expect(
			((await alice.get('/api/v1/channels.messages', { roomId: town._id })).body.messages as Array<{ msg: string }>).map((message) => message.msg),
		).not.toContain(status);
	});

	it('runs for a user without manage-apps, as Rocket.Chat does (the client only hides it), and the app refuses', async () => {
		await expect(run(alice, 'status')).resolves.toBe('Only users with the admin role can use /room-events.');
	});

	it('refuses what Rocket.Chat refuses before the app is asked', async () => {
		const { group } = (await ws.admin.post('/api/v1/groups.create', { name: 'staff' })).body;
		expect(await alice.post('/api/v1/commands.run', { command: 'room-events', params: 'status', roomId: group._id })).toEqual({
			status: 403,
			body: { success: false, error: 'User does not have access to this room' },
		});
		expect(await alice.post('/api/v1/commands.run', { command: 'no-such', roomId: town._id })).toEqual({
			status: 400,
			body: { success: false, error: 'The command provided does not exist (or is disabled).' },
		});
		expect((await alice.post('/api/v1/commands.run', { command: 'room-events', roomId: town._id, tmid: 'no-such-message' })).body).toEqual({
			success: false,
			error: 'Invalid thread.',
		});
		expect((await alice.post('/api/v1/commands.run', { command: 'room-events' })).body).toEqual({
			success: false,
			error: "must have required property 'roomId' [invalid-params]",
			errorType: 'invalid-params',
		});
	});

	it('locks and unlocks a room through the app settings: the admin UI shows it, joins are refused, the audit room says who and why', async () => {
		await expect(run(ws.admin, 'lock #town "incident 42"')).resolves.toBe('#town is locked: it admits no new members until it is unlocked.');
		expect((await ws.admin.get(`/api/apps/${ws.appId}/settings/join_locked_rooms`)).body.setting.value).toBe('town');
		const bob = await ws.userClient('bob');
		expect((await bob.post('/api/v1/channels.join', { roomId: town._id })).body).toEqual(
			preventedWith('The room "town" is locked: it admits no new members until it is unlocked.'),
		);
		await expect(run(ws.admin, 'unlock #town')).resolves.toBe('#town is unlocked.');
		expect((await ws.admin.get(`/api/apps/${ws.appId}/settings/join_locked_rooms`)).body.setting.value).toBe('');
		expect((await bob.post('/api/v1/channels.join', { roomId: town._id })).body.success).toBe(true);
		const titles = (await ws.auditMessages()).map((message) => message.split('\n').slice(0, 2).join(' / '));
		expect(titles).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^\*Room locked\* · #town .* \/ Locked by: @admin$/),
				expect.stringMatching(/^\*Room unlocked\* · #town /),
			]),
		);
	});

	it("keeps a user's chosen language and the workspace's, which the app reads", async () => {
		expect(await alice.post('/api/v1/users.setPreferences', { data: { language: 'pt-BR' } })).toEqual({
			status: 200,
			body: { user: { _id: alice.userId, settings: { preferences: { language: 'pt-BR' } } }, success: true },
		});
		expect((await alice.get('/api/v1/me')).body.settings.preferences).toEqual({ language: 'pt-BR' });
		// The user the command bridge and the room events hand the app.
		expect(toAppUserById(ws.workspace.store, alice.userId)?.settings).toEqual({ preferences: { language: 'pt-BR' } });
		expect((await alice.post('/api/v1/users.setPreferences', { userId: ws.admin.userId, data: { language: 'de' } })).body).toEqual({
			success: false,
			error: 'Editing user is not allowed [error-action-not-allowed]',
			errorType: 'error-action-not-allowed',
		});

		expect((await ws.admin.get('/api/v1/settings/Language')).body).toEqual({ _id: 'Language', value: '', success: true });
		expect((await ws.admin.post('/api/v1/settings/Language', { value: 'de' })).body).toEqual({ success: true });
		expect((await ws.admin.get('/api/v1/settings/Language')).body.value).toBe('de');
		expect((await alice.post('/api/v1/settings/Language', { value: 'fr' })).status).toBe(403);
		expect(await ws.admin.get('/api/v1/settings/No_Such_Setting')).toEqual({ status: 400, body: { success: false } });
		await ws.admin.post('/api/v1/settings/Language', { value: '' });
	});

	it('answers for the command of a disabled app as its engine does: 1.62 keeps it and refuses to run it, 1.42.1 drops it', async () => {
		await ws.admin.post(`/api/apps/${ws.appId}/status`, { status: 'manually_disabled' });
		const answer = await ws.admin.post('/api/v1/commands.run', { command: 'room-events', params: 'status', roomId: town._id });
		expect(answer).toEqual({
			status: 400,
			body: { success: false, error: { deno: 'App not enabled', vm2: 'The command provided does not exist (or is disabled).' }[runtime] },
		});
		// 1.62 re-runs extendConfiguration on enable and refuses the command it kept (restApi.test.ts says more).
		const serverConsole = await consoleErrorsDuring(async () => {
			await ws.admin.post(`/api/apps/${ws.appId}/status`, { status: 'manually_enabled' });
		});
		expect(serverConsole).toEqual(
			{ vm2: [], deno: [expect.stringMatching(/^JSON-RPC error received:[\s\S]*The command "room-events" already exists in the system/)] }[runtime],
		);
		await expect(run(ws.admin, 'help')).resolves.toMatch(/^\*\/room-events subcommands\*/);
	});
});

describe.each(RUNTIME_NAMES)('a lock from /room-events on a cluster of two instances, %s runtime', (runtime) => {
	let ws: TestWorkspace;

	beforeAll(async () => {
		ws = await startTestWorkspace({ runtime, instances: 2 });
	}, 30_000);

	afterAll(async () => {
		await ws?.close();
	});

	it('is replayed on the other instance, which then shows it and enforces it', async () => {
		const town = (await ws.admin.post('/api/v1/channels.create', { name: 'town' })).body.channel;
		const ran = await ws.admin.post('/api/v1/commands.run', { command: 'room-events', params: 'lock #town', roomId: town._id });
		expect(ran.body).toEqual({ success: true });
		const other = 1 - (ran.instance as number);
		expect(ws.workspace.cluster.recentBroadcasts()).toContainEqual({
			from: ran.instance,
			to: other,
			broadcast: { event: 'apps.settingUpdated', appId: ws.appId, setting: expect.objectContaining({ id: 'join_locked_rooms', value: 'town' }) },
			outcome: 'applied',
		});
		expect(ws.workspace.cluster.instance(other).getAppSettings(ws.appId).join_locked_rooms.value).toBe('town');
		const bob = await ws.userClient('bob');
		const joins = [await bob.post('/api/v1/channels.join', { roomId: town._id }), await bob.post('/api/v1/channels.join', { roomId: town._id })];
		expect(joins.map((join) => join.instance).sort()).toEqual([0, 1]);
		for (const join of joins) expect(join.body.errorType).toBe('error-app-prevented');
	});
});
