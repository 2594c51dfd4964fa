/**
 * Per-event cost and host round trips (a section of `npm run bench`): what each of the ten room
 * events costs with Room Events installed, in three configurations (every policy and the audit
 * off; the audit on; a realistic policy set with the audit on), against the no-op app the project
 * builds (test/fixtures/noop-app, the same ten interfaces doing nothing), in both runtimes. Each
 * app and configuration runs on an engine host of its own in this one process, and the hosts take
 * turns, event by event and round after round, so that a busy machine slows them all alike: the
 * ratios hold where absolute times do not. The bridge calls each event makes (the app's round trips to the server)
 * are counted from the hosts' call records.
 */
import { AppInterface } from 'apps-engine-deno/definition/metadata';

import type { BenchOptions } from './benchSupport';
import { fmt, load, median, now, perEventCount, row } from './benchSupport';
import type { BenchHost } from './benchWorkspace';
import { AUDIT_ONLY_SETTINGS, REALISTIC_SETTINGS, RULED_ROOM, startBenchHost } from './benchWorkspace';
import { packageFixtureApp } from '../test/engine/fixtureApps';
import { roomEventsZip } from '../test/engine/packagedApp';
import { toAppRoom, toAppUser } from '../workspace/engine/converters';
import type { EngineEvent, EngineHost } from '../workspace/engine/engineHost';
import type { RuntimeName } from '../workspace/engine/engineRuntime';
import { RUNTIME_NAMES } from '../workspace/engine/engineRuntime';
import type { WorkspaceStore } from '../workspace/store/workspaceStore';

const CONFIGURATIONS: ReadonlyArray<{ readonly label: string; readonly settings: Readonly<Record<string, unknown>> }> = [
	{ label: 'all off', settings: {} },
	{ label: 'audit on', settings: AUDIT_ONLY_SETTINGS },
	{ label: 'realistic + audit', settings: REALISTIC_SETTINGS },
];

interface EventCase {
	readonly name: string;
	/** One of the ten events, as opposed to a variant of one (a refused join). */
	readonly tenth: boolean;
	fire(host: EngineHost): Promise<unknown>;
	/** Post events run unawaited by the engine: their cost counts once they are done. */
	readonly unawaited?: boolean;
}

function eventCases(store: WorkspaceStore): EventCase[] {
	const alice = store.getUserByUsername('alice');
	const bob = store.getUserByUsername('bob');
	const town = store.getRoomByName('town');
	const ruled = store.getRoomByName(RULED_ROOM);
	if (!alice || !bob || !town || !ruled) throw new Error('The bench workspace is incomplete.');
	const draft = { slugifiedName: 'proj-x', displayName: 'proj-x', type: 'c', creator: toAppUser(alice) };
	const room = () => toAppRoom(store, town);
	const join = (into = town) => ({ room: toAppRoom(store, into), joiningUser: toAppUser(bob), inviter: { id: alice.id, username: alice.username } });
	const leave = () => ({ room: room(), leavingUser: toAppUser(bob) });
	const event = (name: keyof typeof AppInterface, payload: () => unknown, more: Partial<EventCase> = {}): EventCase => ({
		name,
		tenth: true,
		// A refusal comes out as an error, which is what the benchmark expects of it.
		fire: (host) => host.fire(AppInterface[name] as EngineEvent, payload()).catch(() => undefined),
		...more,
	});
	return [
		event('IPreRoomCreatePrevent', () => ({ ...draft })),
		event('IPreRoomCreateExtend', () => ({ ...draft })),
		event('IPreRoomCreateModify', () => ({ ...draft })),
		event('IPostRoomCreate', room, { unawaited: true }),
		event('IPreRoomDeletePrevent', room),
		event('IPostRoomDeleted', room, { unawaited: true }),
		event('IPreRoomUserJoined', () => join()),
		event('IPostRoomUserJoined', () => join(), { unawaited: true }),
		event('IPreRoomUserLeave', leave),
		event('IPostRoomUserLeave', leave),
		{ ...event('IPreRoomUserJoined', () => join(ruled)), name: `IPreRoomUserJoined, ${RULED_ROOM}`, tenth: false },
	];
}

/** Bridge calls the app made so far, by `bridge.method`. */
function callCounts(host: EngineHost, appId: string): Map<string, number> {
	return new Map(host.faults.calledMethods(appId).map((call) => [`${call.bridge}.${call.method}`, call.count]));
}

interface Sample {
	readonly micros: number[];
	/** Bridge calls per event, by `bridge.method`, summed over every batch. */
	readonly calls: Map<string, number>;
	events: number;
}

/** Microseconds per call of one event over a batch, and the bridge calls the batch made. */
async function timeBatch(bench: BenchHost, event: EventCase, calls: number, sample: Sample): Promise<void> {
	const before = callCounts(bench.host, bench.appId);
	const started = now();
	for (let call = 0; call < calls; call++) {
		await event.fire(bench.host);
		if (event.unawaited) await bench.host.settle();
	}
	sample.micros.push(((now() - started) * 1000) / calls);
	for (const [method, count] of callCounts(bench.host, bench.appId)) {
		const made = count - (before.get(method) ?? 0);
		if (made > 0) sample.calls.set(method, (sample.calls.get(method) ?? 0) + made);
	}
	sample.events += calls;
}

const perEvent = (sample: Sample, method?: string) =>
	[...sample.calls].filter(([name]) => method === undefined || name === method).reduce((total, [, count]) => total + count, 0) / sample.events;

async function measure(runtime: RuntimeName, noopZip: Buffer, options: BenchOptions): Promise<void> {
	const rounds = options.quick ? 7 : 15;
	const callsPerBatch = options.quick ? 10 : 20;
	const labels = ['no-op', ...CONFIGURATIONS.map(({ label }) => label)];
	const hosts: BenchHost[] = [];
	try {
		hosts.push(await startBenchHost(runtime, noopZip));
		for (const { settings } of CONFIGURATIONS) hosts.push(await startBenchHost(runtime, roomEventsZip(), settings));
		const cases = hosts.map((bench) => eventCases(bench.store));
		const samples = hosts.map(() => cases[0].map((): Sample => ({ micros: [], calls: new Map(), events: 0 })));
		for (let round = 0; round < rounds; round++) {
			// Each event's batches run back to back on every host, so that they meet the same load;
			// each starts on another host, so that none always runs on the warmest engine.
			for (let at = 0; at < cases[0].length; at++) {
				for (let turn = 0; turn < hosts.length; turn++) {
					const index = (round + at + turn) % hosts.length;
					await timeBatch(hosts[index], cases[index][at], callsPerBatch, samples[index][at]);
				}
			}
		}
		const installs = hosts.map((bench, i) => `${labels[i]} ${fmt(bench.installMs)} ms`).join(', ');
		console.log(`${runtime} runtime (Apps-Engine ${hosts[0].host.engineVersion}): install ${installs}`);
		// Other processes only ever add time to a batch: the fastest of many is the steadiest estimate of an event's own cost.
		console.log(`  µs per event (fastest of ${rounds} batches of ${callsPerBatch}) and Room Events ÷ no-op app:`);
		const widths = [36, 9, 16, 16, 18];
		console.log(`  ${row(['event', ...labels], widths)}`);
		const ratios = CONFIGURATIONS.map(() => [] as number[]);
		for (const [at, event] of cases[0].entries()) {
			const base = Math.min(...samples[0][at].micros);
			const cells = CONFIGURATIONS.map((_, c) => {
				const ours = Math.min(...samples[c + 1][at].micros);
				if (event.tenth) ratios[c].push(ours / base);
				return `${fmt(ours)} ${`×${fmt(ours / base)}`.padStart(6)}`;
			});
			console.log(`  ${row([event.name, fmt(base), ...cells], widths)}`);
		}
		console.log(`  median ratio over the ten events: ${CONFIGURATIONS.map(({ label }, c) => `${label} ×${fmt(median(ratios[c]))}`).join(', ')}`);
		console.log('  Host round trips per event (bridge calls the app made, per event):');
		console.log(`  ${row(['event', ...labels, 'calls (realistic + audit)'], [36, 6, 8, 9, 18, 0])}`);
		for (const [at, event] of cases[0].entries()) {
			const trips = samples.map((perHost) => perEventCount(perEvent(perHost[at])));
			const realistic = samples[samples.length - 1][at];
			const what = [...realistic.calls.keys()].map((method) => `${method} ${perEventCount(perEvent(realistic, method))}`).join(', ') || 'none';
			console.log(`  ${row([event.name, ...trips, what], [36, 6, 8, 9, 18, 0])}`);
		}
	} finally {
		for (const bench of hosts) await bench.host.stop();
	}
}

export async function benchEventCost(options: BenchOptions): Promise<void> {
	const noopZip = await packageFixtureApp('noop-app');
	for (const runtime of RUNTIME_NAMES) {
		await measure(runtime, noopZip, options);
		console.log(`  load now ${load()}\n`);
	}
}
