import type { ILogger, ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import type { RoomEventsConfig } from './settings';
import { DEFAULT_CONFIG, SETTINGS, buildConfig, withSetting } from './settings';

/** How old the cached config may grow before the delivery job reads every setting again. */
export const CONFIG_REREAD_MS = 5 * 60 * 1000;

/**
 * The typed config, held in memory so that no handler reads a setting from the server: each
 * read is a round trip to the server in the current runtime. Loaded in onEnable, updated in
 * onSettingUpdated, and read again now and then by the delivery job as a safety net for
 * updates a cluster instance missed (Apps-Engine #293).
 */
export class ConfigCache {
	private config: RoomEventsConfig = DEFAULT_CONFIG;

	/** 0 until the first load: a process the runtime restarted may take calls before onEnable runs again. */
	private loadedAt = 0;

	constructor(private readonly now: () => number = Date.now) {}

	public get current(): RoomEventsConfig {
		return this.config;
	}

	public async load(settings: ISettingRead, logger: ILogger): Promise<void> {
		const values = new Map<string, unknown>();
		for (const spec of Object.values(SETTINGS)) {
			values.set(spec.id, await settings.getValueById(spec.id));
		}
		const { config, problems } = buildConfig((id) => values.get(id));
		for (const problem of problems) {
			logger.error(`Room Events ignores the stored value of "${problem.settingId}" and uses its default: ${problem.error}`);
		}
		this.config = config;
		this.loadedAt = this.now();
	}

	/** Loads the config when this process has none yet; costs nothing once loaded. */
	public async ensureLoaded(settings: ISettingRead, logger: ILogger): Promise<void> {
		if (this.loadedAt === 0) {
			await this.load(settings, logger);
		}
	}

	public async reloadIfStale(settings: ISettingRead, logger: ILogger): Promise<void> {
		if (this.now() - this.loadedAt >= CONFIG_REREAD_MS) {
			await this.load(settings, logger);
		}
	}

	/** Applies a stored setting. A value that does not parse was refused before storing; it is ignored. */
	public apply(setting: ISetting, logger: ILogger): void {
		const updated = withSetting(this.config, setting.id, setting.value ?? setting.packageValue);
		if (updated?.ok) {
			this.config = updated.value;
		} else if (updated) {
			logger.error(`Room Events ignores the new value of "${setting.id}": ${updated.error}`);
		}
	}
}
