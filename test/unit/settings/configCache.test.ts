import type { ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';

import * as patternIndex from '../../../lib/patternIndex';
import { decideJoin } from '../../../policy/membershipPolicy';
import { CONFIG_REREAD_MS, ConfigCache } from '../../../settings/configCache';
import { FakeLogger } from '../../fakes/fakeAccessors';
import { otherRealmDate } from '../../fakes/otherRealmDate';

/** Stored setting values, counting reads: each one is a round trip to the server. */
function storedSettings(values: Record<string, unknown>) {
	const reads = { count: 0 };
	const settings = {
		getById: async (id: string) => {
			reads.count++;
			return { id, value: values[id], packageValue: undefined };
		},
	} as unknown as ISettingRead;
	return { settings, reads, values };
}

describe('ConfigCache', () => {
	it('loads on the first call only: a restarted subprocess decides with the stored settings, not the defaults', async () => {
		const stored = storedSettings({ join_locked_rooms: 'town' });
		const cache = new ConfigCache(() => 1000);
		expect(cache.current.lockedRooms.map((pattern) => pattern.source)).toEqual([]);

		await cache.ensureLoaded(stored.settings, new FakeLogger().asLogger());
		expect(cache.current.lockedRooms.map((pattern) => pattern.source)).toEqual(['town']);
		const reads = stored.reads.count;
		expect(reads).toBeGreaterThan(0);

		await cache.ensureLoaded(stored.settings, new FakeLogger().asLogger());
		expect(stored.reads.count).toBe(reads);
	});

	it('takes a stored value newer than its own once the comparison interval has passed, and an older one never', async () => {
		let now = 1000;
		const stored = storedSettings({ join_locked_rooms: 'town' });
		const cache = new ConfigCache(() => now);
		await cache.load(stored.settings, new FakeLogger().asLogger());
		cache.apply({ id: 'join_locked_rooms', value: 'town', updatedAt: new Date('2026-11-23T10:00:00Z') } as never, new FakeLogger().asLogger());

		now += CONFIG_REREAD_MS - 1;
		expect(cache.comparisonDue()).toBe(false);
		now += 1;
		expect(cache.comparisonDue()).toBe(true);
		const missed = [
			{ id: 'join_locked_rooms', value: 'town, plaza', updatedAt: '2026-11-23T10:05:00.000Z' },
			{ id: 'dry_run', value: true, updatedAt: '2026-11-23T09:00:00.000Z' },
		];
		expect(cache.applyStored(missed, new FakeLogger().asLogger())).toEqual(['join_locked_rooms', 'dry_run']);
		expect(cache.current.lockedRooms.map((pattern) => pattern.source)).toEqual(['town', 'plaza']);
		expect(cache.comparisonDue()).toBe(false);

		const older = [{ id: 'join_locked_rooms', value: 'town', updatedAt: '2026-11-23T10:01:00.000Z' }];
		expect(cache.applyStored(older, new FakeLogger().asLogger())).toEqual([]);
		expect(cache.current.lockedRooms.map((pattern) => pattern.source)).toEqual(['town', 'plaza']);
	});

	it("keeps a setting's time to the millisecond when the runtime hands its Date over as a proxy (vm2), so an older stored value in the same second stays out", async () => {
		let now = 1000;
		const cache = new ConfigCache(() => now);
		await cache.load(storedSettings({ join_locked_rooms: 'town' }).settings, new FakeLogger().asLogger());
		cache.apply(
			{ id: 'join_locked_rooms', value: 'town, plaza', updatedAt: otherRealmDate('2026-11-23T10:00:00.900Z') } as never,
			new FakeLogger().asLogger(),
		);
		now += CONFIG_REREAD_MS;

		const olderInTheSameSecond = [{ id: 'join_locked_rooms', value: 'town', updatedAt: '2026-11-23T10:00:00.400Z' }];
		expect(cache.applyStored(olderInTheSameSecond, new FakeLogger().asLogger())).toEqual([]);
		expect(cache.current.lockedRooms.map((pattern) => pattern.source)).toEqual(['town', 'plaza']);
	});

	it('keeps a stored value that does not parse out, using the default, and says so', async () => {
		const logger = new FakeLogger();
		const cache = new ConfigCache();
		await cache.load(storedSettings({ join_capacity: 'town: zero' }).settings, logger.asLogger());
		expect(cache.current.capacityRules).toEqual([]);
		expect(logger.at('error')).toEqual([expect.stringContaining('ignores the stored value of "join_capacity" and uses its default')]);
	});

	it('compiles a long list as it takes it in, at a load and at a change, so that the first event after does not', async () => {
		const compile = jest.spyOn(patternIndex, 'compilePatternIndex');
		try {
			const rules = (count: number) => Array.from({ length: count }, (_, i) => `proj-${i}-*: admin`).join('\n');
			const cache = new ConfigCache(() => 1000);
			await cache.load(storedSettings({ join_rules: rules(20), join_locked_rooms: 'town' }).settings, new FakeLogger().asLogger());
			// The 20 join rules have an index; the one locked room is scanned, so it has none.
			expect(compile.mock.calls.map(([entries]) => entries.length)).toEqual([20]);

			cache.apply({ id: 'join_rules', value: rules(30) } as never, new FakeLogger().asLogger());
			expect(compile.mock.calls.map(([entries]) => entries.length)).toEqual([20, 30]);
			const room = { name: 'proj-7-x', kind: 'channel' as const, isPublic: true, isDefault: false, isTeamMain: false };
			expect(decideJoin(cache.current, { room, joiningUser: { username: 'bob', roles: ['user'] } }).rule).toEqual({
				setting: 'join_rules',
				matched: 'proj-7-*: admin',
			});
			expect(compile).toHaveBeenCalledTimes(2);
		} finally {
			compile.mockRestore();
		}
	});
});
