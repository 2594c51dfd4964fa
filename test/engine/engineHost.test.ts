import AdmZip from 'adm-zip';
import { AppInterface } from 'apps-engine-deno/definition/metadata';

import { packageFixtureApp } from './fixtureApps';
import { roomEventsZip } from './packagedApp';
import { parseInterval } from '../../workspace/engine/bridges/jobTimes';
import { toAppRoom, toAppUser } from '../../workspace/engine/converters';
import { EngineHost } from '../../workspace/engine/engineHost';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';
import type { RoomRecord, UserRecord } from '../../workspace/store/workspaceStore';
import { consoleErrorsDuring } from '../support/consoleErrors';

const PROBE_APP_ID = '94e0b8e6-0ada-4503-abc8-99e99368da65';
const START = new Date('2030-01-01T09:00:00.000Z');
const MINUTE = 60 * 1000;

describe('WorkspaceStore', () => {
	const roomAssociation = { model: 'room', id: 'R1' };
	const createdAssociation = { model: 'misc', id: 'room-created' };

	it('keeps app persistence with the semantics of the Rocket.Chat bridge', () => {
		const store = new WorkspaceStore();
		const both = store.createRecord('app-a', { n: 1 }, [roomAssociation, createdAssociation]);
		store.createRecord('app-a', { n: 2 }, [roomAssociation]);
		const foreign = store.createRecord('app-b', { n: 3 }, [roomAssociation]);

		// Reads match records holding all the given associations, in any order, of the calling app only.
		expect(store.readRecordsByAssociations('app-a', [roomAssociation])).toEqual([{ n: 1 }, { n: 2 }]);
		expect(store.readRecordsByAssociations('app-a', [createdAssociation, roomAssociation])).toEqual([{ n: 1 }]);
		expect(store.readRecord('app-a', both)).toEqual({ n: 1 });
		expect(store.readRecord('app-a', foreign)).toBeUndefined();

		// Updates match the exact association list: another order is another record.
		expect(store.updateRecordByAssociations('app-a', [createdAssociation, roomAssociation], { n: 10 }, false)).toBeUndefined();
		expect(store.updateRecordByAssociations('app-a', [roomAssociation, createdAssociation], { n: 10 }, false)).toBe(both);
		expect(store.readRecord('app-a', both)).toEqual({ n: 10 });
		const upserted = store.updateRecordByAssociations('app-a', [createdAssociation], { n: 4 }, true) as string;
		expect(store.readRecord('app-a', upserted)).toEqual({ n: 4 });

		expect(store.removeRecordsByAssociations('app-a', [roomAssociation])).toEqual([{ n: 10 }, { n: 2 }]);
		expect(store.removeRecordsByAssociations('app-a', [roomAssociation])).toBeUndefined();
		expect(store.removeRecord('app-a', upserted)).toEqual({ n: 4 });
		expect(store.removeRecord('app-a', upserted)).toBeUndefined();
		store.purgeRecords('app-b');
		expect(store.listRecords('app-b')).toEqual([]);
	});

	it('keeps copies, so changing what it returns changes nothing stored', () => {
		const store = new WorkspaceStore();
		const id = store.createRecord('app-a', { nested: { list: [1] } });
		(store.readRecord('app-a', id) as { nested: { list: number[] } }).nested.list.push(2);
		const user = store.createUser({ username: 'alice' });
		(store.getUser(user.id) as UserRecord).roles.push('admin');

		expect(store.readRecord('app-a', id)).toEqual({ nested: { list: [1] } });
		expect(store.getUser(user.id)?.roles).toEqual(['user']);
	});

	it('turns into JSON and back with dates, records and app packages intact', () => {
		const store = new WorkspaceStore(() => START);
		const alice = store.createUser({ username: 'alice', name: 'Alice', roles: ['admin'], email: 'alice@example.test' });
		const room = store.createRoom({ name: 'ops', type: 'p', creatorId: alice.id, customFields: { tier: 'gold' } });
		store.addMember(room.id, alice.id, ['owner']);
		store.createMessage({ roomId: room.id, senderId: alice.id, text: 'hi', customFields: { audit: true } });
		const recordId = store.createRecord('app-a', { at: new Date('2030-02-03T04:05:06.000Z') }, [roomAssociation]);
		store.saveJob({ id: 'job-1', appId: 'app-a', processorId: 'flush_app-a', kind: 'recurring', nextRunAt: START, intervalMs: MINUTE, data: { n: 1 } });
		store.saveAppPackage('app-a', Buffer.from('zip bytes'));
		store.setServerSetting('Site_Url', 'http://localhost:3000');

		const copy = WorkspaceStore.fromJSON(JSON.parse(JSON.stringify(store.toJSON())));

		expect(copy.listUsers()).toEqual(store.listUsers());
		expect(copy.listRooms()).toEqual(store.listRooms());
		expect(copy.listMemberships(room.id)).toEqual(store.listMemberships(room.id));
		expect(copy.listMessages(room.id)).toEqual(store.listMessages(room.id));
		expect(copy.readRecord('app-a', recordId)).toEqual({ at: new Date('2030-02-03T04:05:06.000Z') });
		expect(copy.listJobs()).toEqual(store.listJobs());
		expect(copy.getRoom(room.id)?.createdAt).toBeInstanceOf(Date);
		expect(copy.getAppPackage('app-a')?.toString()).toBe('zip bytes');
		expect(copy.getServerSetting('Site_Url')).toBe('http://localhost:3000');
		expect(() => WorkspaceStore.fromJSON({ users: [] })).toThrow('Not a workspace snapshot');
	});

	it('refuses a taken username and a taken room name', () => {
		const store = new WorkspaceStore();
		const alice = store.createUser({ username: 'alice' });
		store.createRoom({ name: 'ops', type: 'c', creatorId: alice.id });

		expect(() => store.createUser({ username: 'alice' })).toThrow('The username "alice" is already taken.');
		expect(() => store.createRoom({ name: 'ops', type: 'p', creatorId: alice.id })).toThrow('A room named "ops" already exists.');
	});
});

describe('parseInterval', () => {
	it.each([
		[5000, 5000],
		['5000', 5000],
		['30 seconds', 30 * 1000],
		['1 minute', MINUTE],
		['one hour and 30 minutes', 90 * MINUTE],
		['2 days', 2 * 24 * 60 * MINUTE],
	])('reads %p as %p ms', (interval, milliseconds) => {
		expect(parseInterval(interval)).toBe(milliseconds);
	});

	it.each(['*/5 * * * *', 'soon', '', 0])('refuses %p', (interval) => {
		expect(() => parseInterval(interval)).toThrow();
	});
});

describe.each(RUNTIME_NAMES)('EngineHost in the %s runtime', (runtime) => {
	let probeZip: Buffer;
	let now: Date;
	let store: WorkspaceStore;
	let admin: UserRecord;
	let host: EngineHost;

	beforeAll(async () => {
		probeZip = await packageFixtureApp('probe-app');
	}, 60_000);

	beforeEach(async () => {
		now = START;
		store = new WorkspaceStore(() => now);
		admin = store.createUser({ username: 'admin', roles: ['admin'] });
		host = new EngineHost(store, { runtime, clock: () => now });
		await host.start();
	});

	afterEach(async () => {
		await host.stop();
	});

	function createRoom(name: string): RoomRecord {
		const room = store.createRoom({ name, type: 'c', creatorId: admin.id });
		store.addMember(room.id, admin.id, ['owner']);
		return room;
	}

	function warnings(): string[] {
		return host.getLogs(PROBE_APP_ID, { level: 'warning' }).map((entry) => entry.args.join(' '));
	}

	describe('installing', () => {
		it('refuses a file that is not an app package', async () => {
			await expect(host.install(Buffer.from('not a zip'))).rejects.toThrow(/^Not a Rocket\.Chat App package: /);

			const zipWithoutManifest = new AdmZip();
			zipWithoutManifest.addFile('README.md', Buffer.from('hello'));
			await expect(host.install(zipWithoutManifest.toBuffer())).rejects.toThrow(
				'Not a Rocket.Chat App package: Invalid App package. No "app.json" file.',
			);
			await expect(host.listApps()).resolves.toEqual([]);
		});

		it('installs and enables the packaged Room Events app, with its app user', async () => {
			const zip = roomEventsZip();
			const manifest = JSON.parse(new AdmZip(zip).readAsText('app.json')) as { id: string; nameSlug: string };

			const appId = await host.install(zip);

			expect(appId).toBe(manifest.id);
			await expect(host.listApps()).resolves.toEqual([expect.objectContaining({ id: manifest.id, enabled: true })]);
			expect(store.getAppUser(appId)).toEqual(expect.objectContaining({ username: `${manifest.nameSlug}.bot`, type: 'app', roles: ['app'] }));
			expect(Object.keys(host.getAppSettings(appId))).toEqual(expect.arrayContaining(['dry_run', 'audit_room', 'join_rules']));
			// Current servers answer a fresh install as manually enabled; 6.x servers as auto enabled.
			await expect(host.getAppStatus(appId)).resolves.toBe(runtime === 'deno' ? 'manually_enabled' : 'auto_enabled');
		});

		it('refuses to install the same app twice, and updates it keeping its settings', async () => {
			await host.install(probeZip);
			await host.updateSetting(PROBE_APP_ID, 'greeting', 'Hi');

			await expect(host.install(probeZip)).rejects.toThrow('is already installed: update it instead.');
			await expect(host.update(probeZip)).resolves.toBe(PROBE_APP_ID);
			expect(host.getAppSettings(PROBE_APP_ID).greeting.value).toBe('Hi');
		});
	});

	describe('with the probe app installed', () => {
		beforeEach(async () => {
			await host.install(probeZip);
		});

		it('runs an unawaited post handler that posts as the app user, persists and schedules', async () => {
			const room = createRoom('ops');

			await expect(host.fire(AppInterface.IPostRoomCreate, toAppRoom(store, room))).resolves.toBeUndefined();
			await host.settle();

			const appUser = store.getAppUser(PROBE_APP_ID) as UserRecord;
			expect(store.listMessages(room.id)).toEqual([expect.objectContaining({ senderId: appUser.id, text: 'Hello, ops', ts: START })]);
			const [record] = store.listRecords(PROBE_APP_ID);
			expect(record.associations).toEqual([
				{ model: 'room', id: room.id },
				{ model: 'misc', id: 'room-created' },
			]);
			// A Date made inside the sandbox is stored as a Date.
			expect(record.data.seenAt).toBeInstanceOf(Date);
			expect(store.listJobs(PROBE_APP_ID).filter((job) => job.kind === 'once')).toEqual([
				expect.objectContaining({ processorId: `announce_${PROBE_APP_ID}`, nextRunAt: new Date(START.getTime() + 5 * MINUTE) }),
			]);
		});

		it('lets AppsEngineExceptions out of pre-handlers and logs and swallows other errors', async () => {
			const room = createRoom('ops');
			const intruder = store.createUser({ username: 'intruder' });

			await expect(host.fire(AppInterface.IPreRoomCreatePrevent, toAppRoom(store, { ...room, name: 'blocked-room' }))).resolves.toBe(true);
			await expect(host.fire(AppInterface.IPreRoomCreatePrevent, toAppRoom(store, room))).resolves.toBe(false);
			await expect(host.fire(AppInterface.IPreRoomCreatePrevent, toAppRoom(store, { ...room, name: 'forbidden-room' }))).rejects.toMatchObject({
				name: 'AppsEngineException',
				message: 'Room names may not start with "forbidden"',
			});
			// Fail-open: a generic error is logged and the room is not prevented (the Deno runtime's host
			// also writes the failed call to the server's console).
			const serverConsole = await consoleErrorsDuring(async () => {
				await expect(host.fire(AppInterface.IPreRoomCreatePrevent, toAppRoom(store, { ...room, name: 'crash-room' }))).resolves.toBeUndefined();
			});
			expect(serverConsole).toEqual({ vm2: [], deno: [expect.stringMatching(/^JSON-RPC error received:[\s\S]*The probe crashed/)] }[runtime]);
			const logged = (level: 'error' | 'debug') =>
				host.getLogs(PROBE_APP_ID, { method: 'executePreRoomCreatePrevent', level }).map((entry) => JSON.stringify(entry.args));
			// vm2 logs every error a handler throws as an error; the Deno runtime hands the refusal over
			// and notes the generic error as an unsuccessful call, at debug level.
			const expected = {
				vm2: {
					errors: [expect.stringContaining('Room names may not start with'), expect.stringContaining('The probe crashed')],
					debug: expect.anything(),
				},
				deno: { errors: [], debug: expect.arrayContaining([expect.stringMatching(/was unsuccessful.*The probe crashed/)]) },
			}[runtime];
			expect({ errors: logged('error'), debug: logged('debug') }).toEqual(expected);

			const joining = { room: toAppRoom(store, room), joiningUser: toAppUser(intruder), inviter: toAppUser(admin) };
			await expect(host.fire(AppInterface.IPreRoomUserJoined, joining)).rejects.toMatchObject({
				name: 'AppsEngineException',
				message: 'Intruders may not join',
			});
			expect(warnings()).toContain('Kept out intruder');
		});

		it('changes settings the way the admin UI does, and keeps the value when the app refuses one', async () => {
			await host.updateSetting(PROBE_APP_ID, 'greeting', 'Hi');
			await host.updateSetting(PROBE_APP_ID, 'greeting', '  ');

			expect(host.getAppSettings(PROBE_APP_ID).greeting.value).toBe('Hi');
			expect(warnings()).toContain('Refused an empty greeting');

			const room = createRoom('ops');
			await host.fire(AppInterface.IPostRoomCreate, toAppRoom(store, room));
			await host.settle();
			expect(store.listMessages(room.id).map((message) => message.text)).toEqual(['Hi, ops']);
		});

		it('runs one-off and recurring jobs when they are due', async () => {
			// The heartbeat starts with the app, its first run one interval away (skipImmediate).
			const [heartbeat] = store.listJobs(PROBE_APP_ID);
			expect(heartbeat).toEqual(expect.objectContaining({ kind: 'recurring', intervalMs: MINUTE, nextRunAt: new Date(START.getTime() + MINUTE) }));
			const kept = createRoom('kept');
			const removed = createRoom('removed');
			await host.fire(AppInterface.IPostRoomCreate, toAppRoom(store, kept));
			await host.fire(AppInterface.IPostRoomCreate, toAppRoom(store, removed));
			await host.settle();
			store.deleteRoom(removed.id);

			expect(await host.runDueJobs(new Date(START.getTime() + 30 * 1000))).toEqual([]);

			now = new Date(START.getTime() + MINUTE);
			expect((await host.runDueJobs()).map((run) => run.processorId)).toEqual([`heartbeat_${PROBE_APP_ID}`]);
			expect(store.readRecordsByAssociations(PROBE_APP_ID, [{ model: 'misc', id: 'heartbeat' }])).toEqual([{ beats: 1, jobId: heartbeat.id }]);

			now = new Date(START.getTime() + 5 * MINUTE);
			let runs: Awaited<ReturnType<typeof host.runDueJobs>> = [];
			// The announce job for the removed room fails: the Deno runtime's host writes the failed call to the server's console.
			const serverConsole = await consoleErrorsDuring(async () => {
				runs = await host.runDueJobs();
			});
			expect(serverConsole).toEqual({ vm2: [], deno: [expect.stringMatching(/No room \w+ to announce in/)] }[runtime]);
			expect(runs.map(({ processorId, error }) => ({ processorId, error }))).toEqual([
				{ processorId: `heartbeat_${PROBE_APP_ID}`, error: undefined },
				{ processorId: `announce_${PROBE_APP_ID}`, error: undefined },
				// The Deno runtime hands a job's failure back as a bare JSON-RPC error.
				{ processorId: `announce_${PROBE_APP_ID}`, error: runtime === 'vm2' ? `No room ${removed.id} to announce in` : 'Internal error' },
			]);
			expect(store.listMessages(kept.id).map((message) => message.text)).toEqual(['Hello, kept', 'Announcing kept']);
			expect(store.readRecordsByAssociations(PROBE_APP_ID, [{ model: 'misc', id: 'heartbeat' }])).toEqual([{ beats: 2, jobId: heartbeat.id }]);
			// One-off jobs are gone after their run, failed or not; the heartbeat waits for its next minute.
			expect(store.listJobs(PROBE_APP_ID)).toEqual([expect.objectContaining({ id: heartbeat.id, nextRunAt: new Date(START.getTime() + 6 * MINUTE) })]);
		});

		it('runs no handlers or jobs of a disabled app, and runs them again once it is enabled', async () => {
			await host.disable(PROBE_APP_ID);
			const room = createRoom('ops');
			await host.fire(AppInterface.IPostRoomCreate, toAppRoom(store, room));
			await host.settle();
			now = new Date(START.getTime() + MINUTE);
			await host.runDueJobs();

			await expect(host.getAppStatus(PROBE_APP_ID)).resolves.toBe('manually_disabled');
			expect(store.listMessages(room.id)).toEqual([]);
			expect(store.readRecordsByAssociations(PROBE_APP_ID, [{ model: 'misc', id: 'heartbeat' }])).toEqual([]);

			await host.enable(PROBE_APP_ID);
			await host.fire(AppInterface.IPostRoomCreate, toAppRoom(store, room));
			await host.settle();
			await expect(host.getAppStatus(PROBE_APP_ID)).resolves.toBe('manually_enabled');
			expect(store.listMessages(room.id).map((message) => message.text)).toEqual(['Hello, ops']);
		});

		it('brings the app back enabled, with its settings and jobs, from a workspace snapshot', async () => {
			await host.updateSetting(PROBE_APP_ID, 'greeting', 'Hi');
			const jobs = store.listJobs(PROBE_APP_ID);
			await host.stop();

			store = WorkspaceStore.fromJSON(JSON.parse(JSON.stringify(store.toJSON())), () => now);
			host = new EngineHost(store, { runtime, clock: () => now });
			await host.start();

			await expect(host.listApps()).resolves.toEqual([expect.objectContaining({ id: PROBE_APP_ID, enabled: true })]);
			expect(host.getAppSettings(PROBE_APP_ID).greeting.value).toBe('Hi');
			expect(host.listProcessors(PROBE_APP_ID)).toEqual([`heartbeat_${PROBE_APP_ID}`, `announce_${PROBE_APP_ID}`]);
			expect(store.listJobs(PROBE_APP_ID)).toEqual(jobs);
		});

		it('removes the app with its user, records and jobs', async () => {
			store.createRecord(PROBE_APP_ID, { n: 1 });

			await host.uninstall(PROBE_APP_ID);

			await expect(host.listApps()).resolves.toEqual([]);
			expect(store.getAppUser(PROBE_APP_ID)).toBeUndefined();
			expect(store.listRecords(PROBE_APP_ID)).toEqual([]);
			expect(store.listJobs(PROBE_APP_ID)).toEqual([]);
			expect(store.getAppPackage(PROBE_APP_ID)).toBeUndefined();
		});
	});
});

describe('an app that reads room.usernames, as Room Events once did', () => {
	let usernamesZip: Buffer;

	beforeAll(async () => {
		usernamesZip = await packageFixtureApp('usernames-app');
	}, 60_000);

	it.each(RUNTIME_NAMES)('in the %s runtime', async (runtime) => {
		const store = new WorkspaceStore();
		const alice = store.createUser({ username: 'alice', roles: ['admin'] });
		const bob = store.createUser({ username: 'bob' });
		const room = store.createRoom({ name: 'town', type: 'c', creatorId: alice.id });
		store.addMember(room.id, alice.id, ['owner']);
		store.addMember(room.id, bob.id);
		const host = new EngineHost(store, { runtime });
		await host.start();
		try {
			await host.install(usernamesZip);
			await host.fire(AppInterface.IPostRoomUserJoined, { room: toAppRoom(store, room), joiningUser: toAppUser(bob) });
			await host.settle();
			const posted = store.listMessages(room.id).map((message) => message.text);
			// In Deno the runtime made memberList async (it awaits every `.usernames`), and its minified
			// caller, no longer found by name, got a Promise instead of a string. Hence the lint rule on app code.
			expect(posted).toEqual([runtime === 'vm2' ? 'Members: alice, bob' : 'Members: [object Promise]']);
		} finally {
			await host.stop();
		}
	});
});
