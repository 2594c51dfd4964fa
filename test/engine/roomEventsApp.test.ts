import AdmZip from 'adm-zip';
import { AppInterface } from 'apps-engine-runtime/definition/metadata';

import { eventually, roomEventsZip } from './packagedApp';
import { toAppRoom, toAppUser } from '../../workspace/engine/converters';
import { EngineHost } from '../../workspace/engine/engineHost';
import type { RoomRecord, UserRecord } from '../../workspace/store/workspaceStore';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';

// Jest sets NODE_ENV to 'test', and the 1.42.1 engine then skips permission checks: these tests
// must run under the checks a Rocket.Chat server makes, so the app's declared permissions count.
process.env.NODE_ENV = 'development';

const ALL_TEN = [
	'IPreRoomCreatePrevent',
	'IPreRoomCreateExtend',
	'IPreRoomCreateModify',
	'IPostRoomCreate',
	'IPreRoomDeletePrevent',
	'IPostRoomDeleted',
	'IPreRoomUserJoined',
	'IPostRoomUserJoined',
	'IPreRoomUserLeave',
	'IPostRoomUserLeave',
];

describe('the packaged zip', () => {
	const zip = new AdmZip(roomEventsZip());
	const manifest = JSON.parse(zip.readAsText('app.json')) as { implements: string[]; permissions: Array<{ name: string }> };

	it('implements all ten room event interfaces', () => {
		expect([...manifest.implements].sort()).toEqual([...ALL_TEN].sort());
	});

	it("holds the app's runtime files alone", () => {
		const names = zip.getEntries().map((entry) => entry.entryName);
		const allowed = /^(\.packagedby|app\.json|icon\.png|i18n\/[a-z-]+\.json|RoomEventsApp\.js|(audit|handlers|policy|settings)\/\w+\.js)$/;
		expect(names.filter((name) => !allowed.test(name))).toEqual([]);
		expect(names).toEqual(expect.arrayContaining(['RoomEventsApp.js', 'app.json', 'icon.png', 'i18n/en.json', 'handlers/preRoomUserJoined.js']));
	});
});

describe('Room Events in the Apps-Engine runtime', () => {
	let store: WorkspaceStore;
	let host: EngineHost;
	let appId: string;
	let now: Date;
	let alice: UserRecord;
	let bob: UserRecord;
	let auditRoom: RoomRecord;
	let town: RoomRecord;

	beforeEach(async () => {
		now = new Date('2030-01-01T09:00:00.000Z');
		store = new WorkspaceStore(() => now);
		const admin = store.createUser({ username: 'admin', roles: ['admin'] });
		alice = store.createUser({ username: 'alice' });
		bob = store.createUser({ username: 'bob' });
		auditRoom = store.createRoom({ name: 'audit', type: 'p', creatorId: admin.id });
		town = store.createRoom({ name: 'town', type: 'c', creatorId: alice.id });
		store.addMember(town.id, alice.id, ['owner']);
		host = new EngineHost(store, { clock: () => now });
		await host.start();
		appId = await host.install(roomEventsZip());
		await host.updateSetting(appId, 'audit_room', 'audit');
		await host.updateSetting(appId, 'audit_enabled', true);
	});

	afterEach(async () => {
		await host.stop();
	});

	const auditMessages = () => store.listMessages(auditRoom.id).map((message) => message.text);
	const titles = () => auditMessages().map((text) => text.split('\n')[0]);
	/** A room as Rocket.Chat hands it to the pre-create events: not stored yet, so no id. */
	const unsaved = (name: string, type: 'c' | 'p' = 'c') => ({ slugifiedName: name, displayName: name, type, creator: toAppUser(alice), usernames: [] });
	const joinOf = (room: RoomRecord, user: UserRecord, inviter?: UserRecord) => ({
		room: toAppRoom(store, room),
		joiningUser: toAppUser(user),
		inviter: inviter && { id: inviter.id, username: inviter.username },
	});
	const leaveOf = (room: RoomRecord, user: UserRecord, removedBy?: UserRecord) => ({
		room: toAppRoom(store, room),
		leavingUser: toAppUser(user),
		removedBy: removedBy && toAppUser(removedBy),
	});

	it('with audit on and no policy: pre-events change, block and post nothing; each post event posts one message', async () => {
		const draft = unsaved('proj-x');
		await expect(host.fire(AppInterface.IPreRoomCreatePrevent, draft)).resolves.toBe(false);
		const extended = await host.fire<Record<string, unknown>>(AppInterface.IPreRoomCreateExtend, { ...draft });
		const modified = await host.fire<Record<string, unknown>>(AppInterface.IPreRoomCreateModify, { ...draft });
		expect(extended).toEqual(draft);
		expect(modified).toEqual(draft);
		expect(auditMessages()).toEqual([]);

		const created = store.createRoom({ name: 'proj-x', type: 'c', creatorId: alice.id });
		await host.fire(AppInterface.IPostRoomCreate, toAppRoom(store, created));
		await eventually(() => expect(titles()).toEqual([`*Room created* · #proj-x (public channel, id \`${created.id}\`)`]));

		await expect(host.fire(AppInterface.IPreRoomUserJoined, joinOf(town, bob, alice))).resolves.toBeUndefined();
		store.addMember(town.id, bob.id);
		await host.fire(AppInterface.IPostRoomUserJoined, joinOf(town, bob, alice));
		await expect(host.fire(AppInterface.IPreRoomUserLeave, leaveOf(town, bob, alice))).resolves.toBeUndefined();
		store.removeMember(town.id, bob.id);
		await host.fire(AppInterface.IPostRoomUserLeave, leaveOf(town, bob, alice));
		expect(auditMessages().slice(1)).toEqual([expect.stringContaining('*User joined* · #town'), expect.stringContaining('*User left* · #town')]);
		expect(auditMessages()[1]).toContain('Added by: @alice\nUser: @bob\nMembers now: 2');
		expect(auditMessages()[2]).toContain('Removed by: @alice\nUser: @bob\nMembers now: 1');

		const doomed = toAppRoom(store, created);
		await expect(host.fire(AppInterface.IPreRoomDeletePrevent, doomed)).resolves.toBe(false);
		store.deleteRoom(created.id);
		// The 1.42.1 runtime hands IPostRoomDeleted no modifier: the record waits for the next poster.
		await host.fire(AppInterface.IPostRoomDeleted, doomed);
		await host.settle();
		expect(auditMessages()).toHaveLength(3);
		await host.fire(AppInterface.IPostRoomUserJoined, joinOf(town, bob));
		expect(titles().slice(3)).toEqual([
			`*Room deleted* · #proj-x (public channel, id \`${created.id}\`)`,
			`*User joined* · #town (public channel, id \`${town.id}\`)`,
		]);
		expect(host.getLogs(appId, { level: 'error' })).toEqual([]);
	});

	it("does not audit the audit room's own events", async () => {
		await host.fire(AppInterface.IPostRoomUserJoined, joinOf(auditRoom, bob, alice));
		await host.fire(AppInterface.IPostRoomUserLeave, leaveOf(auditRoom, bob));
		await host.fire(AppInterface.IPostRoomCreate, toAppRoom(store, auditRoom));
		await host.settle();
		expect(auditMessages()).toEqual([]);
	});

	it('keeps a record through a failed post and delivers it later, by the recurring job, with its original time', async () => {
		store.deleteRoom(auditRoom.id);
		await host.fire(AppInterface.IPostRoomUserJoined, joinOf(town, bob));
		expect(host.getLogs(appId, { level: 'warning' }).map((entry) => entry.args.join(' '))).toEqual([
			expect.stringContaining('could not post to the audit room "audit": no room is named "audit". 1 record(s) wait in the outbox.'),
		]);

		const [kept] = store.listRecords(appId).map((record) => record.data as { at: string });
		auditRoom = store.createRoom({ name: 'audit', type: 'p', creatorId: alice.id });
		now = new Date('2030-01-01T09:10:00.000Z');
		const runs = await host.runDueJobs(now);
		expect(runs).toEqual(expect.arrayContaining([expect.objectContaining({ processorId: expect.stringContaining('room-events-audit-delivery') })]));
		expect(titles()).toEqual([`*User joined* · #town (public channel, id \`${town.id}\`)`]);
		expect(auditMessages()[0]).toContain(`At: ${kept.at.slice(0, 10)} ${kept.at.slice(11, 19)} UTC`);
		expect(store.listRecords(appId)).toEqual([]);
	});

	it('applies a setting changed through the settings manager on the next event', async () => {
		await expect(host.fire(AppInterface.IPreRoomCreatePrevent, unsaved('secret-plans'))).resolves.toBe(false);
		await host.updateSetting(appId, 'creation_blocked_names', 'secret-*');
		await expect(host.fire(AppInterface.IPreRoomCreatePrevent, unsaved('secret-plans'))).rejects.toMatchObject({
			name: 'AppsEngineException',
			message: 'Room names matching "secret-*" are not allowed in this workspace.',
		});
		// The denial waits in the outbox (pre-handlers cannot post) and reaches the audit room with the next poster.
		await host.fire(AppInterface.IPostRoomUserJoined, joinOf(town, bob));
		expect(titles()[0]).toBe('*Room creation denied* · #secret-plans (public channel)');
		expect(auditMessages()[0]).toContain('Rule: `creation_blocked_names` (secret-*)');
	});

	it('refuses an invalid setting value, keeps the previous one and says so in the log and the audit room', async () => {
		await host.updateSetting(appId, 'creation_blocked_names', 'secret-*');
		await host.updateSetting(appId, 'creation_blocked_names', 'legal-*,,x');
		expect(host.getAppSettings(appId).creation_blocked_names.value).toBe('secret-*');
		expect(host.getLogs(appId, { level: 'error' }).map((entry) => entry.args.join(' '))).toEqual([
			expect.stringContaining('refused the value "legal-*,,x" for "creation_blocked_names"'),
		]);
		await host.runDueJobs(now);
		expect(titles()).toEqual(['*Setting value refused*']);
		expect(auditMessages()[0]).toContain('Setting: `creation_blocked_names`');

		await host.updateSetting(appId, 'join_exempt_roles', 'admin, no-such-role');
		const exempt = host.getAppSettings(appId).join_exempt_roles;
		expect(exempt.value ?? exempt.packageValue).toBe('admin');
		expect(host.getLogs(appId, { level: 'error' }).pop()?.args.join(' ')).toContain('no role is named "no-such-role"');
	});

	it('blocks a join with the reason the user sees, and audits the refusal', async () => {
		await host.updateSetting(appId, 'join_locked_rooms', 'town');
		await expect(host.fire(AppInterface.IPreRoomUserJoined, joinOf(town, bob, alice))).rejects.toMatchObject({
			name: 'AppsEngineException',
			message: 'The room "town" is locked: it admits no new members until it is unlocked.',
		});
		await host.runDueJobs(new Date(now.getTime() + 60_000));
		expect(titles()).toEqual([`*Join denied* · #town (public channel, id \`${town.id}\`)`]);
	});
});
