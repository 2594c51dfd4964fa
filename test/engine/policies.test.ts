import { AppInterface } from 'apps-engine-deno/definition/metadata';

import type { RoomEventsFixture } from './roomEventsHost';
import { startRoomEvents } from './roomEventsHost';
import { toAppRoom } from '../../workspace/engine/converters';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';

/** The lifecycle and membership policies of the packaged app, through the real engine. */
describe.each(RUNTIME_NAMES)('Room Events policies in the %s runtime', (runtime) => {
	let re: RoomEventsFixture;

	afterEach(async () => {
		await re.host.stop();
	});

	const errorOf = async (work: Promise<unknown>) =>
		work.then(() => undefined).catch((error: { name: string; message: string }) => ({ name: error.name, message: error.message }));

	it('blocks creation by room type with the reason the user sees, and lets an exempt admin through', async () => {
		re = await startRoomEvents(runtime, { creation_block_private_groups: true });
		expect(await errorOf(re.host.fire(AppInterface.IPreRoomCreatePrevent, re.unsaved('ops', 'p')))).toEqual({
			name: 'AppsEngineException',
			message: 'Creating a private group is switched off in this workspace.',
		});
		await expect(re.host.fire(AppInterface.IPreRoomCreatePrevent, re.unsaved('ops', 'p', re.admin))).resolves.toBe(false);
		await re.deliver();
		expect(re.titles()).toEqual(['*Room creation denied* · #ops (private group)', '*Room creation allowed* · #ops (private group)']);
		expect(re.auditMessages()[1]).toContain('Rule: `creation_exempt_roles` (admin)');
	});

	it('shapes a new room in Modify and tags it in Extend, and tells both in its creation message once it exists', async () => {
		re = await startRoomEvents(runtime, {
			naming_normalize: true,
			naming_prefix_channel: 'pub-',
			naming_read_only_names: 'pub-news*',
			naming_tag_new_rooms: true,
		});
		const draft = re.unsaved('News Desk');
		const extended = await re.host.fire<Record<string, unknown>>(AppInterface.IPreRoomCreateExtend, draft);
		const modified = await re.host.fire<Record<string, unknown>>(AppInterface.IPreRoomCreateModify, extended);
		expect(modified).toMatchObject({
			slugifiedName: 'pub-news-desk',
			displayName: 'pub-news-desk',
			isReadOnly: true,
			customFields: { roomEventsAdmission: { admittedBy: 'default', dryRun: false } },
		});
		await re.deliver();
		expect(re.titles()).toEqual([]);
		const created = re.store.createRoom({
			name: 'pub-news-desk',
			type: 'c',
			creatorId: re.alice.id,
			readOnly: true,
			customFields: modified.customFields as Record<string, unknown>,
		});
		await re.host.fire(AppInterface.IPostRoomCreate, toAppRoom(re.store, created));
		await re.deliver();
		expect(re.titles()).toEqual([`*Room created* · #pub-news-desk (public channel, id \`${created.id}\`)`]);
		expect(re.auditMessages()[0]).toContain('Renamed from: News Desk\nChanged: name, display name, read-only');
		expect(re.auditMessages()[0]).toContain('`naming_prefix_channel` (pub-)');
		expect(re.auditMessages()[0]).toContain('tagged as admitted by default');
	});

	it('adds auto-members after creation through the room updater', async () => {
		re = await startRoomEvents(runtime, { naming_auto_members: 'proj-*: bob' });
		const created = re.store.createRoom({ name: 'proj-x', type: 'c', creatorId: re.alice.id });
		re.store.addMember(created.id, re.alice.id, ['owner']);
		await re.host.fire(AppInterface.IPostRoomCreate, toAppRoom(re.store, created));
		await re.deliver();
		expect(re.store.getMemberIds(created.id)).toContain(re.bob.id);
		expect(re.titles()).toEqual([expect.stringContaining('*Room created*'), expect.stringContaining('*Members added to new room*')]);
		expect(re.auditMessages()[1]).toContain('Members added: @bob');
	});

	it('protects default rooms from deletion, and lets them go in dry-run mode', async () => {
		re = await startRoomEvents(runtime, { deletion_protect_default_rooms: true });
		const lobby = re.store.createRoom({ name: 'lobby', type: 'c', creatorId: re.admin.id, isDefault: true });
		await expect(re.host.fire(AppInterface.IPreRoomDeletePrevent, toAppRoom(re.store, lobby))).resolves.toBe(true);
		await re.host.updateSetting(re.appId, 'dry_run', true);
		await expect(re.host.fire(AppInterface.IPreRoomDeletePrevent, toAppRoom(re.store, lobby))).resolves.toBe(false);
		await re.deliver();
		expect(re.titles()).toEqual([
			`*Room deletion denied* · #lobby (public channel, id \`${lobby.id}\`)`,
			`*Room deletion would have been denied (dry run, not enforced)* · #lobby (public channel, id \`${lobby.id}\`)`,
		]);
	});

	it('admits only the listed roles to rooms under a join rule; first rule wins', async () => {
		re = await startRoomEvents(runtime);
		// Role names in rules must exist: a user holding the custom role makes it known.
		const carol = re.store.createUser({ username: 'carol', roles: ['user', 'security'] });
		await re.host.updateSetting(re.appId, 'join_rules', 'security-*: admin, security\n*: user');
		const vault = re.store.createRoom({ name: 'security-vault', type: 'c', creatorId: re.admin.id });
		expect(await errorOf(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(vault, re.bob)))).toEqual({
			name: 'AppsEngineException',
			message: 'Only users with the role "admin" or "security" may join "security-vault".',
		});
		await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(vault, re.admin))).resolves.toBeUndefined();
		await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(vault, carol))).resolves.toBeUndefined();
		await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.bob))).resolves.toBeUndefined();
	});

	it('refuses self-joins of invite-only rooms and the join that would pass capacity', async () => {
		re = await startRoomEvents(runtime, { join_invite_only_names: 'town', join_capacity: 'town: 2', join_exempt_roles: '' });
		expect(await errorOf(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.bob)))).toMatchObject({
			message: '"town" is invite-only: ask a member to add you.',
		});
		await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.bob, re.alice))).resolves.toBeUndefined();
		re.store.addMember(re.town.id, re.bob.id);
		expect(await errorOf(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.admin, re.alice)))).toMatchObject({
			message: '"town" is full: it admits at most 2 members.',
		});
	});

	it('keeps members in mandatory rooms unless an exempt role removes them, naming the remover', async () => {
		re = await startRoomEvents(runtime, { leave_mandatory_names: 'town' });
		expect(await errorOf(re.host.fire(AppInterface.IPreRoomUserLeave, re.leaveOf(re.town, re.alice)))).toEqual({
			name: 'AppsEngineException',
			message: '"town" is a mandatory room: it cannot be left.',
		});
		expect(await errorOf(re.host.fire(AppInterface.IPreRoomUserLeave, re.leaveOf(re.town, re.alice, re.bob)))).toMatchObject({
			name: 'AppsEngineException',
		});
		await expect(re.host.fire(AppInterface.IPreRoomUserLeave, re.leaveOf(re.town, re.alice, re.admin))).resolves.toBeUndefined();
		await re.deliver();
		expect(re.titles()).toEqual([
			`*Leave denied* · #town (public channel, id \`${re.town.id}\`)`,
			`*Leave denied* · #town (public channel, id \`${re.town.id}\`)`,
			`*Leave allowed* · #town (public channel, id \`${re.town.id}\`)`,
		]);
		expect(re.auditMessages()[2]).toContain('Removed by: @admin\nUser: @alice\nRule: `leave_exempt_roles` (admin)');
	});
});
