import type { Answer, RestClient, TestWorkspace } from './workspaceHarness';
import { startTestWorkspace, waitFor } from './workspaceHarness';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';

/** Rocket.Chat's answer to an action an app refused with its own message. */
const preventedWith = (message: RegExp) => ({
	success: false,
	error: expect.stringMatching(new RegExp(`${message.source}.* \\[error-app-prevented\\]$`)),
	errorType: 'error-app-prevented',
});

describe.each(RUNTIME_NAMES)('policies set through the settings endpoint block actions with Rocket.Chat errors in the %s runtime', (runtime) => {
	let ws: TestWorkspace;
	let alice: RestClient;
	let bob: RestClient;

	beforeAll(async () => {
		ws = await startTestWorkspace({ runtime });
		alice = await ws.userClient('alice');
		bob = await ws.userClient('bob');
	}, 30_000);

	afterAll(async () => {
		await ws?.close();
	});

	async function auditTitlesEventually(expected: RegExp): Promise<void> {
		await ws.runJobs();
		await waitFor(async () => expect((await ws.auditMessages()).map((message) => message.split('\n')[0])).toContainEqual(expect.stringMatching(expected)));
	}

	it('saves settings as the admin UI does: every setting posted, those whose value differs from the stored one updated', async () => {
		const updatedIds = (answer: Answer) => (answer.body.updated as Array<{ id: string }>).map((setting) => setting.id);
		// A setting never saved has no value yet: the first save stores every one, as in Rocket.Chat.
		const first = await ws.saveSettings({ creation_blocked_names: 'secret-*' });
		expect(first.status).toBe(200);
		expect(updatedIds(first)).toEqual(expect.arrayContaining(['creation_blocked_names', 'join_locked_rooms', 'dry_run']));

		expect(updatedIds(await ws.saveSettings({ creation_blocked_names: 'secret-*', join_locked_rooms: 'vault' }))).toEqual(['join_locked_rooms']);
		const { body } = await ws.admin.get(`/api/apps/${ws.appId}/settings`);
		expect(body.settings.creation_blocked_names).toMatchObject({ value: 'secret-*', type: 'string', packageValue: '' });
	});

	it('blocks the creation of a channel, a group and a discussion with error-app-prevented, and a team with error-team-creation', async () => {
		const channel = await alice.post('/api/v1/channels.create', { name: 'secret-plans' });
		expect(channel).toEqual({ status: 400, body: preventedWith(/secret-\*/) });
		expect((await alice.post('/api/v1/groups.create', { name: 'secret-group' })).body).toEqual(preventedWith(/secret-\*/));
		const parent = (await alice.post('/api/v1/channels.create', { name: 'lobby' })).body.channel;
		expect((await alice.post('/api/v1/rooms.createDiscussion', { prid: parent._id, t_name: 'secret-talk' })).body).toEqual(preventedWith(/secret-\*/));
		// Rocket.Chat's team service reports every failure, an app's refusal included, as a bare error-team-creation.
		expect(await alice.post('/api/v1/teams.create', { name: 'secret-team', type: 0 })).toEqual({
			status: 400,
			body: { success: false, error: 'error-team-creation' },
		});

		expect((await alice.get('/api/v1/channels.info', { roomName: 'secret-plans' })).body.errorType).toBe('error-room-not-found');
		await auditTitlesEventually(/^\*Room creation denied\* · #secret-plans/);
	});

	it('keeps users out of a locked room, whether they join or are invited', async () => {
		const vault = (await alice.post('/api/v1/channels.create', { name: 'vault' })).body.channel;

		expect(await bob.post('/api/v1/channels.join', { roomId: vault._id })).toEqual({ status: 400, body: preventedWith(/vault/) });
		expect((await alice.post('/api/v1/channels.invite', { roomId: vault._id, username: 'bob' })).body).toEqual(preventedWith(/vault/));

		expect(
			(await alice.get('/api/v1/channels.members', { roomId: vault._id })).body.members.map((member: { username: string }) => member.username),
		).toEqual(['alice']);
		await auditTitlesEventually(/^\*Join denied\* · #vault/);
	});

	it('keeps members in a mandatory room, and rooms from deletion, with the errors Rocket.Chat gives', async () => {
		await ws.saveSettings({ leave_mandatory_names: 'all-hands', deletion_protected_names: 'keep-*' });
		const allHands = (await alice.post('/api/v1/channels.create', { name: 'all-hands', members: ['bob'] })).body.channel;
		const kept = (await alice.post('/api/v1/channels.create', { name: 'keep-this' })).body.channel;

		expect(await bob.post('/api/v1/channels.leave', { roomId: allHands._id })).toEqual({ status: 400, body: preventedWith(/./) });
		expect(await alice.post('/api/v1/channels.delete', { roomId: kept._id })).toEqual({
			status: 400,
			body: {
				success: false,
				error: 'A Rocket.Chat App prevented the room erasing. [error-app-prevented-deleting]',
				errorType: 'error-app-prevented-deleting',
				details: { method: 'eraseRoom' },
			},
		});
		expect((await alice.get('/api/v1/channels.info', { roomId: kept._id })).status).toBe(200);
		await auditTitlesEventually(/^\*Room deletion denied\* · #keep-this/);
	});

	it('lets everything through in dry-run mode, auditing what would have been denied', async () => {
		await ws.saveSettings({ dry_run: true });

		const created = await alice.post('/api/v1/channels.create', { name: 'secret-dry' });

		expect(created.status).toBe(200);
		await auditTitlesEventually(/^\*Room creation would have been denied \(dry run, not enforced\)\* · #secret-dry/);
	});
});
