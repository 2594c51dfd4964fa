import type { IConfigurationModify, ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import type { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';

import type { NewAuditRecord } from '../audit/auditRecord';
import { errorText } from '../lib/errorText';
import { shortened } from '../lib/shortened';
import { DEFAULT_CONFIG, rolesNamedBy, withSetting } from '../settings/settings';

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
 * Why a new setting value cannot be used, or undefined when it can. Deterministic for the
 * same value and roles, as every instance of a cluster validates the same update again.
 */
export async function settingValueProblem(setting: ISetting, read: IRead, appId: string): Promise<string | undefined> {
	const value = setting.value ?? setting.packageValue;
	const parsed = withSetting(DEFAULT_CONFIG, setting.id, value);
	if (parsed && !parsed.ok) {
		return parsed.error;
	}
	const roleReader = read.getRoleReader();
	let customRoles: string[] | undefined;
	for (const role of rolesNamedBy(setting.id, value)) {
		if (await roleReader.getOneByIdOrName(role, appId)) {
			continue;
		}
		// Names are compared in lower case, and custom roles may be written otherwise.
		customRoles = customRoles ?? (await roleReader.getCustomRoles(appId)).map((custom) => custom.name.toLowerCase());
		if (!customRoles.includes(role)) {
			return `no role is named "${role}"`;
		}
	}
	return undefined;
}
