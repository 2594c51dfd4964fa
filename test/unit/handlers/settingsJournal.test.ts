import type { IConfigurationModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IOnetimeSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import { SETTINGS_JOURNAL_JOB, scheduleJournalEntry } from '../../../handlers/settingsJournal';
import { FakeLogger } from '../../fakes/fakeAccessors';
import { otherRealmDate } from '../../fakes/otherRealmDate';

describe('scheduleJournalEntry', () => {
	function scheduling() {
		const scheduled: IOnetimeSchedule[] = [];
		const modify = { scheduler: { scheduleOnce: async (job: IOnetimeSchedule) => void scheduled.push(job) } } as unknown as IConfigurationModify;
		return { scheduled, modify };
	}

	it("hands the journal job the setting's value and its time to the millisecond, also from a Date the runtime proxies (vm2)", async () => {
		const { scheduled, modify } = scheduling();
		const setting = {
			id: 'join_locked_rooms',
			value: 'vault',
			packageValue: '',
			updatedAt: otherRealmDate('2026-11-23T10:00:00.900Z'),
		} as unknown as ISetting;
		await scheduleJournalEntry(modify, setting, new FakeLogger().asLogger());
		expect(scheduled).toEqual([
			expect.objectContaining({
				id: SETTINGS_JOURNAL_JOB,
				data: { entry: { id: 'join_locked_rooms', value: 'vault', updatedAt: '2026-11-23T10:00:00.900Z' } },
			}),
		]);
	});

	it('says in the logs when the job cannot be scheduled', async () => {
		const logger = new FakeLogger();
		const modify = { scheduler: { scheduleOnce: () => Promise.reject(new Error('scheduler down')) } } as unknown as IConfigurationModify;
		await scheduleJournalEntry(modify, { id: 'dry_run', value: true, packageValue: false } as unknown as ISetting, logger.asLogger());
		expect(logger.at('warn')).toEqual(['Room Events could not store the change of "dry_run" for the other instances: scheduler down']);
	});
});
