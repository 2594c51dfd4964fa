import { roomEventsZip } from './packagedApp';
import { AUDIT_DELIVERY_JOB } from '../../handlers/scheduledJobs';
import { EngineCluster } from '../../workspace/engine/engineCluster';
import type { JobRun } from '../../workspace/engine/engineHost';
import type { RuntimeName } from '../../workspace/engine/engineRuntime';
import { AppRoomOperations, RoomService } from '../../workspace/rooms/roomService';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';
import type { RoomRecord, UserRecord } from '../../workspace/store/workspaceStore';
import type { ExpectedKey } from '../support/auditTally';

/** The delivery job's interval (handlers/scheduledJobs.ts): each tick of the fake clock makes it due again. */
export const DELIVERY_INTERVAL_MS = 3000;

/** A run of the scheduler's due jobs: when it ran (the fake clock, which also stamps the messages it posted) and what ran where. */
export interface DeliveryTick {
	readonly fakeTime: number;
	readonly runs: JobRun[];
	/** When it started and ended in real time (the app stamps its records with the real time). */
	readonly startedAt: number;
	readonly endedAt: number;
}

/**
 * The packaged Room Events on a cluster of two instances over one store, each instance with its own
 * room service (requests served there fire the events on that instance's app): an admin, `users`
 * users, the private audit room `audit` (the admin's) and audit on, the app's other settings as given.
 * Nothing runs the scheduler but `tick()`.
 */
export async function startRoomEventsCluster(runtime: RuntimeName, settings: Record<string, unknown> = {}, userCount = 12) {
	const clock = { now: new Date('2030-01-01T09:00:00.000Z') };
	const store = new WorkspaceStore(() => clock.now);
	const admin = store.createUser({ username: 'admin', roles: ['admin'] });
	const users = Array.from({ length: userCount }, (_unused, index) => store.createUser({ username: `user${String(index).padStart(2, '0')}` }));
	const auditRoom = store.createRoom({ name: 'audit', type: 'p', creatorId: admin.id });
	store.addMember(auditRoom.id, admin.id, ['owner']);
	const services: RoomService[] = [];
	const cluster = new EngineCluster(store, {
		instances: 2,
		runtime,
		clock: () => clock.now,
		roomOperations: (instanceIndex) => new AppRoomOperations(() => services[instanceIndex]),
	});
	services.push(...cluster.instances.map((host) => new RoomService(store, host, () => clock.now)));
	await cluster.start();
	const appId = await cluster.instance(0).install(roomEventsZip());
	for (const [id, value] of Object.entries({ audit_room: 'audit', audit_enabled: true, ...settings })) {
		await cluster.instance(0).updateSetting(appId, id, value);
	}

	const outbox = () => store.listRecords(appId).filter((record) => record.associations.some((association) => association.id === 'room-events:audit-outbox'));

	/** Runs the due jobs a delivery interval on. */
	const tick = async (): Promise<DeliveryTick> => {
		const startedAt = Date.now();
		clock.now = new Date(clock.now.getTime() + DELIVERY_INTERVAL_MS);
		const runs = await cluster.runDueJobs(clock.now);
		return { fakeTime: clock.now.getTime(), runs, startedAt, endedAt: Date.now() };
	};

	/** Lets the post events the engine did not await end, then ticks until the outbox is empty (at most `most` ticks). */
	const drain = async (most = 6): Promise<DeliveryTick[]> => {
		const ticks: DeliveryTick[] = [];
		do {
			await cluster.settle();
			ticks.push(await tick());
		} while (outbox().length > 0 && ticks.length < most);
		return ticks;
	};

	// The settings' journal jobs run now, so that the ticks of a test run only what the test causes.
	await drain();

	return {
		clock,
		store,
		cluster,
		appId,
		admin,
		users,
		auditRoom,
		/** Each instance's room service, by instance. */
		rooms: services,
		tick,
		drain,
		outbox,
		/** The audit room's messages, in the order they were posted. */
		auditMessages: () => store.listMessages(auditRoom.id),
		/** Every instance's error and warning lines of the app. */
		logs: (level: 'error' | 'warning' | 'info') =>
			cluster.instances.flatMap((host) => host.getLogs(appId, { level }).map((entry) => `instance ${host.instanceIndex}: ${entry.args.join(' ')}`)),
		/** A room made straight in the store (no events): for rooms that exist before the traffic. */
		existingRoom: (name: string, type: 'c' | 'p' = 'c', creator: UserRecord = admin): RoomRecord => {
			const room = store.createRoom({ name, type, creatorId: creator.id });
			store.addMember(room.id, creator.id, ['owner']);
			return room;
		},
	};
}

export type RoomEventsCluster = Awaited<ReturnType<typeof startRoomEventsCluster>>;

/** The instances the delivery job ran on, in order. */
export function deliveryInstances(ticks: readonly DeliveryTick[]): number[] {
	return ticks.flatMap((tick) => tick.runs.filter((run) => run.processorId.startsWith(AUDIT_DELIVERY_JOB)).map((run) => run.instance));
}

/** The settings the traffic's refusals need: names refused at creation, rooms locked to joins, and a record per message. */
export const TRAFFIC_SETTINGS = {
	creation_blocked_names: 'blocked-*',
	join_locked_rooms: 'locked-*',
	// Far above what waits between two deliveries: every record gets its own message, to be counted.
	audit_digest_threshold: 100_000,
};

/** A record the traffic should leave in the audit room, by its key (auditTally.ts), and when its event was fired (real time). */
export interface ExpectedRecord extends ExpectedKey {
	readonly firedAt: number;
}

/** Refusals come back from the room service as Rocket.Chat's error-app-prevented. */
async function refused(action: Promise<unknown>): Promise<void> {
	if (!(await refusedUnlessFailedOpen(action))) throw new Error('The app did not refuse it.');
}

/** Whether the app refused it; the action may also go ahead, when the app could not decide and its policy fails open. */
async function refusedUnlessFailedOpen(action: Promise<unknown>): Promise<boolean> {
	try {
		await action;
		return false;
	} catch (error) {
		if ((error as { error?: string }).error === 'error-app-prevented') return true;
		throw error;
	}
}

/**
 * One client's room traffic at one instance, as Rocket.Chat's methods run it: a channel created,
 * three users joining it, one leaving, a creation refused by name, a join refused by a lock, a
 * direct message, the channel deleted. Nine records, each told apart by `tag` (and the direct
 * message by its pair of users, the `pair`-th of the cluster's pairs). Answers them.
 */
export async function roomTraffic(re: RoomEventsCluster, instanceIndex: number, tag: string, pair: number): Promise<ExpectedRecord[]> {
	const rooms = re.rooms[instanceIndex];
	const { users } = re;
	const expected: ExpectedRecord[] = [];
	const fire = async (key: string, action: () => Promise<unknown>, alternatives: Omit<ExpectedKey, 'key'> = {}) => {
		expected.push({ key, firedAt: Date.now(), ...alternatives });
		await action();
	};
	const [first, second] = pairOf(pair, users.length);
	const creator = users[first];
	const joiners = [1, 2, 3].map((offset) => users[(first + offset) % users.length]);
	const name = `room-${tag}`;
	let room: RoomRecord | undefined;
	await fire(`Room created · #${name}`, async () => {
		room = await rooms.createChannel(creator.id, 'c', { name });
	});
	const roomId = (room as RoomRecord).id;
	for (const joiner of joiners) await fire(`User joined · #${name} · @${joiner.username}`, () => rooms.join(joiner.id, roomId));
	await fire(`User left · #${name} · @${joiners[0].username}`, () => rooms.leave(joiners[0].id, roomId));
	// The name rule reads the creator (for an exempt role): when that read fails, the creation goes ahead, audited as such.
	await fire(`Room creation denied · #blocked-${tag}`, () => refusedUnlessFailedOpen(rooms.createChannel(creator.id, 'c', { name: `blocked-${tag}` })), {
		failedOpen: [`Policy could not decide · #blocked-${tag}`, `Room created · #blocked-${tag}`],
	});
	const locked = re.existingRoom(`locked-${tag}`);
	await fire(`Join denied · #locked-${tag} · @${joiners[1].username}`, () => refused(rooms.join(joiners[1].id, locked.id)));
	// A direct message is named by its members, each read by id: one that could not be read is named by its id.
	const partner = users[second];
	await fire(`Room created · @${creator.username}, @${partner.username}`, () => rooms.createDirectMessage(creator.id, [partner.username]), {
		withUnknown: [`Room created · user id ${creator.id}, @${partner.username}`, `Room created · @${creator.username}, user id ${partner.id}`],
	});
	await fire(`Room deleted · #${name}`, () => rooms.deleteRoom(re.admin.id, roomId));
	return expected;
}

/** The `index`-th pair of distinct users (by index), so that each direct message of a run is a new one. */
function pairOf(index: number, userCount: number): [number, number] {
	let remaining = index;
	for (let first = 0; first < userCount; first += 1) {
		const after = userCount - first - 1;
		if (remaining < after) return [first, first + 1 + remaining];
		remaining -= after;
	}
	throw new Error(`${userCount} users make fewer than ${index + 1} pairs.`);
}
