import { TRAFFIC_SETTINGS, deliveryInstances, roomTraffic, startRoomEventsCluster } from './roomEventsCluster';
import type { DeliveryTick, ExpectedRecord, RoomEventsCluster } from './roomEventsCluster';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { cleanTally, postedRecord, tallyAuditMessages } from '../support/auditTally';
import type { PostedRecord } from '../support/auditTally';

/** Clients sending requests at the same time to each instance, and the traffic each sends one after the other. */
const CLIENTS_PER_INSTANCE = 4;
const ROUNDS = 5;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise, and the function that resolves it. */
function signal(): { promise: Promise<void>; raise: () => void } {
	let raise = () => undefined as void;
	const promise = new Promise<void>((resolve) => {
		raise = resolve;
	});
	return { promise, raise };
}

describe.each(RUNTIME_NAMES)('the audit trail of a cluster of two instances over one store, %s runtime', (runtime) => {
	let re: RoomEventsCluster;

	beforeEach(async () => {
		re = await startRoomEventsCluster(runtime, TRAFFIC_SETTINGS);
	}, 60_000);

	afterEach(async () => {
		await re?.cluster.stop();
	});

	it('posts each record of concurrent traffic at both instances once, oldest first within each delivery, with the time it happened', async () => {
		// A first round at each instance, then a pause: these records are posted well after they happened.
		const early = (await Promise.all([0, 1].map((instance) => roomTraffic(re, instance, `early-${instance}`, instance)))).flat();
		await pause(1100);

		let trafficDone = false;
		// Each client waits for a delivery between two of its rounds, so that deliveries and traffic interleave however fast either is.
		let tickEnded = signal();
		const traffic = Promise.all(
			[0, 1].flatMap((instance) =>
				Array.from({ length: CLIENTS_PER_INSTANCE }, async (_unused, client) => {
					const records: ExpectedRecord[] = [];
					for (let round = 0; round < ROUNDS; round += 1) {
						const sequence = 2 + (instance * CLIENTS_PER_INSTANCE + client) * ROUNDS + round;
						records.push(...(await roomTraffic(re, instance, `${instance}-${client}-${round}`, sequence)));
						if (round < ROUNDS - 1) await tickEnded.promise;
					}
					return records;
				}),
			),
		).finally(() => {
			trafficDone = true;
		});
		// The scheduler keeps delivering while the traffic flows, one instance at a time. (No timer
		// between runs: in vm2 the traffic is one chain of promise jobs that no timer would interrupt.)
		const ticks: DeliveryTick[] = [];
		while (!trafficDone) {
			ticks.push(await re.tick());
			const ended = tickEnded;
			tickEnded = signal();
			ended.raise();
		}
		const duringTraffic = ticks.length;
		const expected = [...early, ...(await traffic).flat()];
		ticks.push(...(await re.drain()));

		const messages = re.auditMessages();
		expect(tallyAuditMessages(messages, expected)).toEqual(cleanTally(2 * 9 * (1 + CLIENTS_PER_INSTANCE * ROUNDS)));
		expect(re.outbox()).toEqual([]);
		// Delivery ran on both instances, and posted while the traffic flowed, not only once it was over.
		expect(new Set(deliveryInstances(ticks))).toEqual(new Set([0, 1]));
		const earlyKeys = new Set(early.map((record) => record.key));
		const trafficTicks = new Set(ticks.slice(0, duringTraffic).map((tick) => tick.fakeTime));
		const postingTrafficTicks = new Set(
			messages
				.filter((message) => trafficTicks.has(message.ts.getTime()) && !earlyKeys.has(postedRecord(message)?.key ?? ''))
				.map((message) => message.ts.getTime()),
		);
		expect(postingTrafficTicks.size).toBeGreaterThanOrEqual(ROUNDS - 2);

		// Each record's time lies between its event and the delivery that posted it; the early ones before the first delivery.
		const byKey = new Map(expected.map((record) => [record.key, record]));
		const tickOf = new Map(ticks.map((tick) => [tick.fakeTime, tick]));
		const records = messages.map((message) => ({ record: postedRecord(message) as PostedRecord, tick: tickOf.get(message.ts.getTime()) as DeliveryTick }));
		const outOfTime = records.filter(({ record, tick }) => !(record.at >= (byKey.get(record.key)?.firedAt ?? Infinity) && record.at <= tick.endedAt));
		expect(outOfTime).toEqual([]);
		expect(records.filter(({ record }) => earlyKeys.has(record.key) && record.at > ticks[0].startedAt - 1000)).toEqual([]);
		// Oldest first within each delivery (records written meanwhile may be older than the last one posted before).
		const outOfOrder = records.filter(
			(entry, index) => index > 0 && entry.tick === records[index - 1].tick && entry.record.at < records[index - 1].record.at,
		);
		expect(outOfOrder).toEqual([]);
		// vm2 logs each refusal the app throws as an error of the handler; nothing else went wrong.
		expect(re.logs('error').filter((line) => !line.includes('"name":"AppsEngineException"'))).toEqual([]);
	}, 60_000);
});
