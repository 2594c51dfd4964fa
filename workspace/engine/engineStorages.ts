// Where the engine keeps installed apps, their packages and their logs: the workspace store (so a
// store kept on disk brings apps back on start) and, for logs, memory. Each class extends the
// running engine's own abstract storage and answers both engines' methods: 1.62 adds partial
// updates and paginated log reads, and hands log entries over ready-made.
import type { AppStatus } from 'apps-engine-deno/definition/AppStatus';
import type { LogMessageSeverity } from 'apps-engine-deno/definition/accessors';
import type { IAppInfo } from 'apps-engine-deno/definition/metadata';
import type { ISetting } from 'apps-engine-deno/definition/settings';
import type { AppConsole, ILoggerStorageEntry } from 'apps-engine-deno/server/logging';
import type { IMarketplaceInfo } from 'apps-engine-deno/server/marketplace';
import type { AppLogStorage, AppMetadataStorage, AppSourceStorage, IAppLogStorageFindOptions, IAppStorageItem } from 'apps-engine-deno/server/storage';

import type { EngineRuntime } from './engineRuntime';
import { newId, newObjectId } from '../store/ids';
import type { WorkspaceStore } from '../store/workspaceStore';

/** 'debug', 'info', 'log', 'warning', 'error' or 'success'. */
export type LogLevel = `${LogMessageSeverity}`;

/** One line an app (or the engine on its behalf) logged, with the app method it was logged in. */
export interface AppLogEntry {
	appId: string;
	method: string;
	level: LogLevel;
	args: unknown[];
	caller?: string;
	timestamp: Date;
}

/** A log record as Rocket.Chat's AppLogs collection keeps it: the engine's entry, the instance that wrote it, and the ids the collection adds. */
export interface StoredLogRecord extends ILoggerStorageEntry {
	_id: string;
	_updatedAt: Date;
	instanceId: string;
}

export interface LogReader {
	entriesOf(appId: string): AppLogEntry[];
	removeEntriesFor(appId: string): Promise<void>;
	/** Whole records (one per app method call), newest last, as Rocket.Chat's logs endpoint lists them. */
	recordsOf(appId: string): StoredLogRecord[];
}

export interface EngineStorages {
	metadataStorage: AppMetadataStorage;
	sourceStorage: AppSourceStorage;
	logStorage: AppLogStorage & LogReader;
}

/** `instanceId` names the instance in the records it logs, as Rocket.Chat's InstanceStatus id does. */
export function createEngineStorages(
	runtime: EngineRuntime,
	store: WorkspaceStore,
	{ maxLogRecords, instanceId }: { maxLogRecords: number; instanceId: string },
): EngineStorages {
	const { storage } = runtime;

	/** An installed app by its id or its storage `_id`, as Rocket.Chat's AppRealStorage looks items up (1.62 passes the `_id`). */
	const storedItem = (key: string | undefined): IAppStorageItem | undefined =>
		key === undefined ? undefined : (store.getInstalledApp(key) ?? store.listInstalledApps().find((item) => item._id === key));

	class StoreMetadataStorage extends storage.AppMetadataStorage {
		constructor() {
			super('workspace-store');
		}

		/**
		 * The engine keeps using the item it passed in (settings are written to it), so it is returned as
		 * is, as Rocket.Chat does. The `_id` is a new random id, as Mongo's insert gives it there: it is
		 * the hash in a private app endpoint's URL, kept through updates and new on a reinstall.
		 */
		async create(item: IAppStorageItem): Promise<IAppStorageItem> {
			if (store.getInstalledApp(item.id)) throw new Error('App already exists.');
			item._id = newId();
			item.createdAt = new Date();
			item.updatedAt = item.createdAt;
			store.saveInstalledApp(item);
			return item;
		}

		async retrieveOne(id: string): Promise<IAppStorageItem | null> {
			return storedItem(id) ?? null;
		}

		async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
			return new Map(store.listInstalledApps().map((item): [string, IAppStorageItem] => [item.id, item]));
		}

		/** Every app here is installed from a package, as private apps are. */
		async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
			return this.retrieveAll();
		}

		/** 1.42.1 writes whole items. */
		async update(item: IAppStorageItem): Promise<IAppStorageItem> {
			item.updatedAt = new Date();
			return store.saveInstalledApp(item);
		}

		async updatePartialAndReturnDocument(
			{ _id, ...fields }: Partial<IAppStorageItem>,
			options: { unsetPermissionsGranted?: boolean } = {},
		): Promise<IAppStorageItem> {
			const updated = this.patch(_id ?? fields.id, fields);
			if (options.unsetPermissionsGranted) delete updated.permissionsGranted;
			return store.saveInstalledApp(updated);
		}

		async updateStatus(id: string, status: AppStatus): Promise<boolean> {
			store.saveInstalledApp(this.patch(id, { status }));
			return true;
		}

		async updateSetting(id: string, setting: ISetting): Promise<boolean> {
			const item = this.patch(id, {});
			item.settings = { ...item.settings, [setting.id]: setting };
			store.saveInstalledApp(item);
			return true;
		}

		async updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
			store.saveInstalledApp(this.patch(id, { info }));
			return true;
		}

		async updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
			store.saveInstalledApp(this.patch(id, { marketplaceInfo }));
			return true;
		}

		async remove(id: string): Promise<{ success: boolean }> {
			const item = storedItem(id);
			return { success: item !== undefined && store.removeInstalledApp(item.id) };
		}

		private patch(id: string | undefined, fields: Partial<IAppStorageItem>): IAppStorageItem {
			const item = storedItem(id);
			if (!item) throw new Error(`No installed app with id "${id}".`);
			return { ...item, ...fields, updatedAt: new Date() };
		}
	}

	class StoreSourceStorage extends storage.AppSourceStorage {
		async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
			store.saveAppPackage(item.id, zip);
			return `workspace-store:${item.id}`;
		}

		async fetch(item: IAppStorageItem): Promise<Buffer> {
			const zip = store.getAppPackage(item.id);
			if (!zip) throw new Error(`No package stored for app ${item.id}.`);
			return zip;
		}

		async update(item: IAppStorageItem, zip: Buffer): Promise<string> {
			return this.store(item, zip);
		}

		async remove(item: IAppStorageItem): Promise<void> {
			store.removeAppPackage(item.id);
		}
	}

	/** Logs stay in memory, oldest first: they explain what just happened, they are not workspace data. */
	class MemoryLogStorage extends storage.AppLogStorage implements LogReader {
		private records: StoredLogRecord[] = [];

		constructor() {
			super('memory');
		}

		/** 1.42.1 */
		async find(query: { [field: string]: unknown }, options: IAppLogStorageFindOptions = {}): Promise<ILoggerStorageEntry[]> {
			return (await this.findPaginated(query, options)).logs;
		}

		async findPaginated(
			query: { [field: string]: unknown },
			options: IAppLogStorageFindOptions = {},
		): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
			const matching = this.records.filter((record) =>
				Object.keys(query).every((field) => (record as unknown as Record<string, unknown>)[field] === query[field]),
			);
			const start = options.skip ?? 0;
			return { logs: matching.slice(start, options.limit === undefined ? undefined : start + options.limit), total: matching.length };
		}

		/**
		 * 1.62 hands over a finished entry; 1.42.1 the app id and the call's console. As Rocket.Chat's
		 * AppRealLogStorage, the record names the instance, and is kept with an id and an update time.
		 */
		async storeEntries(entryOrAppId: ILoggerStorageEntry | string, logger?: AppConsole): Promise<ILoggerStorageEntry> {
			const entry = typeof entryOrAppId === 'string' ? runtime.AppConsole.toStorageEntry(entryOrAppId, logger as AppConsole) : entryOrAppId;
			const record: StoredLogRecord = { ...entry, instanceId, _id: newObjectId(), _updatedAt: new Date() };
			this.records.push(record);
			if (this.records.length > maxLogRecords) this.records.splice(0, this.records.length - maxLogRecords);
			return record;
		}

		async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
			return this.recordsOf(appId);
		}

		async removeEntriesFor(appId: string): Promise<void> {
			this.records = this.records.filter((record) => record.appId !== appId);
		}

		recordsOf(appId: string): StoredLogRecord[] {
			return this.records.filter((record) => record.appId === appId);
		}

		entriesOf(appId: string): AppLogEntry[] {
			return this.recordsOf(appId).flatMap((record) =>
				record.entries.map((entry) => ({
					appId,
					method: record.method,
					level: entry.severity as LogLevel,
					args: entry.args,
					caller: entry.caller,
					timestamp: new Date(entry.timestamp),
				})),
			);
		}
	}

	return { metadataStorage: new StoreMetadataStorage(), sourceStorage: new StoreSourceStorage(), logStorage: new MemoryLogStorage() };
}
