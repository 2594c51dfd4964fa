import { deliveryInstances, startRoomEventsCluster } from './roomEventsCluster';
import type { DeliveryTick, RoomEventsCluster } from './roomEventsCluster';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import type { RoomRecord } from '../../workspace/store/workspaceStore';
import { postedRecord } from '../support/auditTally';

/** Deliveries within which an instance that missed a change must decide with it: each instance delivers every other run. */
const CONVERGED_WITHIN_TICKS = 4;

describe.each(RUNTIME_NAMES)('settings on a cluster of two instances, one of which misses a change, %s runtime', (runtime) => {
	let re: RoomEventsCluster;

	beforeAll(async () => {
		re = await startRoomEventsCluster(runtime);
	}, 60_000);

	afterAll(async () => {
		await re?.cluster.stop();
	});

	const setting = (instanceIndex: number, id: string) => re.cluster.instance(instanceIndex).getAppSettings(re.appId)[id].value;

	/** Joins a user to a room through an instance: whether the app let them in. */
	async function joined(instanceIndex: number, userIndex: number, room: RoomRecord): Promise<boolean> {
		const user = re.users[userIndex];
		try {
			await re.rooms[instanceIndex].join(user.id, room.id);
		} catch (error) {
			if ((error as { error?: string }).error === 'error-app-prevented') return false;
			throw error;
		}
		re.store.removeMember(room.id, user.id);
		return true;
	}

	/** Ticks until `done` holds, at most CONVERGED_WITHIN_TICKS times; answers the ticks. */
	async function tickUntil(done: () => Promise<boolean>): Promise<DeliveryTick[]> {
		const ticks: DeliveryTick[] = [];
		while (!(await done()) && ticks.length < CONVERGED_WITHIN_TICKS) {
			await re.cluster.settle();
			ticks.push(await re.tick());
		}
		return ticks;
	}

	const missedLogLine = (id: string) => `Room Events took the stored value of "${id}", which this instance had missed.`;

	it('delivers to the audit room the admin set, also when the instance that delivers missed that change', async () => {
		const newAudit = re.existingRoom('audit-new', 'p');
		const oldBefore = re.auditMessages().length;
		re.cluster.missNextBroadcast(1, 'apps.settingUpdated');
		await re.cluster.instance(0).updateSetting(re.appId, 'audit_room', 'audit-new');
		expect([setting(0, 'audit_room'), setting(1, 'audit_room')]).toEqual(['audit-new', 'audit']);
		// The scheduler's next poll stores the change for the other instances (a job: onSettingUpdated has no persistence).
		await re.tick();

		// A join at one instance, then the other, before each delivery, so that each delivery has something to post.
		const joins = 4;
		const ticks: DeliveryTick[] = [];
		for (let join = 0; join < joins; join += 1) {
			await re.rooms[join % 2].join(re.users[join].id, re.existingRoom(`hall-${join}`).id);
			await re.cluster.settle();
			ticks.push(await re.tick());
		}

		expect(new Set(deliveryInstances(ticks))).toEqual(new Set([0, 1]));
		expect(re.auditMessages().slice(oldBefore)).toEqual([]);
		const delivered = re.store.listMessages(newAudit.id).map((message) => postedRecord(message)?.key);
		expect(delivered).toEqual(Array.from({ length: joins }, (_unused, join) => `User joined · #hall-${join} · @${re.users[join].username}`));
		expect(re.logs('warning')).toContain(`instance 1: ${missedLogLine('audit_room')}`);

		// Back, from the instance that missed it: both take that.
		await re.cluster.instance(1).updateSetting(re.appId, 'audit_room', 'audit');
		expect([setting(0, 'audit_room'), setting(1, 'audit_room')]).toEqual(['audit', 'audit']);
	});

	it("an instance that missed a lock decides with it within the app's safety net: the next deliveries compare with the stored settings", async () => {
		const vault = re.existingRoom('vault');
		re.cluster.missNextBroadcast(1, 'apps.settingUpdated');
		const changed = Date.now();
		await re.cluster.instance(0).updateSetting(re.appId, 'join_locked_rooms', 'vault');
		expect(await joined(0, 0, vault)).toBe(false);
		// The instance that missed it still lets users in.
		expect(await joined(1, 1, vault)).toBe(true);

		const ticks = await tickUntil(async () => !(await joined(1, 2, vault)));
		expect(await joined(1, 3, vault)).toBe(false);
		expect(ticks.length).toBeLessThanOrEqual(CONVERGED_WITHIN_TICKS - 1);
		expect(Date.now() - changed).toBeLessThan(60_000);
		expect(re.logs('warning')).toContain(`instance 1: ${missedLogLine('join_locked_rooms')}`);
	});

	it('/room-events lock, which writes the setting through the app, reaches the other instance as an admin change does, or else through the stored settings', async () => {
		const archive = re.existingRoom('archive');
		const answers = () => re.store.listNotifications({ userId: re.admin.id }).map((notification) => notification.text);
		const run = (params: string) => re.cluster.instance(0).runCommand({ command: 'room-events', params, userId: re.admin.id, roomId: re.auditRoom.id });

		const broadcastsBefore = re.cluster.recentBroadcasts().length;
		await run('lock #archive moving out');
		await re.cluster.settle();
		expect(answers().pop()).toBe('#archive is locked: it admits no new members until it is unlocked.');
		expect([setting(0, 'join_locked_rooms'), setting(1, 'join_locked_rooms')]).toEqual(['vault\narchive', 'vault\narchive']);
		// The engine announces the app's own write as any setting change: the other instance replays it.
		expect(re.cluster.recentBroadcasts().slice(broadcastsBefore)).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					from: 0,
					to: 1,
					broadcast: expect.objectContaining({ setting: expect.objectContaining({ id: 'join_locked_rooms' }) }),
					outcome: 'applied',
				}),
			]),
		);
		expect([await joined(0, 4, archive), await joined(1, 5, archive)]).toEqual([false, false]);

		// The unlock's broadcast is lost: the other instance catches up from the stored settings.
		re.cluster.missNextBroadcast(1, 'apps.settingUpdated');
		await run('unlock #archive');
		await re.cluster.settle();
		expect([setting(0, 'join_locked_rooms'), setting(1, 'join_locked_rooms')]).toEqual(['vault', 'vault\narchive']);
		expect(await joined(0, 6, archive)).toBe(true);
		expect(await joined(1, 7, archive)).toBe(false);
		const ticks = await tickUntil(() => joined(1, 8, archive));
		expect(ticks.length).toBeLessThanOrEqual(CONVERGED_WITHIN_TICKS - 1);

		await re.drain();
		const titles = re.auditMessages().map((message) => message.text.split('\n')[0]);
		expect(titles.filter((title) => title.includes('#archive') && /Room (un)?locked/.test(title))).toEqual([
			`*Room locked* · #archive (public channel, id \`${archive.id}\`)`,
			`*Room unlocked* · #archive (public channel, id \`${archive.id}\`)`,
		]);
	});
});
