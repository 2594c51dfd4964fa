import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import AdmZip from 'adm-zip';
import { AppInterface } from 'apps-engine-deno/definition/metadata';

import { roomEventsZip } from './packagedApp';
import { toAppRoom, toAppUser } from '../../workspace/engine/converters';
import { EngineHost } from '../../workspace/engine/engineHost';
import type { EngineEvent } from '../../workspace/engine/engineHost';
import type { RuntimeName } from '../../workspace/engine/engineRuntime';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { PROJECT_ROOT, packagedAppPath } from '../../workspace/projectPaths';
import { RoomService } from '../../workspace/rooms/roomService';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';
import { consoleErrorsDuring } from '../support/consoleErrors';

const ESSENTIALS = ['IPreRoomUserJoined', 'IPreRoomCreatePrevent'];
const essentialsZipPath = () => packagedAppPath().replace(/\.zip$/, '-essentials.zip');

/** `npm run package -- <args>`, as npm runs it. */
function packageApp(args: string[]) {
	return promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'scripts', 'package-app.mjs'), ...args], { cwd: PROJECT_ROOT });
}

const manifestOf = (zip: Buffer) => JSON.parse(new AdmZip(zip).readAsText('app.json')) as { essentials?: string[] };

describe('npm run package -- --essentials', () => {
	it.each([
		[['--essentials', 'IPreRoomUserJoinde'], '"IPreRoomUserJoinde" is not an interface Room Events implements'],
		[['--essentials', 'IPreRoomUserJoined,IPostMessageSent'], '"IPostMessageSent" is not an interface Room Events implements'],
		[['--essentials=IPostRoomUserLeave'], '"IPostRoomUserLeave" runs once the action is done, so locking it could prevent nothing'],
		[['--essentials'], '--essentials needs a comma-separated list of interfaces'],
		[['--essential', 'IPreRoomUserJoined'], 'unknown option "--essential"'],
	])('refuses %j with one line, before packaging anything', async (args, says) => {
		const refused = await packageApp(args).then(
			() => undefined,
			(error: { code: number; stdout: string; stderr: string }) => error,
		);
		expect(refused?.code).toBe(1);
		expect(refused?.stdout).toBe('');
		expect(refused?.stderr.trim().split('\n')).toEqual([expect.stringContaining(says)]);
	});
});

/** Room Events from `zip` on a small workspace: alice owns the public channel town; no policy and no audit (the defaults). */
async function startWith(runtime: RuntimeName, zip: Buffer) {
	const store = new WorkspaceStore();
	store.createUser({ username: 'admin', roles: ['admin'] });
	const alice = store.createUser({ username: 'alice' });
	const bob = store.createUser({ username: 'bob' });
	const town = store.createRoom({ name: 'town', type: 'c', creatorId: alice.id });
	store.addMember(town.id, alice.id, ['owner']);
	const host = new EngineHost(store, { runtime });
	await host.start();
	const appId = await host.install(zip);
	const rooms = new RoomService(store, host);
	const fire = (event: keyof typeof AppInterface, payload: unknown) => host.fire(AppInterface[event] as EngineEvent, payload);
	return {
		store,
		host,
		appId,
		rooms,
		alice,
		bob,
		town,
		join: () => fire('IPreRoomUserJoined', { room: toAppRoom(store, town), joiningUser: toAppUser(bob) }),
		leave: () => fire('IPreRoomUserLeave', { room: toAppRoom(store, town), leavingUser: toAppUser(alice) }),
		create: () => fire('IPreRoomCreatePrevent', { slugifiedName: 'proj-x', displayName: 'proj-x', type: 'c', creator: toAppUser(alice) }),
		deletion: () => fire('IPreRoomDeletePrevent', toAppRoom(store, town)),
	};
}

/** What the engine's listener manager throws for a locked event (its class name is lost across copies, its message is not). */
const LOCKED = /There is one or more apps that are essential to this event but are disabled/;

describe('a zip built with essentials', () => {
	let essentialsZip: Buffer;

	beforeAll(async () => {
		await packageApp(['--essentials', ESSENTIALS.join(',')]);
		essentialsZip = readFileSync(essentialsZipPath());
	}, 300_000);

	it("lists them in its manifest; the repository's app.json and the usual zip list none", () => {
		expect(manifestOf(essentialsZip).essentials).toEqual(ESSENTIALS);
		expect(manifestOf(roomEventsZip()).essentials).toBeUndefined();
		expect(JSON.parse(readFileSync(join(PROJECT_ROOT, 'app.json'), 'utf8')).essentials).toBeUndefined();
	});

	describe.each(RUNTIME_NAMES)('in the %s runtime', (runtime) => {
		it('refuses the listed events to everyone while the app is disabled, as Rocket.Chat answers them; the others go through; enabled or uninstalled, nothing is refused', async () => {
			const re = await startWith(runtime, essentialsZip);
			try {
				// Enabled, with every policy off, the app refuses nothing.
				await expect(re.join()).resolves.toBeUndefined();
				await expect(re.create()).resolves.toBe(false);

				await re.host.disable(re.appId);
				await expect(re.join()).rejects.toThrow(LOCKED);
				await expect(re.create()).rejects.toThrow(LOCKED);
				await expect(re.leave()).resolves.toBeUndefined();
				await expect(re.deletion()).resolves.toBe(false);
				// What a user is answered (Rocket.Chat's orchestrator maps the exception), and nothing happened.
				await expect(re.rooms.join(re.bob.id, re.town.id)).rejects.toMatchObject({ error: 'error-essential-app-disabled' });
				expect(re.store.isMember(re.town.id, re.bob.id)).toBe(false);
				await expect(re.rooms.createChannel(re.alice.id, 'c', { name: 'proj-y' })).rejects.toMatchObject({ error: 'error-essential-app-disabled' });
				expect(re.store.getRoomByName('proj-y')).toBeUndefined();

				// Apps-Engine 1.62 logs its refusal of the kept slash command when the app is enabled again (restApi.test.ts).
				await consoleErrorsDuring(() => re.host.enable(re.appId));
				await expect(re.join()).resolves.toBeUndefined();

				await re.host.disable(re.appId);
				await expect(re.join()).rejects.toThrow(LOCKED);
				await re.host.uninstall(re.appId);
				await expect(re.join()).resolves.toBeUndefined();
			} finally {
				await re.host.stop();
			}
		});

		it('without essentials, a disabled app refuses nothing', async () => {
			const re = await startWith(runtime, roomEventsZip());
			try {
				await re.host.disable(re.appId);
				await expect(re.join()).resolves.toBeUndefined();
				await expect(re.create()).resolves.toBe(false);
				await re.rooms.join(re.bob.id, re.town.id);
				expect(re.store.isMember(re.town.id, re.bob.id)).toBe(true);
				// Rocket.Chat fires IPostRoomUserJoined on the next tick, unawaited: it ends before the engine stops.
				await new Promise((done) => setImmediate(done));
				await re.host.settle();
			} finally {
				await re.host.stop();
			}
		});
	});
});
