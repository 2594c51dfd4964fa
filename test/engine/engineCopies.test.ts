import { dirname } from 'node:path';

import * as definitionExceptions from 'apps-engine-deno/definition/exceptions';
import { AppInterface } from 'apps-engine-deno/definition/metadata';

import { packageFixtureApp } from './fixtureApps';
import { runningDenoChildren } from './packagedApp';
import { toAppRoom } from '../../workspace/engine/converters';
import { EngineHost } from '../../workspace/engine/engineHost';
import { loadEngineCopy } from '../../workspace/engine/engineModules';
import { loadEngineRuntime, RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';
import type { RoomRecord, UserRecord } from '../../workspace/store/workspaceStore';

const PROBE_APP_ID = '94e0b8e6-0ada-4503-abc8-99e99368da65';
const NOOP_APP_ID = '0a5e7c7e-4b5f-4a8e-9f2d-6c1b9a3d7e10';

describe('loadEngineCopy', () => {
	it("gives each copy its own server modules and shares the engine's definitions with the host, so that instanceof holds across copies", () => {
		const packageDir = dirname(require.resolve('apps-engine-deno/package.json'));
		const [first, second] = [loadEngineCopy(packageDir), loadEngineCopy(packageDir)];
		type Manager = { AppManager: unknown };

		expect(first<Manager>('server/AppManager').AppManager).not.toBe(second<Manager>('server/AppManager').AppManager);
		expect(first<Manager>('server/AppManager').AppManager).toBe(first<Manager>('server/AppManager').AppManager);
		expect(first('definition/exceptions')).toBe(definitionExceptions);
		expect(second('definition/exceptions')).toBe(definitionExceptions);
	});
});

describe.each(RUNTIME_NAMES)('several engine hosts in one process, %s runtime', (runtime) => {
	let probeZip: Buffer;
	let noopZip: Buffer;
	let store: WorkspaceStore;
	let admin: UserRecord;
	let hosts: EngineHost[];

	beforeAll(async () => {
		[probeZip, noopZip] = await Promise.all([packageFixtureApp('probe-app'), packageFixtureApp('noop-app')]);
	}, 60_000);

	beforeEach(() => {
		store = new WorkspaceStore();
		admin = store.createUser({ username: 'admin', roles: ['admin'] });
		hosts = [new EngineHost(store, { runtime }), new EngineHost(store, { runtime })];
	});

	afterEach(async () => {
		await Promise.all(hosts.map((host) => host.stop()));
	});

	function createRoom(name: string): RoomRecord {
		const room = store.createRoom({ name, type: 'c', creatorId: admin.id });
		store.addMember(room.id, admin.id, ['owner']);
		return room;
	}

	it('loads a copy of the engine modules per runtime, so each gets an AppManager of its own', async () => {
		const first = loadEngineRuntime(runtime);
		const second = loadEngineRuntime(runtime);
		try {
			expect(first.AppManager).not.toBe(second.AppManager);
			expect(first.bridges.MessageBridge).not.toBe(second.bridges.MessageBridge);
			expect(first.tempFilePath).not.toBe(second.tempFilePath);
		} finally {
			await Promise.all([first.dispose(), second.dispose()]);
		}
	});

	it('runs two hosts over one store: one installs, the other loads the app from the shared storage', async () => {
		const [first, second] = hosts;
		const cwd = process.cwd();
		await first.start();
		await first.install(probeZip);
		await second.start();

		await expect(second.listApps()).resolves.toEqual([expect.objectContaining({ id: PROBE_APP_ID, enabled: true })]);
		const ops = createRoom('ops');
		const dev = createRoom('dev');
		await first.fire(AppInterface.IPostRoomCreate, toAppRoom(store, ops));
		await second.fire(AppInterface.IPostRoomCreate, toAppRoom(store, dev));
		await Promise.all(hosts.map((host) => host.settle()));

		expect(store.listMessages(ops.id).map((message) => message.text)).toEqual(['Hello, ops']);
		expect(store.listMessages(dev.id).map((message) => message.text)).toEqual(['Hello, dev']);
		// Each host's logs are its own: the call went to that host's copy of the app.
		const created = (host: EngineHost) => host.getLogs(PROBE_APP_ID, { method: 'executePostRoomCreate' }).length;
		expect(created(first)).toBeGreaterThan(0);
		expect(created(second)).toBeGreaterThan(0);
		expect(process.cwd()).toBe(cwd);
	});

	it('installs on both hosts at once, each in its copy, and stopping one leaves the other running', async () => {
		const [first, second] = hosts;
		const cwd = process.cwd();
		await Promise.all(hosts.map((host) => host.start()));
		const denoBefore = runningDenoChildren().length;
		// The Deno runtime runs each app in a subprocess of its own; vm2 runs them in this process.
		const subprocessesPerApp = runtime === 'deno' ? 1 : 0;

		await Promise.all([first.install(probeZip), second.install(noopZip)]);
		expect(process.cwd()).toBe(cwd);
		// Each engine keeps the apps it loaded itself; the other's install is in the store for its next start.
		await expect(first.listApps()).resolves.toEqual([expect.objectContaining({ id: PROBE_APP_ID })]);
		await expect(second.listApps()).resolves.toEqual([expect.objectContaining({ id: NOOP_APP_ID })]);
		expect(runningDenoChildren().length).toBe(denoBefore + 2 * subprocessesPerApp);

		await first.stop();
		expect(runningDenoChildren().length).toBe(denoBefore + subprocessesPerApp);
		const room = createRoom('ops');
		await second.fire(AppInterface.IPostRoomCreate, toAppRoom(store, room));
		await second.settle();
		await expect(second.getAppStatus(NOOP_APP_ID)).resolves.toMatch(/enabled$/);
		expect(process.cwd()).toBe(cwd);
	});
});
