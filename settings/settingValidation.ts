import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import { DEFAULT_CONFIG, rolesNamedBy, withSetting } from './settings';

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
