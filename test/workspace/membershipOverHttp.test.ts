import type { RestClient, TestWorkspace } from './workspaceHarness';
import { startTestWorkspace, waitFor } from './workspaceHarness';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';

/** The membership policies of issue 5, as users meet them through the REST API. */
describe.each(RUNTIME_NAMES)('membership policies over HTTP: joining, inviting, leaving and kicking as different users in the %s runtime', (runtime) => {
	let ws: TestWorkspace;
	let alice: RestClient;
	let bob: RestClient;
	let carol: RestClient;
	let saved: Awaited<ReturnType<TestWorkspace['saveSettings']>>;

	beforeAll(async () => {
		ws = await startTestWorkspace({ runtime });
		alice = await ws.userClient('alice');
		bob = await ws.userClient('bob');
		carol = await ws.userClient('carol', ['user', 'security']);
		await ws.userClient('gus', ['guest']);
		saved = await ws.saveSettings({
			join_rules: 'security-*: security',
			join_keep_guests_out_of_channels: true,
			join_invite_only_names: 'board-*',
			join_capacity: 'tiny-*: 2',
			join_exempt_roles: '',
			leave_mandatory_names: 'company-*',
		});
	}, 30_000);

	afterAll(async () => {
		await ws?.close();
	});

	const create = async (name: string) => (await alice.post('/api/v1/channels.create', { name })).body.channel as { _id: string };
	const errorOf = async (answer: Promise<{ status: number; body: { error?: string; errorType?: string } }>) => {
		const { status, body } = await answer;
		return { status, errorType: body.errorType, error: body.error };
	};
	const membersOf = async (roomId: string) =>
		((await alice.get('/api/v1/channels.members', { roomId })).body.members as Array<{ username: string }>).map((member) => member.username).sort();

	it('saves the policies, the custom role named in a rule being known', () => {
		expect(saved.status).toBe(200);
	});

	it('admits only the roles a join rule names, whether users join or are invited', async () => {
		const vault = await create('security-vault');
		expect(await errorOf(bob.post('/api/v1/channels.join', { roomId: vault._id }))).toEqual({
			status: 400,
			errorType: 'error-app-prevented',
			error: 'Only users with the role "security" may join "security-vault". [error-app-prevented]',
		});
		expect((await errorOf(alice.post('/api/v1/channels.invite', { roomId: vault._id, username: 'bob' }))).errorType).toBe('error-app-prevented');
		expect((await carol.post('/api/v1/channels.join', { roomId: vault._id })).status).toBe(200);
		expect(await membersOf(vault._id)).toEqual(['alice', 'carol']);
	});

	it('keeps guests out of public channels, even when a member adds them', async () => {
		const lobby = await create('lobby');
		// Rocket.Chat's guest role cannot join channels by itself; being added is where the policy matters.
		expect(await errorOf(alice.post('/api/v1/channels.invite', { roomId: lobby._id, username: 'gus' }))).toEqual({
			status: 400,
			errorType: 'error-app-prevented',
			error: 'Guests cannot join public rooms in this workspace. [error-app-prevented]',
		});
		expect(await membersOf(lobby._id)).toEqual(['alice']);
	});

	it('refuses joining an invite-only room alone and allows being invited by a member', async () => {
		const board = await create('board-2027');
		expect((await errorOf(bob.post('/api/v1/channels.join', { roomId: board._id }))).error).toBe(
			'"board-2027" is invite-only: ask a member to add you. [error-app-prevented]',
		);
		expect((await alice.post('/api/v1/channels.invite', { roomId: board._id, username: 'bob' })).status).toBe(200);
		expect(await membersOf(board._id)).toEqual(['alice', 'bob']);
	});

	it('stops joins at the capacity of the room', async () => {
		const tiny = await create('tiny-room');
		expect((await bob.post('/api/v1/channels.join', { roomId: tiny._id })).status).toBe(200);
		expect((await errorOf(carol.post('/api/v1/channels.join', { roomId: tiny._id }))).error).toBe(
			'"tiny-room" is full: it admits at most 2 members. [error-app-prevented]',
		);
	});

	it('keeps members in a mandatory room: leaving and kicks by non-exempt users are refused, an admin may remove', async () => {
		const company = (await alice.post('/api/v1/channels.create', { name: 'company-news', members: ['bob'] })).body.channel as { _id: string };
		expect((await errorOf(bob.post('/api/v1/channels.leave', { roomId: company._id }))).error).toBe(
			'"company-news" is a mandatory room: it cannot be left. [error-app-prevented]',
		);
		expect((await errorOf(alice.post('/api/v1/channels.kick', { roomId: company._id, username: 'bob' }))).errorType).toBe('error-app-prevented');
		expect((await ws.admin.post('/api/v1/channels.kick', { roomId: company._id, username: 'bob' })).status).toBe(200);
		expect(await membersOf(company._id)).toEqual(['alice']);
	});

	it('audits refused attempts with their rule, and joins and removals with inviter, remover and member count', async () => {
		const wanted = [
			['*Join denied* · #security-vault', 'Added by: @alice\nUser: @bob\nRule: `join_rules` (security-*: security)'],
			['*User joined* · #board-2027', 'Added by: @alice\nUser: @bob\nMembers now: 2'],
			['*Leave allowed* · #company-news', 'Removed by: @admin\nUser: @bob\nRule: `leave_exempt_roles` (admin)'],
			['*User left* · #company-news', 'Removed by: @admin\nUser: @bob\nMembers now: 1'],
		];
		await ws.runJobs();
		await waitFor(async () => {
			const messages = await ws.auditMessages();
			for (const [title, facts] of wanted) {
				expect(messages.filter((message) => message.startsWith(title) && message.includes(facts))).toHaveLength(1);
			}
		});
	});
});
