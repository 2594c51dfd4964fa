/**
 * Audit bursts (a section of `npm run bench`, issue 10's bursts): the packaged app in the engine
 * host (the Deno runtime), with the realistic policy set and the audit on, takes 10,000 joins; 10,000 refused joins;
 * and 10,000 refused joins while the audit room is missing, which an admin then creates. The
 * delivery is the app's recurring job, run as a server's scheduler runs it: every second of the
 * burst the due jobs run (the job is due every 3 s), then the clock is moved on until the outbox
 * is empty. What it prints: the messages posted, every record accounted for in them (a message of
 * its own, a digest, a summary of what overflowed), the outbox's peak, the time taken, and the
 * round trips of each kind of event.
 */
import { AppInterface } from 'apps-engine-deno/definition/metadata';

import type { BenchOptions } from './benchSupport';
import { fmt, load, now, perEventCount } from './benchSupport';
import type { BenchHost } from './benchWorkspace';
import { REALISTIC_SETTINGS, RULED_ROOM, startBenchHost } from './benchWorkspace';
import { roomEventsZip } from '../test/engine/packagedApp';
import { toAppRoom, toAppUser, withUsersCount } from '../workspace/engine/converters';
import type { EngineEvent } from '../workspace/engine/engineHost';
import type { RuntimeName } from '../workspace/engine/engineRuntime';
import type { RoomRecord, UserRecord } from '../workspace/store/workspaceStore';

const OUTBOX = 'room-events:audit-outbox';
const HISTORY = 'room-events:audit-history';

interface Burst {
	readonly label: string;
	/** Joins into `town`, which no rule refuses; or into the ruled room, which refuses every plain user. */
	readonly refused: boolean;
	readonly auditRoomMissing: boolean;
}

/**
 * The runtime of every supported Rocket.Chat (6.10 and later): three bursts of 10,000 take minutes
 * on a shared machine, and the whole bench should stay within about ten.
 */
const BURST_RUNTIMES: readonly RuntimeName[] = ['deno'];

const BURSTS: readonly Burst[] = [
	{ label: 'joins', refused: false, auditRoomMissing: false },
	{ label: 'refused joins', refused: true, auditRoomMissing: false },
	{ label: 'refused joins, audit room missing, then created', refused: true, auditRoomMissing: true },
];

/** What the audit room's messages hold: each message's first line says whether it is a record, a digest, a summary or a notice. */
function account(texts: readonly string[]) {
	const tally = { messages: texts.length, ownMessages: 0, inDigests: 0, digests: 0, inSummaries: 0, summaries: 0, notices: 0 };
	for (const text of texts) {
		const title = text.split('\n')[0];
		const digest = /^\*Digest: ([\d,]+) records?\*/.exec(title);
		const summary = /^\*([\d,]+) records? folded while the audit room was unreachable\*/.exec(title);
		const count = (match: RegExpExecArray) => Number(match[1].replace(/,/g, ''));
		if (digest) {
			tally.digests++;
			tally.inDigests += count(digest);
		} else if (summary) {
			tally.summaries++;
			tally.inSummaries += count(summary);
		} else if (title.startsWith('*Audit trail notice*')) {
			tally.notices++;
		} else {
			tally.ownMessages++;
		}
	}
	return { ...tally, records: tally.ownMessages + tally.inDigests + tally.inSummaries };
}

/** Bridge calls the app made so far, in all. */
function bridgeCalls(bench: BenchHost): number {
	return bench.host.faults.calledMethods(bench.appId).reduce((total, call) => total + call.count, 0);
}

async function runBurst(runtime: RuntimeName, burst: Burst, count: number) {
	// The scheduler's clock: real time, moved on after the burst so the delivery need not be waited for.
	let offsetMs = 0;
	const clock = () => new Date(Date.now() + offsetMs);
	const bench = await startBenchHost(runtime, roomEventsZip(), REALISTIC_SETTINGS, { auditRoom: !burst.auditRoomMissing, clock });
	const { store, host, appId } = bench;
	try {
		const admin = store.getUserByUsername('admin') as UserRecord;
		const inviter = store.getUserByUsername('alice') as UserRecord;
		const room = store.getRoomByName(burst.refused ? RULED_ROOM : 'town') as RoomRecord;
		const users = Array.from({ length: count }, (_, i) => store.createUser({ username: `member.${String(i).padStart(5, '0')}` }));
		const outboxSize = () => store.readRecordsByAssociations(appId, [{ model: 'misc', id: OUTBOX }]).length;
		let outboxPeak = 0;
		const trips = { pre: 0, post: 0, job: 0 };
		let jobRuns = 0;
		const jobErrors: string[] = [];
		const runJobs = async () => {
			outboxPeak = Math.max(outboxPeak, outboxSize());
			const before = bridgeCalls(bench);
			const runs = await host.runDueJobs(clock());
			trips.job += bridgeCalls(bench) - before;
			jobRuns += runs.filter((run) => run.processorId.startsWith('room-events-audit-delivery')).length;
			jobErrors.push(...runs.flatMap((run) => (run.error ? [run.error] : [])));
		};
		// The journal entries the settings scheduled, before the burst.
		await runJobs();
		const started = now();
		let lastTick = started;
		let refusals = 0;
		// The room converted once, then given each join's member count: converting it for every join would
		// list its growing membership each time (the workspace's converter lists every member's username,
		// which Rocket.Chat's room reads only when asked), a cost of the harness, not of the app.
		const converted = toAppRoom(store, room);
		const payload = (user: UserRecord, memberCount: number) => ({
			room: withUsersCount(converted, memberCount),
			joiningUser: toAppUser(user),
			inviter: { id: inviter.id, username: inviter.username },
		});
		let members = store.getMemberIds(room.id).length;
		for (const user of users) {
			let before = bridgeCalls(bench);
			const joined = await host.fire(AppInterface.IPreRoomUserJoined as EngineEvent, payload(user, members)).then(
				() => true,
				() => false,
			);
			trips.pre += bridgeCalls(bench) - before;
			if (joined) {
				// As Rocket.Chat does, the post event carries the room as read before the join.
				store.addMember(room.id, user.id);
				before = bridgeCalls(bench);
				await host.fire(AppInterface.IPostRoomUserJoined as EngineEvent, payload(user, members));
				members++;
				await host.settle();
				trips.post += bridgeCalls(bench) - before;
			} else {
				refusals++;
			}
			if (now() - lastTick >= 1000) {
				lastTick = now();
				await runJobs();
			}
		}
		const burstMs = now() - started;
		if (refusals !== (burst.refused ? count : 0)) throw new Error(`${burst.label}: ${refusals} of ${count} joins were refused`);
		const outboxAfterBurst = outboxSize();
		if (burst.auditRoomMissing) store.createRoom({ name: 'audit', type: 'p', creatorId: admin.id });
		const drainStarted = now();
		for (let step = 0; step < 200 && outboxSize() > 0; step++) {
			offsetMs += 3000;
			await runJobs();
		}
		const drainMs = now() - drainStarted;
		const auditRoom = store.getRoomByName('audit') as RoomRecord;
		const tally = account(store.listMessages(auditRoom.id).map((message) => message.text));
		// The history keeps the trail's notices too; the burst's records are the others.
		const history = store
			.listRecords(appId)
			.filter((record) => record.associations.some((a) => a.id === HISTORY) && record.data.event !== 'audit-notice').length;
		return { count, refusals, burstMs, drainMs, outboxPeak, outboxAfterBurst, outboxLeft: outboxSize(), tally, history, trips, jobRuns, jobErrors };
	} finally {
		await host.stop();
	}
}

export async function benchAuditBursts(options: BenchOptions): Promise<void> {
	const count = options.quick ? 1000 : 10000;
	console.log(
		`${count.toLocaleString('en-US')} joins per burst, realistic policies, audit on; delivery by the app's recurring job (due every 3 s, the due jobs run every second)`,
	);
	for (const runtime of BURST_RUNTIMES) {
		for (const burst of BURSTS) {
			const result = await runBurst(runtime, burst, count);
			const { tally, trips } = result;
			const unaccounted = count - tally.records;
			const events = count + (burst.refused ? 0 : count);
			console.log(`\n${runtime}, ${burst.label}:`);
			console.log(
				`  burst ${fmt(result.burstMs / 1000)} s (${fmt((events / result.burstMs) * 1000)} events/s), then delivery ${fmt(result.drainMs / 1000)} s; ${result.jobRuns} delivery runs${result.jobErrors.length ? `, failures: ${result.jobErrors.join('; ')}` : ''}`,
			);
			console.log(
				`  outbox peak ${result.outboxPeak.toLocaleString('en-US')} (after the burst ${result.outboxAfterBurst.toLocaleString('en-US')}, at the end ${result.outboxLeft})`,
			);
			console.log(
				`  messages ${tally.messages}: ${tally.ownMessages} of a record each, ${tally.digests} digests of ${tally.inDigests.toLocaleString('en-US')} records, ${tally.summaries} overflow summaries of ${tally.inSummaries.toLocaleString('en-US')}, ${tally.notices} notices`,
			);
			console.log(
				`  records accounted for: ${tally.records.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} (${unaccounted === 0 ? 'none missing, none twice' : `${unaccounted} unaccounted for`}); in the audit history: ${result.history.toLocaleString('en-US')}`,
			);
			console.log(
				`  round trips: ${perEventCount(trips.pre / count)} per pre-event${burst.refused ? '' : `, ${perEventCount(trips.post / count)} per post event`}; the delivery job ${perEventCount(trips.job / count)} per record`,
			);
		}
		console.log(`load now ${load()}`);
	}
	console.log('\ngoal (issue 10): a 10,000-join burst in at most 100 messages, 0 records unaccounted for, post events at most one round trip');
}
