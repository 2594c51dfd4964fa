import type { IConfigurationModify, ILogger, IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import { errorText } from '../lib/errorText';
import type { StoredSetting } from '../settings/configCache';
import { settingVersion } from '../settings/configCache';

/** The one-off job that stores a changed setting for the other instances: onSettingUpdated has no persistence. */
export const SETTINGS_JOURNAL_JOB = 'room-events-settings-journal';

const association = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, id);
const JOURNAL = association('room-events:settings-journal');
const entryKey = (settingId: string) => association(`room-events:setting:${settingId}`);

/**
 * The settings as the cluster last changed them, one document per setting, in the app's
 * persistence (the one database every instance shares). Each instance keeps its own copy of the
 * app's settings, updated by a broadcast it can miss; this journal is how it catches up.
 */
export const settingsJournal = {
	async write(persistence: IPersistence, entry: StoredSetting): Promise<void> {
		await persistence.updateByAssociations([JOURNAL, entryKey(entry.id)], entry, true);
	},

	async read(reader: IPersistenceRead): Promise<StoredSetting[]> {
		const documents = (await reader.readByAssociation(JOURNAL)) as Array<Partial<StoredSetting>>;
		return documents.filter((entry): entry is StoredSetting => typeof entry?.id === 'string' && typeof entry.updatedAt === 'string');
	},
};

/** Hands the changed setting to the journal job; a failure only delays other instances until they reload. */
export async function scheduleJournalEntry(configurationModify: IConfigurationModify, setting: ISetting, logger: ILogger): Promise<void> {
	const entry: StoredSetting = {
		id: setting.id,
		value: setting.value ?? setting.packageValue,
		updatedAt: settingVersion(setting.updatedAt) || new Date().toISOString(),
	};
	try {
		await configurationModify.scheduler.scheduleOnce({ id: SETTINGS_JOURNAL_JOB, when: new Date(), data: { entry } });
	} catch (error) {
		logger.warn(`Room Events could not store the change of "${setting.id}" for the other instances: ${errorText(error)}`);
	}
}
