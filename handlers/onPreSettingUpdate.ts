import type { IConfigurationModify, ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import type { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';

import type { NewAuditRecord } from '../audit/auditRecord';
import { errorText } from '../lib/errorText';
import { shortened } from '../lib/shortened';
import { checkedValue } from '../settings/settings';

/** The one-off scheduler job that posts a refusal notice; onPreSettingUpdate itself cannot post. */
export const SETTING_REFUSED_JOB = 'room-events-setting-refused';

/**
 * Keeps the previous value in force when a new one cannot be used. Rocket.Chat's admin UI
 * says "saved" whatever the app answers, so the refusal is made visible here: an error in
 * the app's logs and a notice in the audit room, handed to a one-off job because this hook
 * has no modifier and no persistence.
 */
export async function onPreSettingUpdate(
	context: ISettingUpdateContext,
	configurationModify: IConfigurationModify,
	read: IRead,
	appId: string,
	logger: ILogger,
): Promise<ISetting> {
	const { oldSetting, newSetting } = context;
	let problem: string | undefined;
	try {
		problem = await settingValueProblem(newSetting, read, appId);
	} catch (error) {
		// Validation could not run (a role lookup failed): storing the value is safer than losing it.
		logger.warn(`Room Events could not validate "${newSetting.id}" and accepts it: ${errorText(error)}`);
		return newSetting;
	}
	if (problem === undefined) {
		return newSetting;
	}
	// A secret is never echoed, in the logs or the audit room; a long value is cut to its start.
	const value = newSetting.type === SettingType.PASSWORD ? '' : String(newSetting.value ?? '');
	const shown = value === '' ? '(not shown)' : JSON.stringify(shortened(value));
	logger.error(`Room Events refused the value ${shown} for "${newSetting.id}" and keeps the previous one: ${problem}`);
	const notice: NewAuditRecord = {
		event: 'setting-refused',
		setting: { id: newSetting.id, value: shortened(value, 2000) },
		reason: `${problem}. The previous value stays in force.`,
	};
	try {
		await configurationModify.scheduler.scheduleOnce({ id: SETTING_REFUSED_JOB, when: new Date(), data: { notice } });
	} catch (error) {
		logger.error(`Room Events could not schedule the audit notice of the refused setting: ${errorText(error)}`);
	}
	return oldSetting;
}

/**
 * Rocket.Chat's protected roles, which every workspace has (its initial data): known without a
 * read. Other role names are looked up in one read of the custom roles, whatever the length of
 * the list that names them.
 */
const SYSTEM_ROLES = [
	'admin',
	'moderator',
	'leader',
	'owner',
	'user',
	'bot',
	'app',
	'guest',
	'anonymous',
	'livechat-agent',
	'livechat-manager',
	'livechat-monitor',
];

/** Users named in a refusal before "and N more". */
const UNKNOWN_SHOWN = 5;

/**
 * Why a new setting value cannot be used, or undefined when it can: it does not parse, or it
 * names a role or a user that does not exist (an exemption or an auto-member that would never
 * apply). Deterministic for the same value, roles and users, as every instance of a cluster
 * validates the same update again. The value is parsed once; reads: one for the custom roles, one per
 * distinct username.
 */
export async function settingValueProblem(setting: ISetting, read: IRead, appId: string): Promise<string | undefined> {
	const checked = checkedValue(setting.id, setting.value ?? setting.packageValue);
	if (!checked) {
		return undefined;
	}
	if (!checked.ok) {
		return checked.error;
	}
	const { holds, names } = checked.value;
	if (holds === 'roles') {
		const unknown = names.filter((role) => !SYSTEM_ROLES.includes(role));
		// Names are compared in lower case, and custom roles may be written otherwise.
		const custom =
			unknown.length > 0 ? new Set((await read.getRoleReader().getCustomRoles(appId)).map((role) => role.name.toLowerCase())) : new Set<string>();
		const missing = unknown.find((role) => !custom.has(role));
		return missing === undefined ? undefined : `no role is named "${missing}"`;
	}
	if (holds === 'usernames') {
		const reader = read.getUserReader();
		const missing: string[] = [];
		for (const username of names) {
			if (!(await reader.getByUsername(username))) {
				missing.push(username);
			}
		}
		if (missing.length > 0) {
			const shown = missing
				.slice(0, UNKNOWN_SHOWN)
				.map((username) => `"${username}"`)
				.join(', ');
			const more = missing.length > UNKNOWN_SHOWN ? ` and ${missing.length - UNKNOWN_SHOWN} more` : '';
			return `no user is named ${shown}${more}`;
		}
	}
	return undefined;
}
