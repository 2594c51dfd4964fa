import type { IConfigurationModify, ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import { scheduleJournalEntry } from './settingsJournal';
import type { AuditTrail } from '../audit/auditTrail';
import { errorText } from '../lib/errorText';
import type { ConfigCache } from '../settings/configCache';
import { SETTINGS } from '../settings/settings';

/**
 * Takes a stored setting into the config, hands it to the journal for the other instances, and
 * checks a newly named audit room at once: the admin learns from the logs that it is missing or
 * public (the delivery then posts the public-room warning in it, and confirms it).
 */
export async function onSettingUpdated(
	setting: ISetting,
	configurationModify: IConfigurationModify,
	read: IRead,
	configCache: ConfigCache,
	audit: AuditTrail,
	logger: ILogger,
): Promise<void> {
	configCache.apply(setting, logger);
	await scheduleJournalEntry(configurationModify, setting, logger);
	if (setting.id !== SETTINGS.auditRoom.id) {
		return;
	}
	audit.target = undefined;
	const name = configCache.current.auditRoom;
	try {
		const room = await read.getRoomReader().getByName(name);
		if (!room) {
			logger.warn(`Room Events: the audit room "${name}" does not exist yet. Records wait in the outbox until an admin creates it.`);
		} else if (room.type === RoomType.CHANNEL) {
			logger.warn(`Room Events: the audit room "${name}" is a public channel: anyone can join it and read the audit trail. Make it a private group.`);
		}
	} catch (error) {
		logger.warn(`Room Events could not check the audit room "${name}": ${errorText(error)}`);
	}
}
