/**
 * `npm run bench`: what each of the ten room events costs with Room Events installed, against a
 * no-op app with the same ten interfaces, in both runtimes, on the same host in one run. The two
 * apps are installed side by side and take turns (the other disabled), round after round, so that
 * a busy machine slows both alike: the ratios hold where absolute times do not.
 */
import { cpus, loadavg } from 'node:os';

import { AppInterface } from 'apps-engine-deno/definition/metadata';

import { packageFixtureApp } from '../test/engine/fixtureApps';
import { roomEventsZip } from '../test/engine/packagedApp';
import { toAppRoom, toAppUser } from '../workspace/engine/converters';
import { EngineHost } from '../workspace/engine/engineHost';
import type { EngineEvent } from '../workspace/engine/engineHost';
import { RUNTIME_NAMES } from '../workspace/engine/engineRuntime';
import type { RuntimeName } from '../workspace/engine/engineRuntime';
import { WorkspaceStore } from '../workspace/store/workspaceStore';

const ROUNDS = 5;
const CALLS_PER_ROUND = 40;

/** A policy set such as a mid-sized organisation might keep, with the audit trail on. */
const REALISTIC_SETTINGS: Record<string, unknown> = {
	audit_enabled: true,
	audit_room: 'audit',
	creation_blocked_names: 'secret-*, *-archive, tmp-*, test-*, old-*',
	creation_reserved_names: 'general, announcements, random',
	naming_prefix_private_group: 'priv-',
	naming_read_only_names: 'announce-*',
	deletion_protected_names: 'general, legal-*',
	deletion_protect_default_rooms: true,
	join_rules: 'security-*: admin\nfinance-*: admin, user',
	join_keep_guests_out_of_channels: true,
	join_locked_rooms: 'incident-2026-11',
	join_capacity: 'townhall-*: 500',
	leave_mandatory_names: 'all-hands, company-*',
};

interface EventCase {
	readonly name: string;
	fire(host: EngineHost): Promise<unknown>;
	/** Post events run unawaited by the engine: their cost counts once they are done. */
	readonly unawaited?: boolean;
}

function eventCases(store: WorkspaceStore): EventCase[] {
	const admin = store.getUserByUsername('admin');
	const alice = store.getUserByUsername('alice');
	const bob = store.getUserByUsername('bob');
	const town = store.getRoomByName('town');
	if (!admin || !alice || !bob || !town) throw new Error('The bench workspace is incomplete.');
	const draft = { slugifiedName: 'proj-x', displayName: 'proj-x', type: 'c', creator: toAppUser(alice) };
	const room = () => toAppRoom(store, town);
	const join = () => ({ room: room(), joiningUser: toAppUser(bob), inviter: { id: alice.id, username: alice.username } });
	const leave = () => ({ room: room(), leavingUser: toAppUser(bob) });
	const event = (name: keyof typeof AppInterface, payload: () => unknown, unawaited = false): EventCase => ({
		name,
		unawaited,
		fire: (host) => host.fire(AppInterface[name] as EngineEvent, payload()).catch(() => undefined),
	});
	return [
		event('IPreRoomCreatePrevent', () => ({ ...draft })),
		event('IPreRoomCreateExtend', () => ({ ...draft })),
		event('IPreRoomCreateModify', () => ({ ...draft })),
		event('IPostRoomCreate', room, true),
		event('IPreRoomDeletePrevent', room),
		event('IPostRoomDeleted', room, true),
		event('IPreRoomUserJoined', join),
		event('IPostRoomUserJoined', join, true),
		event('IPreRoomUserLeave', leave),
		event('IPostRoomUserLeave', leave),
	];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Microseconds per call of one event, over a batch. */
async function timeBatch(host: EngineHost, event: EventCase): Promise<number> {
	const started = process.hrtime.bigint();
	for (let call = 0; call < CALLS_PER_ROUND; call++) {
		await event.fire(host);
		if (event.unawaited) await host.settle();
	}
	return Number(process.hrtime.bigint() - started) / 1e3 / CALLS_PER_ROUND;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
	const started = process.hrtime.bigint();
	const result = await work();
	return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function measure(runtime: RuntimeName, noopZip: Buffer): Promise<void> {
	const store = new WorkspaceStore();
	const admin = store.createUser({ username: 'admin', roles: ['admin'] });
	const alice = store.createUser({ username: 'alice' });
	store.createUser({ username: 'bob' });
	store.createRoom({ name: 'audit', type: 'p', creatorId: admin.id });
	const town = store.createRoom({ name: 'town', type: 'c', creatorId: alice.id });
	store.addMember(town.id, alice.id, ['owner']);
	const host = new EngineHost(store, { runtime });
	await host.start();
	try {
		const noop = await timed(() => host.install(noopZip));
		const roomEvents = await timed(() => host.install(roomEventsZip()));
		for (const [id, value] of Object.entries(REALISTIC_SETTINGS)) await host.updateSetting(roomEvents.result, id, value);
		const apps = { noop: noop.result, roomEvents: roomEvents.result };
		const cases = eventCases(store);
		const samples = new Map(cases.map((event) => [event.name, { noop: [] as number[], roomEvents: [] as number[] }]));
		for (let round = 0; round < ROUNDS; round++) {
			// Alternate which app goes first, so that neither always runs on a warmer engine.
			const order: Array<keyof typeof apps> = round % 2 === 0 ? ['noop', 'roomEvents'] : ['roomEvents', 'noop'];
			for (const app of order) {
				const other = app === 'noop' ? 'roomEvents' : 'noop';
				await host.disable(apps[other]);
				await host.enable(apps[app]);
				for (const event of cases) samples.get(event.name)?.[app].push(await timeBatch(host, event));
			}
		}
		console.log(`\n${runtime} runtime (Apps-Engine ${host.engineVersion}): install ${roomEvents.ms.toFixed(0)} ms (no-op app ${noop.ms.toFixed(0)} ms)`);
		console.log(`  ${'event'.padEnd(24)} ${'no-op µs'.padStart(10)} ${'Room Events µs'.padStart(15)} ${'ratio'.padStart(7)}`);
		const ratios: number[] = [];
		for (const event of cases) {
			const sample = samples.get(event.name) as { noop: number[]; roomEvents: number[] };
			const [base, ours] = [median(sample.noop), median(sample.roomEvents)];
			ratios.push(ours / base);
			console.log(`  ${event.name.padEnd(24)} ${base.toFixed(0).padStart(10)} ${ours.toFixed(0).padStart(15)} ${(ours / base).toFixed(2).padStart(7)}`);
		}
		console.log(`  median ratio over the ten events: ${median(ratios).toFixed(2)}`);
	} finally {
		await host.stop();
	}
}

async function main(): Promise<void> {
	console.log('Per-event cost, Room Events (realistic policies, audit on) against a no-op app with the same ten interfaces');
	console.log(
		`Machine: ${cpus().length} cores, load average ${loadavg()
			.map((load) => load.toFixed(2))
			.join(' ')}`,
	);
	const noopZip = await packageFixtureApp('noop-app');
	for (const runtime of RUNTIME_NAMES) await measure(runtime, noopZip);
	console.log(
		`\nLoad average after the run: ${loadavg()
			.map((load) => load.toFixed(2))
			.join(' ')}`,
	);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
