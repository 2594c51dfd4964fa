import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import AdmZip from 'adm-zip';
import { AppInterface } from 'apps-engine-deno/definition/metadata';

import { roomEventsZip } from './packagedApp';
import type { RoomEventsFixture } from './roomEventsHost';
import { startRoomEvents } from './roomEventsHost';
import { toAppRoom } from '../../workspace/engine/converters';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { PROJECT_ROOT } from '../../workspace/projectPaths';

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

	it("holds the app's runtime files alone: its code as one module, RoomEventsApp.js, and the manifest, icon and translations", () => {
		const names = zip.getEntries().map((entry) => entry.entryName);
		const translations = readdirSync(join(PROJECT_ROOT, 'i18n'))
			.filter((name) => name.endsWith('.json'))
			.map((name) => `i18n/${name}`);
		expect([...names].sort()).toEqual(['.packagedby', 'RoomEventsApp.js', 'app.json', 'icon.png', ...translations].sort());
	});

	it('bundles the app unminified into the module both runtimes load, which requires nothing but the Apps-Engine definitions they provide', () => {
		const bundle = zip.readAsText('RoomEventsApp.js');
		// Every require call's argument, as written: a computed one would show here as not a string.
		const required = [...bundle.matchAll(/\brequire\s*\(([^)]*)\)/g)].map(([, argument]) => argument.trim());
		expect(required.length).toBeGreaterThan(0);
		expect(required.filter((argument) => !/^"@rocket\.chat\/apps-engine\/[\w/]+"$/.test(argument))).toEqual([]);
		// The modules of every layer are inside, under their names, and so are their functions' and
		// classes' names, which stack traces show (esbuild writes a class as `var Name = class …`).
		expect(bundle).toMatch(/\bRoomEventsApp = class extends \w+\.App\b/);
		expect(bundle).toContain('async function preRoomUserJoined(');
		for (const name of ['lib/namePattern', 'settings/settings', 'policy/membershipPolicy', 'audit/auditTrail', 'handlers/preRoomUserJoined']) {
			expect(bundle).toContain(`// app:${name}.js\n`);
		}
	});
});

describe.each(RUNTIME_NAMES)('Room Events in the %s runtime', (runtime) => {
	let re: RoomEventsFixture;

	beforeEach(async () => {
		re = await startRoomEvents(runtime);
	});

	afterEach(async () => {
		await re.host.stop();
	});

	it('with audit on and no policy: pre-events change and block nothing; each post event keeps one record, which the delivery job posts', async () => {
		const draft = re.unsaved('proj-x');
		await expect(re.host.fire(AppInterface.IPreRoomCreatePrevent, draft)).resolves.toBe(false);
		const extended = await re.host.fire<Record<string, unknown>>(AppInterface.IPreRoomCreateExtend, { ...draft });
		const modified = await re.host.fire<Record<string, unknown>>(AppInterface.IPreRoomCreateModify, { ...draft });
		expect(extended).toEqual(draft);
		expect(modified).toEqual(draft);

		const created = re.store.createRoom({ name: 'proj-x', type: 'c', creatorId: re.alice.id });
		await re.host.fire(AppInterface.IPostRoomCreate, toAppRoom(re.store, created));
		// As Rocket.Chat: the join and leave events carry the room as read before the change.
		const joining = re.joinOf(re.town, re.bob, re.alice);
		await expect(re.host.fire(AppInterface.IPreRoomUserJoined, joining)).resolves.toBeUndefined();
		re.store.addMember(re.town.id, re.bob.id);
		await re.host.fire(AppInterface.IPostRoomUserJoined, joining);
		const leaving = re.leaveOf(re.town, re.bob, re.alice);
		await expect(re.host.fire(AppInterface.IPreRoomUserLeave, leaving)).resolves.toBeUndefined();
		re.store.removeMember(re.town.id, re.bob.id);
		await re.host.fire(AppInterface.IPostRoomUserLeave, leaving);
		const doomed = toAppRoom(re.store, created);
		await expect(re.host.fire(AppInterface.IPreRoomDeletePrevent, doomed)).resolves.toBe(false);
		re.store.deleteRoom(created.id);
		await re.host.fire(AppInterface.IPostRoomDeleted, doomed);
		await re.host.settle();
		expect(re.auditMessages()).toEqual([]);
		expect(re.outbox()).toHaveLength(4);

		await re.deliver();
		expect(re.titles()).toEqual([
			`*Room created* · #proj-x (public channel, id \`${created.id}\`)`,
			`*User joined* · #town (public channel, id \`${re.town.id}\`)`,
			`*User left* · #town (public channel, id \`${re.town.id}\`)`,
			`*Room deleted* · #proj-x (public channel, id \`${created.id}\`)`,
		]);
		expect(re.auditMessages()[1]).toContain('Added by: @alice\nUser: @bob\nMembers now: 2');
		expect(re.auditMessages()[2]).toContain('Removed by: @alice\nUser: @bob\nMembers now: 1');
		expect(re.auditMessages()[3]).toContain('Creator: @alice');
		expect(re.host.getLogs(re.appId, { level: 'error' })).toEqual([]);
	});

	it("audits the audit room's own creation, joins and leaves as its activity, in the room and the logs", async () => {
		await re.host.fire(AppInterface.IPostRoomUserJoined, re.joinOf(re.auditRoom, re.bob, re.alice));
		await re.host.fire(AppInterface.IPostRoomUserLeave, re.leaveOf(re.auditRoom, re.bob));
		await re.deliver();
		expect(re.titles()).toEqual([
			`*Audit room activity* · #audit (private group, id \`${re.auditRoom.id}\`)`,
			`*Audit room activity* · #audit (private group, id \`${re.auditRoom.id}\`)`,
		]);
		expect(re.auditMessages()[0]).toContain('What happened: user joined');
		expect(re.logs('info')).toEqual(expect.arrayContaining([expect.stringContaining('the audit room "audit" had activity (user-joined) by @alice')]));
	});

	it('keeps a record while the audit room is missing and delivers it, with its original time, once an admin creates the room', async () => {
		re.store.deleteRoom(re.auditRoom.id);
		await re.host.fire(AppInterface.IPostRoomUserJoined, re.joinOf(re.town, re.bob));
		await re.deliver();
		expect(re.logs('warning')).toEqual([
			expect.stringContaining('cannot post to the audit room "audit": no room is named "audit". 1 record(s) wait in the outbox.'),
		]);

		const [kept] = re.store
			.listRecords(re.appId)
			.map((record) => record.data as { at?: string; event?: string })
			.filter((data) => data.event === 'user-joined');
		re.auditRoom = re.store.createRoom({ name: 'audit', type: 'p', creatorId: re.admin.id });
		const runs = await re.deliver();
		expect(runs).toEqual(expect.arrayContaining([expect.objectContaining({ processorId: expect.stringContaining('room-events-audit-delivery') })]));
		expect(re.titles()).toEqual(['*Audit trail notice*', `*User joined* · #town (public channel, id \`${re.town.id}\`)`]);
		expect(re.auditMessages()[1]).toContain(`At: ${kept.at?.slice(0, 10)} ${kept.at?.slice(11, 19)} UTC`);
	});

	it('applies a setting changed through the settings manager on the next event', async () => {
		await expect(re.host.fire(AppInterface.IPreRoomCreatePrevent, re.unsaved('secret-plans'))).resolves.toBe(false);
		await re.host.updateSetting(re.appId, 'creation_blocked_names', 'secret-*');
		await expect(re.host.fire(AppInterface.IPreRoomCreatePrevent, re.unsaved('secret-plans'))).rejects.toMatchObject({
			name: 'AppsEngineException',
			message: 'Room names matching "secret-*" are not allowed in this workspace.',
		});
		await re.deliver();
		expect(re.titles()[0]).toBe('*Room creation denied* · #secret-plans (public channel)');
		expect(re.auditMessages()[0]).toContain('Rule: `creation_blocked_names` (secret-*)');
	});

	it('refuses an invalid setting value, keeps the previous one and says so in the log and the audit room', async () => {
		await re.host.updateSetting(re.appId, 'creation_blocked_names', 'secret-*');
		await re.host.updateSetting(re.appId, 'creation_blocked_names', 'legal-*,,x');
		expect(re.host.getAppSettings(re.appId).creation_blocked_names.value).toBe('secret-*');
		expect(re.host.getLogs(re.appId, { level: 'error' }).map((entry) => entry.args.join(' '))).toEqual([
			expect.stringContaining('refused the value "legal-*,,x" for "creation_blocked_names"'),
		]);
		// One job keeps the notice (onPreSettingUpdate has no persistence), the next delivery posts it.
		await re.deliver();
		await re.deliver();
		expect(re.titles()).toEqual(['*Setting value refused*']);
		expect(re.auditMessages()[0]).toContain('Setting: `creation_blocked_names`');

		await re.host.updateSetting(re.appId, 'join_exempt_roles', 'admin, no-such-role');
		const exempt = re.host.getAppSettings(re.appId).join_exempt_roles;
		expect(exempt.value ?? exempt.packageValue).toBe('admin');
		expect(re.host.getLogs(re.appId, { level: 'error' }).pop()?.args.join(' ')).toContain('no role is named "no-such-role"');
	});

	it('blocks a join with the reason the user sees, and audits the refusal', async () => {
		await re.host.updateSetting(re.appId, 'join_locked_rooms', 'town');
		await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.bob, re.alice))).rejects.toMatchObject({
			name: 'AppsEngineException',
			message: 'The room "town" is locked: it admits no new members until it is unlocked.',
		});
		await re.deliver();
		expect(re.titles()).toEqual([`*Join denied* · #town (public channel, id \`${re.town.id}\`)`]);
	});
});
