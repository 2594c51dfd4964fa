import type { RestClient, TestWorkspace } from './workspaceHarness';
import { startTestWorkspace, waitFor } from './workspaceHarness';
import { ADMISSION_FIELD } from '../../policy/creationPolicy';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';

describe.each(RUNTIME_NAMES)('the ten room events, driven over the REST API with Room Events installed and audit on in the %s runtime', (runtime) => {
	let ws: TestWorkspace;
	let alice: RestClient;
	let bob: RestClient;
	let carol: RestClient;

	beforeAll(async () => {
		ws = await startTestWorkspace({ runtime });
		alice = await ws.userClient('alice');
		bob = await ws.userClient('bob');
		carol = await ws.userClient('carol');
	}, 30_000);

	afterAll(async () => {
		await ws?.close();
	});

	/** The audit messages that arrive after `before` messages, once `count` of them are there. */
	async function newAuditMessages(before: number, count: number): Promise<string[]> {
		let messages: string[] = [];
		await waitFor(async () => {
			messages = (await ws.auditMessages()).slice(before);
			expect(messages.length).toBeGreaterThanOrEqual(count);
		});
		return messages;
	}

	const titleOf = (message: string) => message.split('\n')[0];

	it('creating a channel fires Prevent, Extend, Modify and Post: the room is tagged, renamed, and audited, its first members not joined', async () => {
		await ws.saveSettings({ naming_tag_new_rooms: true, naming_normalize: true });
		const before = (await ws.auditMessages()).length;

		const created = await alice.post('/api/v1/channels.create', { name: 'Proj-Alpha', members: ['bob'] });

		expect(created.status).toBe(200);
		// Modify renamed it and Extend tagged it before it was stored.
		expect(created.body.channel).toMatchObject({ name: 'proj-alpha', t: 'c', usersCount: 2, u: { username: 'alice' } });
		expect(created.body.channel.customFields).toHaveProperty(ADMISSION_FIELD);
		const messages = await newAuditMessages(before, 1);
		// One message tells the creation, the renaming and the tag: the room exists by then.
		expect(messages.map(titleOf)).toEqual([`*Room created* · #proj-alpha (public channel, id \`${created.body.channel._id}\`)`]);
		expect(messages[0]).toContain('Renamed from: Proj-Alpha\nChanged: name, display name');
		expect(messages[0]).toContain('tagged as admitted by default');
		expect(messages.join('\n')).not.toContain('User joined');
		await ws.saveSettings({ naming_tag_new_rooms: false, naming_normalize: false });
	});

	it('creating a private group, a direct message, a discussion and a team audits each creation; re-opening the DM fires nothing', async () => {
		const parent = await alice.post('/api/v1/channels.create', { name: 'design', members: ['bob'] });
		const before = (await ws.auditMessages()).length;

		const group = await alice.post('/api/v1/groups.create', { name: 'backroom', members: ['carol'] });
		const dm = await alice.post('/api/v1/im.create', { username: 'bob' });
		const discussion = await bob.post('/api/v1/rooms.createDiscussion', { prid: parent.body.channel._id, t_name: 'Logo talk', users: ['carol'] });
		const team = await alice.post('/api/v1/teams.create', { name: 'platform', type: 0, members: [bob.userId] });

		expect(group.body.group).toMatchObject({ name: 'backroom', t: 'p', usersCount: 2 });
		expect(dm.body.room).toEqual({ t: 'd', rid: dm.body.room._id, usernames: ['alice', 'bob'], _id: dm.body.room._id });
		expect(discussion.body.discussion).toMatchObject({ fname: 'Logo talk', prid: parent.body.channel._id, t: 'c', rid: discussion.body.discussion._id });
		expect(team.body.team).toMatchObject({ name: 'platform', type: 0, createdBy: { username: 'alice' } });
		const mainRoom = await alice.get('/api/v1/channels.info', { roomId: team.body.team.roomId });
		expect(mainRoom.body.channel).toMatchObject({ name: 'platform', teamMain: true, teamId: team.body.team._id });

		const titles = (await newAuditMessages(before, 4)).map(titleOf);
		expect(titles).toEqual([
			`*Room created* · #backroom (private group, id \`${group.body.group._id}\`)`,
			`*Room created* · @alice, @bob (direct message, id \`${dm.body.room._id}\`)`,
			`*Room created* · Logo talk (discussion, id \`${discussion.body.discussion._id}\`)`,
			// Rocket.Chat fires a team's creation events before the team exists: the app sees a channel.
			`*Room created* · #platform (public channel, id \`${team.body.team.roomId}\`)`,
		]);

		const reopened = await bob.post('/api/v1/im.create', { username: 'alice' });
		expect(reopened.body.room.rid).toBe(dm.body.room._id);
		await alice.post('/api/v1/chat.postMessage', { roomId: parent.body.channel._id, text: 'a later event' });
		expect(await ws.auditMessages()).toHaveLength(before + 4);
	});

	it('joining, being invited, leaving and being kicked fire the join and leave events, naming the inviter and the remover', async () => {
		const { channel } = (await alice.post('/api/v1/channels.create', { name: 'town-square' })).body;
		const { group } = (await alice.post('/api/v1/groups.create', { name: 'inner-circle' })).body;
		const before = (await ws.auditMessages()).length;

		expect((await bob.post('/api/v1/channels.join', { roomId: channel._id })).body.channel.usersCount).toBe(2);
		await newAuditMessages(before, 1);
		expect((await alice.post('/api/v1/channels.invite', { roomId: channel._id, username: 'carol' })).body.channel.usersCount).toBe(3);
		await newAuditMessages(before, 2);
		expect((await bob.post('/api/v1/channels.leave', { roomId: channel._id })).status).toBe(200);
		expect((await alice.post('/api/v1/channels.kick', { roomId: channel._id, username: 'carol' })).body.channel.usersCount).toBe(1);
		expect((await alice.post('/api/v1/groups.invite', { roomId: group._id, userId: bob.userId })).body.group.usersCount).toBe(2);
		await newAuditMessages(before, 5);
		expect((await bob.post('/api/v1/groups.leave', { roomId: group._id })).body).toEqual({ success: true });
		expect((await alice.post('/api/v1/groups.invite', { roomName: 'inner-circle', username: 'carol' })).status).toBe(200);
		await newAuditMessages(before, 7);
		expect((await alice.post('/api/v1/groups.kick', { roomId: group._id, userId: carol.userId })).body).toEqual({ success: true });

		const messages = await newAuditMessages(before, 8);
		const facts = (message: string) => message.split('\n').filter((line) => /^(Added by|Removed by|User):/.test(line));
		expect(messages.map((message) => [titleOf(message).replace(/ \(.*$/, ''), ...facts(message)])).toEqual([
			['*User joined* · #town-square', 'User: @bob'],
			['*User joined* · #town-square', 'Added by: @alice', 'User: @carol'],
			['*User left* · #town-square', 'User: @bob'],
			['*User left* · #town-square', 'Removed by: @alice', 'User: @carol'],
			['*User joined* · #inner-circle', 'Added by: @alice', 'User: @bob'],
			['*User left* · #inner-circle', 'User: @bob'],
			['*User joined* · #inner-circle', 'Added by: @alice', 'User: @carol'],
			['*User left* · #inner-circle', 'Removed by: @alice', 'User: @carol'],
		]);
	});

	it('members the app adds after creation (its auto-members rule) join through the same path, firing the join events', async () => {
		await ws.saveSettings({ naming_auto_members: 'crew-*: carol' });
		const before = (await ws.auditMessages()).length;

		const crew = (await alice.post('/api/v1/channels.create', { name: 'crew-one' })).body.channel;

		const titles = (await newAuditMessages(before, 3)).map(titleOf);
		expect(titles).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^\*Room created\* · #crew-one /),
				expect.stringMatching(/^\*Members added to new room\* · #crew-one /),
				expect.stringMatching(/^\*User joined\* · #crew-one /),
			]),
		);
		const members = (await alice.get('/api/v1/channels.members', { roomId: crew._id })).body.members.map((member: { username: string }) => member.username);
		expect(members).toEqual(['alice', 'carol']);
		await ws.saveSettings({ naming_auto_members: '' });
	});

	it('joining the default rooms at user creation fires no join events, as in Rocket.Chat', async () => {
		const lobby = (await alice.post('/api/v1/channels.create', { name: 'lobby' })).body.channel;
		// The REST subset has no channels.setDefault: the room is made a default room in the store.
		ws.workspace.store.updateRoom(lobby._id, { isDefault: true });
		const before = (await ws.auditMessages()).length;

		expect((await ws.admin.post('/api/v1/users.create', { username: 'dave', name: 'Dave', email: 'dave@example.com', password: 'dave-pw' })).status).toBe(
			200,
		);
		await alice.post('/api/v1/channels.create', { name: 'after-dave' });

		const members = (await alice.get('/api/v1/channels.members', { roomId: lobby._id })).body.members.map(
			(member: { username: string }) => member.username,
		);
		expect(members).toEqual(['alice', 'dave']);
		expect((await newAuditMessages(before, 1)).map(titleOf)).toEqual([expect.stringMatching(/^\*Room created\* · #after-dave /)]);
	});

	it('deleting a channel, a group and a team fires the deletion events with the room as it was', async () => {
		const { channel } = (await alice.post('/api/v1/channels.create', { name: 'old-news' })).body;
		const { group } = (await alice.post('/api/v1/groups.create', { name: 'old-secrets' })).body;
		const { team } = (await alice.post('/api/v1/teams.create', { name: 'old-team', type: 1 })).body;
		const before = (await ws.auditMessages()).length;

		expect((await alice.post('/api/v1/channels.delete', { roomId: channel._id })).body).toEqual({ success: true });
		expect((await alice.post('/api/v1/groups.delete', { roomName: 'old-secrets' })).body).toEqual({ success: true });
		expect((await alice.post('/api/v1/teams.delete', { teamName: 'old-team' })).body).toEqual({ success: true });
		// The 1.42.1 engine gives IPostRoomDeleted no modifier: the app keeps the records for its delivery job.
		await ws.runJobs();

		const titles = (await newAuditMessages(before, 3)).map(titleOf);
		expect(titles).toEqual([
			`*Room deleted* · #old-news (public channel, id \`${channel._id}\`)`,
			`*Room deleted* · #old-secrets (private group, id \`${group._id}\`)`,
			`*Room deleted* · #old-team (team, id \`${team.roomId}\`)`,
		]);
		expect((await alice.get('/api/v1/channels.info', { roomId: channel._id })).body.errorType).toBe('error-room-not-found');
	});
});
