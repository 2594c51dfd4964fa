import type { ILogger, ISettingRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import type { RoomEventsConfig } from './settings';
import { DEFAULT_CONFIG, SETTINGS, buildConfig, compileLists, withSetting } from './settings';

/** How often an instance compares its config with the setting values the cluster stored. */
export const CONFIG_REREAD_MS = 5 * 60 * 1000;

/** A setting's value as stored by the instance that took the change, with when it changed. */
export interface StoredSetting {
	readonly id: string;
	readonly value: unknown;
	readonly updatedAt: string;
}

/**
 * The typed config, held in memory so that no handler reads a setting from the server: each
 * read is a round trip to the server in the current runtime. Its long pattern lists are compiled
 * as it takes them in, so that no event waits for that. Loaded in onEnable, updated in
 * onSettingUpdated, and compared now and then with the values the cluster stored (see
 * handlers/settingsJournal.ts): an instance that missed a change (Apps-Engine #293) takes the
 * newer value. Reading the settings again would not do: each instance reads its own copy.
 */
export class ConfigCache {
	private config: RoomEventsConfig = DEFAULT_CONFIG;

	/** When each setting last changed, as far as this instance knows (ISO 8601). */
	private readonly versions = new Map<string, string>();

	/** 0 until the first load: a process the runtime restarted may take calls before onEnable runs again. */
	private loadedAt = 0;

	private comparedAt = 0;

	constructor(private readonly now: () => number = Date.now) {}

	public get current(): RoomEventsConfig {
		return this.config;
	}

	public async load(settings: ISettingRead, logger: ILogger): Promise<void> {
		const stored = new Map<string, ISetting>();
		for (const spec of Object.values(SETTINGS)) {
			stored.set(spec.id, await settings.getById(spec.id));
		}
		const { config, problems } = buildConfig((id) => stored.get(id)?.value ?? stored.get(id)?.packageValue);
		for (const problem of problems) {
			logger.error(`Room Events ignores the stored value of "${problem.settingId}" and uses its default: ${problem.error}`);
		}
		compileLists(config);
		this.config = config;
		for (const [id, setting] of stored) {
			this.versions.set(id, versionOf(setting));
		}
		this.loadedAt = this.now();
		this.comparedAt = this.loadedAt;
	}

	/** Loads the config when this process has none yet; costs nothing once loaded. */
	public async ensureLoaded(settings: ISettingRead, logger: ILogger): Promise<void> {
		if (this.loadedAt === 0) {
			await this.load(settings, logger);
		}
	}

	/** Applies a stored setting. A value that does not parse was refused before storing; it is ignored. */
	public apply(setting: ISetting, logger: ILogger): void {
		if (this.set(setting.id, setting.value ?? setting.packageValue, logger)) {
			this.versions.set(setting.id, versionOf(setting));
		}
	}

	/** Whether the interval has passed since this instance last compared with the stored values. */
	public comparisonDue(): boolean {
		return this.now() - this.comparedAt >= CONFIG_REREAD_MS;
	}

	/** Takes every stored value newer than this instance's; answers the ids that changed. */
	public applyStored(entries: readonly StoredSetting[], logger: ILogger): string[] {
		this.comparedAt = this.now();
		const changed: string[] = [];
		for (const entry of entries) {
			if (entry.updatedAt > (this.versions.get(entry.id) ?? '') && this.set(entry.id, entry.value, logger)) {
				this.versions.set(entry.id, entry.updatedAt);
				changed.push(entry.id);
			}
		}
		return changed;
	}

	private set(id: string, raw: unknown, logger: ILogger): boolean {
		const updated = withSetting(this.config, id, raw);
		if (updated?.ok) {
			compileLists(updated.value, id);
			this.config = updated.value;
			return true;
		}
		if (updated) {
			logger.error(`Room Events ignores the new value of "${id}": ${updated.error}`);
		}
		return false;
	}
}

function versionOf(setting: ISetting | undefined): string {
	return settingVersion(setting?.updatedAt);
}

/**
 * When a setting changed, as ISO 8601 to the millisecond ('' when it does not say). The vm2 runtime
 * hands the engine's Date over as a proxy, which `new Date(value)` reads through its string form,
 * to the second: two changes in one second would look alike, and an instance that missed the later
 * one would never take it. Read as a number, the proxy keeps its milliseconds.
 */
export function settingVersion(updatedAt: unknown): string {
	const time = typeof updatedAt === 'string' ? Date.parse(updatedAt) : Number(updatedAt ?? Number.NaN);
	return Number.isFinite(time) ? new Date(time).toISOString() : '';
}
