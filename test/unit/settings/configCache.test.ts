import type { ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';

import { CONFIG_REREAD_MS, ConfigCache } from '../../../settings/configCache';
import { FakeLogger } from '../../fakes/fakeAccessors';

/** Stored setting values, counting reads: each one is a round trip to the server. */
function storedSettings(values: Record<string, unknown>) {
	const reads = { count: 0 };
	const settings = {
		getValueById: async (id: string) => {
			reads.count++;
			return values[id];
		},
	} as unknown as ISettingRead;
	return { settings, reads, values };
}

describe('ConfigCache', () => {
	it('loads on the first call only: a restarted subprocess decides with the stored settings, not the defaults', async () => {
		const stored = storedSettings({ join_locked_rooms: 'town' });
		const cache = new ConfigCache(() => 1000);
		expect(cache.current.lockedRooms).toEqual([]);

		await cache.ensureLoaded(stored.settings, new FakeLogger().asLogger());
		expect(cache.current.lockedRooms).toEqual(['town']);
		const reads = stored.reads.count;
		expect(reads).toBeGreaterThan(0);

		await cache.ensureLoaded(stored.settings, new FakeLogger().asLogger());
		expect(stored.reads.count).toBe(reads);
	});

	it('reads every setting again once the copy is older than the re-read interval, and not before', async () => {
		let now = 1000;
		const stored = storedSettings({ join_locked_rooms: 'town' });
		const cache = new ConfigCache(() => now);
		await cache.load(stored.settings, new FakeLogger().asLogger());
		stored.values.join_locked_rooms = 'town, plaza';
		const reads = stored.reads.count;

		now += CONFIG_REREAD_MS - 1;
		await cache.reloadIfStale(stored.settings, new FakeLogger().asLogger());
		expect(stored.reads.count).toBe(reads);
		expect(cache.current.lockedRooms).toEqual(['town']);

		now += 1;
		await cache.reloadIfStale(stored.settings, new FakeLogger().asLogger());
		expect(cache.current.lockedRooms).toEqual(['town', 'plaza']);
	});

	it('keeps a stored value that does not parse out, using the default, and says so', async () => {
		const logger = new FakeLogger();
		const cache = new ConfigCache();
		await cache.load(storedSettings({ join_capacity: 'town: zero' }).settings, logger.asLogger());
		expect(cache.current.capacityRules).toEqual([]);
		expect(logger.at('error')).toEqual([expect.stringContaining('ignores the stored value of "join_capacity" and uses its default')]);
	});
});
