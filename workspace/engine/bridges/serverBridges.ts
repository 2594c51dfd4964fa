// What apps read of the server around them: environment variables, server settings, roles.
import type { IRole } from 'apps-engine-deno/definition/roles';
import type { ISetting } from 'apps-engine-deno/definition/settings';
import { SettingType } from 'apps-engine-deno/definition/settings';
import type { EnvironmentalVariableBridge, RoleBridge, ServerSettingBridge } from 'apps-engine-deno/server/bridges';

import type { BridgeContext } from './bridgeContext';
import { unsupportedError } from './bridgeContext';

const READABLE_ENVIRONMENT_VARIABLES = ['NODE_ENV', 'ROOT_URL', 'INSTANCE_IP'];

export function createEnvironmentalVariableBridge(base: typeof EnvironmentalVariableBridge, context: BridgeContext): EnvironmentalVariableBridge {
	class LocalEnvironmentalVariableBridge extends base {
		protected async getValueByName(envVarName: string, appId: string): Promise<string | undefined> {
			if (!(await this.isReadable(envVarName, appId))) throw new Error(`The environment variable "${envVarName}" is not readable.`);
			return context.environment[envVarName];
		}

		protected async isReadable(envVarName: string, appId: string): Promise<boolean> {
			return READABLE_ENVIRONMENT_VARIABLES.includes(envVarName.toUpperCase());
		}

		protected async isSet(envVarName: string, appId: string): Promise<boolean> {
			if (!(await this.isReadable(envVarName, appId))) throw new Error(`The environment variable "${envVarName}" is not readable.`);
			return context.environment[envVarName] !== undefined;
		}
	}
	return new LocalEnvironmentalVariableBridge();
}

function settingType(value: unknown): SettingType {
	if (typeof value === 'boolean') return SettingType.BOOLEAN;
	if (typeof value === 'number') return SettingType.NUMBER;
	return SettingType.STRING;
}

export function serverSetting(id: string, value: unknown, packageValue: unknown = value): ISetting {
	return { id, type: settingType(packageValue), value, packageValue, required: false, public: true, i18nLabel: id };
}

/**
 * Rocket.Chat settings every workspace has, with their defaults, whether or not an admin set them:
 * `Language`, the workspace's default language ('' until an admin picks one; the client then
 * follows the browser), which apps read to write in it.
 */
export const SERVER_SETTING_DEFAULTS: Readonly<Record<string, unknown>> = { Language: '' };

/** The server settings with their values: what the store holds, over the defaults. */
function serverSettings(context: BridgeContext): ISetting[] {
	const stored = context.store.listServerSettings();
	const ids = new Set([...Object.keys(SERVER_SETTING_DEFAULTS), ...Object.keys(stored)]);
	return [...ids].map((id) => serverSetting(id, id in stored ? stored[id] : SERVER_SETTING_DEFAULTS[id], SERVER_SETTING_DEFAULTS[id] ?? stored[id]));
}

export function createServerSettingBridge(base: typeof ServerSettingBridge, context: BridgeContext): ServerSettingBridge {
	class LocalServerSettingBridge extends base {
		protected async getAll(appId: string): Promise<ISetting[]> {
			return serverSettings(context);
		}

		protected async getOneById(id: string, appId: string): Promise<ISetting> {
			return serverSettings(context).find((setting) => setting.id === id) as ISetting;
		}

		protected async hideGroup(): Promise<void> {
			throw unsupportedError('Hiding server settings', 'hideGroup');
		}

		protected async hideSetting(): Promise<void> {
			throw unsupportedError('Hiding server settings', 'hideSetting');
		}

		protected async isReadableById(id: string, appId: string): Promise<boolean> {
			return serverSettings(context).some((setting) => setting.id === id);
		}

		protected async updateOne(setting: ISetting, appId: string): Promise<void> {
			context.store.setServerSetting(setting.id, setting.value);
		}

		protected async incrementValue(id: string, value: number, appId: string): Promise<void> {
			const current = context.store.getServerSetting(id);
			context.store.setServerSetting(id, (typeof current === 'number' ? current : 0) + value);
		}
	}
	return new LocalServerSettingBridge();
}

const SYSTEM_ROLES: Array<Pick<IRole, 'id' | 'scope' | 'description'>> = [
	{ id: 'admin', scope: 'Users', description: 'Admin' },
	{ id: 'user', scope: 'Users', description: 'User' },
	{ id: 'guest', scope: 'Users', description: 'Guest' },
	{ id: 'bot', scope: 'Users', description: 'Bot' },
	{ id: 'app', scope: 'Users', description: 'App' },
	{ id: 'anonymous', scope: 'Users', description: 'Anonymous' },
	{ id: 'owner', scope: 'Subscriptions', description: 'Owner' },
	{ id: 'moderator', scope: 'Subscriptions', description: 'Moderator' },
	{ id: 'leader', scope: 'Subscriptions', description: 'Leader' },
];

export function createRoleBridge(base: typeof RoleBridge, context: BridgeContext): RoleBridge {
	/** Roles are Rocket.Chat's system roles plus every other role some user holds (the custom ones). */
	class LocalRoleBridge extends base {
		protected async getOneByIdOrName(idOrName: string, appId: string): Promise<IRole | null> {
			const system = SYSTEM_ROLES.find((role) => role.id === idOrName);
			if (system) return { ...system, name: system.id, protected: true };
			return (await this.getCustomRoles(appId)).find((role) => role.id === idOrName) ?? null;
		}

		protected async getCustomRoles(appId: string): Promise<IRole[]> {
			const held = new Set<string>();
			for (const user of context.store.listUsers()) user.roles.forEach((role) => held.add(role));
			return [...held]
				.filter((role) => !SYSTEM_ROLES.some((system) => system.id === role))
				.map((role) => ({ id: role, name: role, description: '', protected: false, scope: 'Users' as const }));
		}
	}
	return new LocalRoleBridge();
}
