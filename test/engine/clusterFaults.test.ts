import { eventually } from './packagedApp';
import { TRAFFIC_SETTINGS, deliveryInstances, roomTraffic, startRoomEventsCluster } from './roomEventsCluster';
import type { ExpectedRecord, RoomEventsCluster } from './roomEventsCluster';
import type { BridgeCall } from '../../workspace/engine/bridges/bridgeContext';
import type { EngineHost } from '../../workspace/engine/engineHost';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import type { RuntimeName } from '../../workspace/engine/engineRuntime';
import { cleanTally, postedRecord, tallyAuditMessages } from '../support/auditTally';
import type { Tally } from '../support/auditTally';
import { consoleErrorsDuring } from '../support/consoleErrors';

type Phase = 'traffic' | 'delivery';

/** The Deno runtime's limit on a call into an app (APPS_ENGINE_RUNTIME_TIMEOUT) in these tests. */
const CALL_LIMIT_MS = 5000;

/**
 * How an app's process stops between two of its calls, and starts again, in each runtime: the Deno
 * runtime's subprocess is killed (as the liveness check or the OS would) and the engine restarts it;
 * a vm2 app runs inside the server process, so the instance itself stops and starts again.
 */
const STOPS: Record<RuntimeName, { what: string; stop(host: EngineHost, appId: string): Promise<void> }> = {
	deno: {
		what: 'the app subprocess is killed',
		async stop(host, appId) {
			const killed = host.appProcess(appId)?.pid;
			process.kill(killed as number, 'SIGKILL');
			// The engine logs the end of its restart procedure (spawn, construct, initialize, onEnable).
			await eventually(() => {
				const running = host.appProcess(appId);
				const restarted = host
					.getLogs(appId, { method: 'runtime:restart' })
					.some((entry) => entry.args.join(' ') === 'Successfully restarted app subprocess');
				if (running?.state !== 'ready' || running.pid === killed || !restarted)
					throw new Error(`The app subprocess is not restarted: ${JSON.stringify(running)}`);
			});
		},
	},
	vm2: {
		what: 'the instance stops',
		async stop(host) {
			await host.stop();
			await host.start();
		},
	},
};

/** What became of one fault: whether the call it was meant for raised it, and the step's records counted. */
interface FaultStep {
	fault: string;
	raised: boolean;
	tally: Tally;
	waiting: number;
}

describe.each(RUNTIME_NAMES)('faults in the bridge calls Room Events makes, on a cluster of two instances, %s runtime', (runtime) => {
	let re: RoomEventsCluster;
	let steps = 0;

	beforeAll(async () => {
		// A call into a killed subprocess is answered by nothing: the engine gives up on it after this
		// limit (30 s by default), read as each app's process controller is made.
		const timeout = process.env.APPS_ENGINE_RUNTIME_TIMEOUT;
		process.env.APPS_ENGINE_RUNTIME_TIMEOUT = String(CALL_LIMIT_MS);
		try {
			re = await startRoomEventsCluster(runtime, TRAFFIC_SETTINGS);
		} finally {
			if (timeout === undefined) delete process.env.APPS_ENGINE_RUNTIME_TIMEOUT;
			else process.env.APPS_ENGINE_RUNTIME_TIMEOUT = timeout;
		}
	}, 60_000);

	afterAll(async () => {
		await re?.cluster.stop();
	});

	/**
	 * Traffic at both instances at once, with the audit room set anew meanwhile (so that each
	 * instance looks it up again at its next delivery), then nothing but deliveries.
	 */
	async function traffic(): Promise<ExpectedRecord[]> {
		const step = steps++;
		const expected = (await Promise.all([0, 1].map((instance) => roomTraffic(re, instance, `${step}-${instance}`, 2 * step + instance)))).flat();
		const host = re.cluster.instance(step % 2);
		await host.updateSetting(re.appId, 'audit_room', 'audit-interim');
		await host.updateSetting(re.appId, 'audit_room', 'audit');
		await re.cluster.settle();
		return expected;
	}

	/** One traffic and its deliveries, with one fault injected into the method at the start of the phase, cleared once that phase is over. */
	async function faultStep(call: BridgeCall, phase: Phase): Promise<FaultStep> {
		const { faults } = re.cluster;
		const before = re.auditMessages().length;
		if (phase === 'traffic') faults.failNext(call.bridge, call.method);
		const expected = await traffic();
		if (phase === 'delivery') faults.failNext(call.bridge, call.method);
		await re.drain();
		const raised = faults.pendingFaults().length === 0;
		faults.clearFaults();
		await re.drain();
		return {
			fault: `${call.bridge}.${call.method} in the ${phase}`,
			raised,
			tally: tallyAuditMessages(re.auditMessages().slice(before), expected),
			waiting: re.outbox().length,
		};
	}

	/** The bridge methods the app calls in each phase of a representative traffic and its deliveries. */
	async function representativeCalls(): Promise<Record<Phase, BridgeCall[]>> {
		const { faults } = re.cluster;
		// Once the instances have delivered (and confirmed the audit room), what they do each time.
		await traffic();
		await re.drain();
		faults.resetCalls();
		await traffic();
		const inTraffic = faults.calledMethods(re.appId);
		faults.resetCalls();
		await re.drain();
		return { traffic: inTraffic, delivery: faults.calledMethods(re.appId) };
	}

	it('accounts for every record, none twice, whichever call fails: each method the app calls, failed once in each phase it is called in, then cleared', async () => {
		const calls = await representativeCalls();
		expect(calls.traffic.map(({ bridge, method }) => `${bridge}.${method}`)).toEqual(
			expect.arrayContaining(['persistence.createWithAssociations', 'user.getById', 'scheduler.scheduleOnce', 'room.getByName']),
		);
		// The workspace's language was read by the first traffic's refusals; each instance keeps it for five minutes.
		expect(calls.traffic.map(({ bridge, method }) => `${bridge}.${method}`)).not.toContain('serverSetting.getOneById');
		expect(calls.delivery.map(({ bridge, method }) => `${bridge}.${method}`)).toEqual(
			expect.arrayContaining([
				'persistence.readByAssociations',
				'persistence.updateByAssociations',
				'persistence.removeByAssociations',
				'room.getByName',
				'user.getAppUser',
				'message.create',
			]),
		);

		const results: FaultStep[] = [];
		// The Deno runtime's host writes each call a fault failed to the server's console.
		const serverConsole = await consoleErrorsDuring(async () => {
			for (const phase of ['traffic', 'delivery'] as const) {
				for (const call of calls[phase]) results.push(await faultStep(call, phase));
			}
		});

		expect(results.filter((step) => !step.raised || step.waiting > 0 || !isClean(step.tally))).toEqual([]);
		// A failed user read either named a direct message's member by id or made a creation's name rule fail open
		// (the rule checks the creator for an exempt role), audited as such; no other fault changed any record.
		const changed = results.filter((step) => step.tally.withUnknown.length + step.tally.failedOpen.length > 0);
		expect(changed.map((step) => [step.fault, step.tally.withUnknown.length + step.tally.failedOpen.length])).toEqual([['user.getById in the traffic', 1]]);
		expect(serverConsole.filter((line) => !line.includes('Injected fault'))).toEqual([]);
		await Promise.all(re.cluster.instances.map(async (host) => expect(await host.getAppStatus(re.appId)).toMatch(/_enabled$/)));
	}, 120_000);

	it('posts a record once when its post succeeds and removing it from the outbox fails, however often, and when reading it back fails', async () => {
		const { faults } = re.cluster;
		const before = re.auditMessages().length;
		const expected = await traffic();
		const stoppedBefore = re.logs('warning').filter((line) => line.includes('stopped delivering')).length;
		faults.failNext('persistence', 'removeByAssociations', 3);
		// Each delivery posts the oldest record, fails to remove it, and stops there.
		await consoleErrorsDuring(async () => {
			for (let attempt = 0; attempt < 3; attempt += 1) await re.tick();
		});
		expect(faults.pendingFaults()).toEqual([]);
		const [first, ...others] = re.auditMessages().slice(before);
		expect(others).toEqual([]);
		expect(re.outbox()).toHaveLength(expected.length);
		expect(re.logs('warning').filter((line) => line.includes('stopped delivering')).length - stoppedBefore).toBe(3);

		// The next delivery finds its post refused (the id exists) and reads the message back by id: that read fails too.
		faults.resetCalls();
		faults.failNext('message', 'getById');
		await consoleErrorsDuring(async () => {
			await re.tick();
		});
		expect(faults.pendingFaults()).toEqual([]);
		expect(re.auditMessages().slice(before)).toEqual([first]);

		await re.drain();
		const messages = re.auditMessages().slice(before);
		expect(tallyAuditMessages(messages, expected)).toEqual(cleanTally(expected.length));
		expect(messages[0]).toEqual(first);
		// The delivery after that found the first record's message by its id instead of posting it again.
		expect(faults.calledMethods(re.appId)).toEqual(expect.arrayContaining([expect.objectContaining({ bridge: 'message', method: 'getById', count: 2 })]));
		expect(re.outbox()).toEqual([]);
	});

	it(`posts a record once when ${STOPS[runtime].what} right after posting it, and it starts again`, async () => {
		const { faults, instances } = re.cluster;
		const before = re.auditMessages().length;
		const expected = await traffic();
		let stopped: { instanceIndex: number; restarted: Promise<void> } | undefined;
		// As the process ends when the post has been answered: before the app removes the record.
		faults.interruptNext('persistence', 'removeByAssociations', ({ instanceIndex }) => {
			stopped = { instanceIndex, restarted: STOPS[runtime].stop(instances[instanceIndex], re.appId) };
		});
		const serverConsole = await consoleErrorsDuring(async () => {
			const tick = await re.tick();
			expect(deliveryInstances([tick])).toEqual([stopped?.instanceIndex]);
			await stopped?.restarted;
		});
		await expect(instances[stopped?.instanceIndex ?? -1].getAppStatus(re.appId)).resolves.toMatch(/_enabled$/);
		expect(re.auditMessages().slice(before)).toHaveLength(1);
		expect(re.outbox()).toHaveLength(expected.length);

		// Both instances deliver in turn, the one that stopped among them.
		const ticks = await re.drain();
		ticks.push(await re.tick());
		expect(new Set(deliveryInstances(ticks))).toEqual(new Set([0, 1]));
		expect(tallyAuditMessages(re.auditMessages().slice(before), expected)).toEqual(cleanTally(expected.length));
		expect(re.outbox()).toEqual([]);
		// Deno: the call into the killed process (the delivery job) is answered by the engine's time limit, and logged.
		expect(serverConsole.filter((line) => !line.includes('Interrupted') && !/"scheduler:room-events-audit-delivery" timed out/.test(line))).toEqual([]);
	});

	it('keeps the record of a new direct message whose member could not be read, naming that member by id', async () => {
		const [alice, bob] = [re.users[10], re.users[11]];
		const before = re.auditMessages().length;
		re.cluster.faults.failNext('user', 'getById');
		await consoleErrorsDuring(async () => {
			await re.rooms[1].createDirectMessage(alice.id, [bob.username]);
			await re.drain();
		});
		expect(re.cluster.faults.pendingFaults()).toEqual([]);
		const messages = re.auditMessages().slice(before);
		expect(messages.map((message) => postedRecord(message)?.key)).toEqual([`Room created · user id ${alice.id}, @${bob.username}`]);
	});
});

function isClean(tally: Tally): boolean {
	return JSON.stringify(tally) === JSON.stringify(cleanTally(tally.records, tally));
}
