import { AppInterface } from 'apps-engine-deno/definition/metadata';

import { CLUSTER_PROBE_ID, clusterProbeZip, probeLines } from './clusterProbe';
import { toAppRoom, toAppUser } from '../../workspace/engine/converters';
import { EngineCluster, parseInstanceCount } from '../../workspace/engine/engineCluster';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';
import type { RoomRecord, UserRecord } from '../../workspace/store/workspaceStore';
import { consoleErrorsDuring } from '../support/consoleErrors';

const START = new Date('2030-01-01T09:00:00.000Z');
const MINUTE = 60 * 1000;

describe('parseInstanceCount', () => {
	it.each([
		['1', 1],
		['2', 2],
		[8, 8],
	])('reads %p as %p', (value, count) => {
		expect(parseInstanceCount(value)).toBe(count);
	});

	it.each(['0', '9', '1.5', 'two', '', -1])('refuses %p', (value) => {
		expect(() => parseInstanceCount(value)).toThrow('Not a number of instances');
	});
});

describe.each(RUNTIME_NAMES)('a cluster of two instances, %s runtime', (runtime) => {
	let zip: Buffer;
	let now: Date;
	let store: WorkspaceStore;
	let admin: UserRecord;
	let bob: UserRecord;
	let cluster: EngineCluster;

	beforeAll(async () => {
		zip = await clusterProbeZip();
	}, 60_000);

	beforeEach(async () => {
		now = START;
		store = new WorkspaceStore(() => now);
		admin = store.createUser({ username: 'admin', roles: ['admin'] });
		bob = store.createUser({ username: 'bob' });
		cluster = new EngineCluster(store, { instances: 2, runtime, clock: () => now });
		await cluster.start();
		await cluster.instance(0).install(zip);
	});

	afterEach(async () => {
		await cluster.stop();
	});

	function createRoom(name: string): RoomRecord {
		const room = store.createRoom({ name, type: 'c', creatorId: admin.id });
		store.addMember(room.id, admin.id, ['owner']);
		return room;
	}

	/** Fires IPostRoomUserJoined at one instance, with the room as it was before bob joined, then adds him. */
	async function join(instanceIndex: number, room: RoomRecord): Promise<void> {
		const host = cluster.instance(instanceIndex);
		const context = { room: toAppRoom(store, room), joiningUser: toAppUser(bob) };
		store.addMember(room.id, bob.id);
		await host.fire(AppInterface.IPostRoomUserJoined, context);
		await host.settle();
	}

	it('loads the app installed on one instance on the other, and each event reaches the app on the instance it is fired at', async () => {
		const [first, second] = cluster.instances;
		await expect(second.listApps()).resolves.toEqual([expect.objectContaining({ id: CLUSTER_PROBE_ID, enabled: true })]);
		expect(cluster.recentBroadcasts()).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ from: 0, to: 1, broadcast: { event: 'apps.added', appId: CLUSTER_PROBE_ID }, outcome: 'applied' }),
			]),
		);

		await join(1, createRoom('ops'));
		await join(0, createRoom('dev'));

		expect(probeLines(first).filter((line) => line.includes('joined'))).toEqual(['bob joined dev, usersCount 1']);
		expect(probeLines(second).filter((line) => line.includes('joined'))).toEqual(['bob joined ops, usersCount 1']);
	});

	it('replays a setting change on every instance, each running onPreSettingUpdate and onSettingUpdated, unless it misses the broadcast', async () => {
		const [first, second] = cluster.instances;
		const settingLines = (host: typeof first) => probeLines(host).filter((line) => line.startsWith('setting'));

		await first.updateSetting(CLUSTER_PROBE_ID, 'label', 'second');
		expect([settingLines(first), settingLines(second)]).toEqual([['setting label is second'], ['setting label is second']]);
		expect(second.getAppSettings(CLUSTER_PROBE_ID).label.value).toBe('second');

		// A refused value (onPreSettingUpdate answers the old setting) stays out of both; the engine
		// still stores the old setting and calls onSettingUpdated with it.
		await second.updateSetting(CLUSTER_PROBE_ID, 'label', '   ');
		expect([first, second].map((host) => host.getAppSettings(CLUSTER_PROBE_ID).label.value)).toEqual(['second', 'second']);

		cluster.missNextBroadcast(1, 'apps.settingUpdated');
		const secondBefore = settingLines(second);
		await first.updateSetting(CLUSTER_PROBE_ID, 'label', 'third');
		expect(settingLines(first).pop()).toBe('setting label is third');
		expect(settingLines(second)).toEqual(secondBefore);
		// The missed instance keeps its copy, while the store (the database) has the new value.
		expect(second.getAppSettings(CLUSTER_PROBE_ID).label.value).toBe('second');
		expect(store.getInstalledApp(CLUSTER_PROBE_ID)?.settings.label.value).toBe('third');
	});

	it('replays status changes and an uninstall on the other instance', async () => {
		const [first, second] = cluster.instances;

		await second.disable(CLUSTER_PROBE_ID);
		await expect(first.getAppStatus(CLUSTER_PROBE_ID)).resolves.toBe('manually_disabled');
		await first.enable(CLUSTER_PROBE_ID);
		await expect(second.getAppStatus(CLUSTER_PROBE_ID)).resolves.toMatch(/_enabled$/);

		// The uninstall disables the app first: by the time the other instance replays that, the app's
		// record is gone, and its disable fails (Rocket.Chat logs it); the removal that follows applies.
		const serverConsole = await consoleErrorsDuring(async () => {
			await first.uninstall(CLUSTER_PROBE_ID);
			await cluster.settle();
		});
		await expect(second.listApps()).resolves.toEqual([]);
		expect(serverConsole).toEqual([expect.stringMatching(/^Instance 1 could not replay apps\.statusUpdate of app /)]);
	});

	it('runs the recurring job on one instance at a time, the instances taking turns', async () => {
		const ranOn: number[] = [];
		for (let minute = 1; minute <= 4; minute += 1) {
			now = new Date(START.getTime() + minute * MINUTE);
			ranOn.push(...(await cluster.runDueJobs()).map((run) => run.instance));
		}
		await cluster.settle();

		expect(ranOn).toEqual([0, 1, 0, 1]);
		const ticks = (instanceIndex: number) => probeLines(cluster.instance(instanceIndex)).filter((line) => line.startsWith('tick'));
		expect([ticks(0).length, ticks(1).length]).toEqual([2, 2]);
		expect(store.listJobs(CLUSTER_PROBE_ID)).toEqual([expect.objectContaining({ kind: 'recurring', nextRunAt: new Date(START.getTime() + 5 * MINUTE) })]);
	});

	it('fails exactly the next call of a bridge method a fault is injected into, on whichever instance it reaches', async () => {
		const { faults } = cluster;
		faults.failNext('persistence', 'createWithAssociations');
		expect(faults.pendingFaults()).toEqual([{ bridge: 'persistence', method: 'createWithAssociations', remaining: 1 }]);

		await join(1, createRoom('ops'));
		await join(0, createRoom('dev'));

		expect(probeLines(cluster.instance(1))).toContain(
			"recording the join failed: Injected fault: the persistence bridge's createWithAssociations failed (1 of 1 injected).",
		);
		expect(probeLines(cluster.instance(0)).filter((line) => line.startsWith('recording'))).toEqual([]);
		expect(faults.pendingFaults()).toEqual([]);
		expect(store.listRecords(CLUSTER_PROBE_ID)).toHaveLength(1);
		expect(() => faults.failNext('persistence', 'createWithAssocs')).toThrow('The persistence bridge has no method "createWithAssocs"');
		expect(() => faults.failNext('database', 'create')).toThrow('No bridge "database"');
	});

	it('lists the bridge methods the app called, so that each can be failed in turn without disturbing the engine', async () => {
		const { faults } = cluster;
		faults.resetCalls();
		await join(0, createRoom('room-0'));
		const calls = faults.calledMethods(CLUSTER_PROBE_ID);
		expect(calls.map((call) => `${call.bridge}.${call.method}`)).toEqual(
			expect.arrayContaining(['persistence.createWithAssociations', 'message.create', 'message.getById']),
		);

		for (const [index, { bridge, method }] of calls.entries()) {
			faults.failNext(bridge, method);
			// The Deno runtime's host writes a call the fault failed to the server's console.
			await consoleErrorsDuring(() => join(index % 2, createRoom(`room-${index + 1}`)));
			// The fault was raised by the call it was meant for, and the instance still answers.
			expect(faults.pendingFaults()).toEqual([]);
			await expect(cluster.instance(index % 2).getAppStatus(CLUSTER_PROBE_ID)).resolves.toMatch(/_enabled$/);
		}
	});

	it('keeps a message id the app chose, reads the message back by it, and fails a second create of that id as Rocket.Chat does', async () => {
		const room = createRoom('ops');
		const messageId = `welcome-${room.id}-${bob.id}`;

		await join(0, room);
		store.removeMember(room.id, bob.id);
		await join(1, room);

		expect(store.listMessages(room.id)).toEqual([expect.objectContaining({ id: messageId, text: 'Welcome, bob' })]);
		expect(probeLines(cluster.instance(0))).toEqual(expect.arrayContaining([`posted ${messageId}`, `read back ${messageId}: Welcome, bob`]));
		expect(probeLines(cluster.instance(1))).toEqual(
			expect.arrayContaining([
				`posting ${messageId} failed: Cannot read properties of undefined (reading '_id')`,
				`read back ${messageId}: Welcome, bob`,
			]),
		);
	});
});
