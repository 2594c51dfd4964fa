import { AppInterface } from 'apps-engine-deno/definition/metadata';

import { packageFixtureApp } from './fixtureApps';
import { eventually, runningDenoChildren } from './packagedApp';
import { startRoomEvents } from './roomEventsHost';
import { toAppRoom } from '../../workspace/engine/converters';
import { EngineHost } from '../../workspace/engine/engineHost';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';

const PROBE_APP_ID = '94e0b8e6-0ada-4503-abc8-99e99368da65';

/** What the subprocess runtime of current servers does around an app's calls: time limits and restarts. */
describe('APPS_ENGINE_RUNTIME_TIMEOUT', () => {
	let probeZip: Buffer;
	const timeout = process.env.APPS_ENGINE_RUNTIME_TIMEOUT;

	beforeAll(async () => {
		probeZip = await packageFixtureApp('probe-app');
	}, 60_000);

	afterEach(() => {
		if (timeout === undefined) delete process.env.APPS_ENGINE_RUNTIME_TIMEOUT;
		else process.env.APPS_ENGINE_RUNTIME_TIMEOUT = timeout;
	});

	// The probe prevents rooms named slow-* after 4 s. The limit is read when the app's process starts, and bounds
	// its start-up too: 2 s leaves room for a loaded machine.
	it.each(RUNTIME_NAMES)('in the %s runtime', async (runtime) => {
		process.env.APPS_ENGINE_RUNTIME_TIMEOUT = '2000';
		const store = new WorkspaceStore();
		const admin = store.createUser({ username: 'admin', roles: ['admin'] });
		const host = new EngineHost(store, { runtime });
		await host.start();
		try {
			await host.install(probeZip);
			const room = store.createRoom({ name: 'slow-room', type: 'c', creatorId: admin.id });
			const started = Date.now();
			const answer = await host.fire(AppInterface.IPreRoomCreatePrevent, toAppRoom(store, room)).catch((error: Error) => error.message);
			const waited = Date.now() - started;
			// Deno: past the limit the server goes on as if the app had said nothing (not prevented), and logs nothing.
			// vm2 (Rocket.Chat 6.3–6.9) has no such limit: it waits for the app's answer.
			const expected = {
				deno: { prevented: undefined, waitedLong: false, errors: [] },
				vm2: { prevented: true, waitedLong: true, errors: [] },
			}[runtime];
			expect({ prevented: answer, waitedLong: waited >= 3900, errors: host.getLogs(PROBE_APP_ID, { level: 'error' }) }).toEqual(expected);
		} finally {
			await host.stop();
		}
	});
});

describe('a killed app subprocess (Deno runtime)', () => {
	it('is restarted by the engine, and the app decides with the settings in force and delivers every record it kept', async () => {
		const re = await startRoomEvents('deno', { join_locked_rooms: 'town' });
		try {
			const refusal = { name: 'AppsEngineException', message: 'The room "town" is locked: it admits no new members until it is unlocked.' };
			await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.bob, re.alice))).rejects.toMatchObject(refusal);
			expect(re.outbox()).toHaveLength(1);

			const before = re.host.appProcess(re.appId);
			expect(before).toMatchObject({ state: 'ready', pid: expect.any(Number) });
			// As the liveness manager does after missed pings, or the OS does to a process out of memory.
			process.kill(before?.pid as number, 'SIGKILL');
			// The engine logs the end of its restart procedure (spawn, construct, initialize, onEnable).
			await eventually(() =>
				expect(re.host.getLogs(re.appId, { method: 'runtime:restart' }).map((entry) => entry.args.join(' '))).toContain(
					'Successfully restarted app subprocess',
				),
			);
			expect(re.host.appProcess(re.appId)).toMatchObject({ state: 'ready', pid: expect.any(Number) });
			expect(re.host.appProcess(re.appId)?.pid).not.toBe(before?.pid);
			expect(runningDenoChildren()).toEqual([re.host.appProcess(re.appId)?.pid]);

			// The new process ran onEnable again: the lock is in force, and the kept record is still there.
			await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.bob))).rejects.toMatchObject(refusal);
			expect(re.outbox()).toHaveLength(2);
			await re.deliver();
			expect(re.titles()).toEqual([
				`*Join denied* · #town (public channel, id \`${re.town.id}\`)`,
				`*Join denied* · #town (public channel, id \`${re.town.id}\`)`,
			]);
			expect(re.outbox()).toEqual([]);
		} finally {
			await re.host.stop();
		}
		expect(runningDenoChildren()).toEqual([]);
	});
});
