// Runs Rocket.Chat Apps in-process on the real Apps-Engine 1.42.1 (its vm2 runtime), against the
// workspace store: install and update packages, fire events, change settings, run scheduled jobs.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { AppStatus, AppStatusUtils } from 'apps-engine-runtime/definition/AppStatus';
import type { LogMessageSeverity } from 'apps-engine-runtime/definition/accessors';
import type { IAppInfo } from 'apps-engine-runtime/definition/metadata';
import type { ISetting } from 'apps-engine-runtime/definition/settings';
import type { IUser } from 'apps-engine-runtime/definition/users';
import { AppManager } from 'apps-engine-runtime/server/AppManager';
import type { AppFabricationFulfillment, IParseAppPackageResult } from 'apps-engine-runtime/server/compiler';
import { AppConsole } from 'apps-engine-runtime/server/logging';
import type { ILoggerStorageEntry } from 'apps-engine-runtime/server/logging';
import type { AppListenerManager } from 'apps-engine-runtime/server/managers';
import type { IAppLogStorageFindOptions, IAppStorageItem } from 'apps-engine-runtime/server/storage';
import { AppLogStorage, AppMetadataStorage, AppSourceStorage } from 'apps-engine-runtime/server/storage';

import { StoreRoomOperations, WorkspaceBridges } from './bridges';
import type { RoomOperations } from './bridges';
import { toAppUser } from './converters';
import { errorCausedBy, errorMessage } from '../errors';
import type { WorkspaceStore } from '../store/workspaceStore';

export interface EngineHostOptions {
	/** The time for scheduling and for the bridges' timestamps; tests pass a fake clock. */
	clock?: () => Date;
	/** Values apps may read for NODE_ENV, ROOT_URL and INSTANCE_IP. */
	environment?: Record<string, string>;
	/** How app-initiated room creation and member additions reach the workspace (default: straight into the store). */
	roomOperations?: RoomOperations;
	/** How many log records (one per app method call) to keep before dropping the oldest. */
	maxLogRecords?: number;
}

/** The events the engine's listener manager can fire (AppInterface members). */
export type EngineEvent = Parameters<AppListenerManager['executeListener']>[0];

export interface AppSummary {
	id: string;
	name: string;
	version: string;
	status: AppStatus;
	enabled: boolean;
}

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

export interface JobRun {
	jobId: string;
	appId: string;
	processorId: string;
	kind: 'once' | 'recurring';
	ranAt: Date;
	/** The processor's error message, when it failed. */
	error?: string;
}

/** Installed apps live in the workspace store, so a store kept on disk brings them back on start. */
class StoreMetadataStorage extends AppMetadataStorage {
	constructor(private readonly store: WorkspaceStore) {
		super('workspace-store');
	}

	/** The engine keeps using the item it passed in (settings are written to it), so it is returned as is, as Rocket.Chat does. */
	async create(item: IAppStorageItem): Promise<IAppStorageItem> {
		if (this.store.getInstalledApp(item.id)) throw new Error('App already exists.');
		item._id = item.id;
		item.createdAt = new Date();
		item.updatedAt = item.createdAt;
		this.store.saveInstalledApp(item);
		return item;
	}

	async retrieveOne(id: string): Promise<IAppStorageItem | null> {
		return this.store.getInstalledApp(id) ?? null;
	}

	async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
		return new Map(this.store.listInstalledApps().map((item): [string, IAppStorageItem] => [item.id, item]));
	}

	async update(item: IAppStorageItem): Promise<IAppStorageItem> {
		item.updatedAt = new Date();
		return this.store.saveInstalledApp(item);
	}

	async remove(id: string): Promise<{ success: boolean }> {
		return { success: this.store.removeInstalledApp(id) };
	}
}

class StoreSourceStorage extends AppSourceStorage {
	constructor(private readonly workspace: WorkspaceStore) {
		super();
	}

	async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
		this.workspace.saveAppPackage(item.id, zip);
		return `workspace-store:${item.id}`;
	}

	async fetch(item: IAppStorageItem): Promise<Buffer> {
		const zip = this.workspace.getAppPackage(item.id);
		if (!zip) throw new Error(`No package stored for app ${item.id}.`);
		return zip;
	}

	async update(item: IAppStorageItem, zip: Buffer): Promise<string> {
		return this.store(item, zip);
	}

	async remove(item: IAppStorageItem): Promise<void> {
		this.workspace.removeAppPackage(item.id);
	}
}

/** Logs stay in memory, oldest first: they explain what just happened, they are not workspace data. */
class MemoryLogStorage extends AppLogStorage {
	private records: ILoggerStorageEntry[] = [];

	constructor(private readonly maxRecords: number) {
		super('memory');
	}

	async find(query: { [field: string]: unknown }, options: IAppLogStorageFindOptions = {}): Promise<ILoggerStorageEntry[]> {
		const matching = this.records.filter((record) =>
			Object.keys(query).every((field) => (record as unknown as Record<string, unknown>)[field] === query[field]),
		);
		const start = options.skip ?? 0;
		return matching.slice(start, options.limit === undefined ? undefined : start + options.limit);
	}

	async storeEntries(appId: string, logger: AppConsole): Promise<ILoggerStorageEntry> {
		const record = AppConsole.toStorageEntry(appId, logger);
		this.records.push(record);
		if (this.records.length > this.maxRecords) this.records.splice(0, this.records.length - this.maxRecords);
		return record;
	}

	async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
		return this.records.filter((record) => record.appId === appId);
	}

	async removeEntriesFor(appId: string): Promise<void> {
		this.records = this.records.filter((record) => record.appId !== appId);
	}

	entriesOf(appId: string): AppLogEntry[] {
		const entries: AppLogEntry[] = [];
		for (const record of this.records.filter((candidate) => candidate.appId === appId)) {
			for (const entry of record.entries) {
				entries.push({ appId, method: record.method, level: entry.severity, args: entry.args, caller: entry.caller, timestamp: entry.timestamp });
			}
		}
		return entries;
	}
}

/** Log arguments are JSON text for errors (the engine stringifies them) or plain values. */
function describeLogArgument(arg: unknown): string {
	if (typeof arg === 'string') {
		try {
			const parsed = JSON.parse(arg) as { message?: unknown };
			if (parsed && typeof parsed.message === 'string') return parsed.message;
		} catch {
			return arg;
		}
		return arg;
	}
	return JSON.stringify(arg);
}

/**
 * App code loads `@rocket.chat/apps-engine/definition/*` (its App base class, exceptions...) through
 * vm2, which looks the package up from the process's working directory. In this project that finds
 * the newer definitions-only package, whose App class does not fit the 1.42.1 engine (its getStatus
 * answers a promise, so the engine never sees an app as enabled and cannot disable it). Compiling
 * apps from a directory whose `node_modules/@rocket.chat/apps-engine` is the runtime package gives
 * them the engine's own definitions, as in a Rocket.Chat server.
 */
class EngineDirectory {
	private path?: string;

	private depth = 0;

	private previous = '';

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.depth === 0) {
			this.previous = process.cwd();
			process.chdir(this.create());
		}
		this.depth += 1;
		try {
			return await work();
		} finally {
			// remove() may have left the folder already, while this work was still running.
			if (this.depth > 0) {
				this.depth -= 1;
				if (this.depth === 0) process.chdir(this.previous);
			}
		}
	}

	/**
	 * Deletes the folder. Work still running in it (an install the host stops in the middle of) is
	 * abandoned: the process leaves the folder first, as a deleted working directory breaks every
	 * later file lookup.
	 */
	remove(): void {
		if (this.depth > 0) process.chdir(this.previous);
		this.depth = 0;
		if (this.path) rmSync(this.path, { recursive: true, force: true });
		this.path = undefined;
	}

	private create(): string {
		if (this.path) return this.path;
		const path = mkdtempSync(join(tmpdir(), 'room-events-engine-'));
		mkdirSync(join(path, 'node_modules', '@rocket.chat'), { recursive: true });
		symlinkSync(dirname(require.resolve('apps-engine-runtime/package.json')), join(path, 'node_modules', '@rocket.chat', 'apps-engine'), 'dir');
		this.path = path;
		return path;
	}
}

/**
 * The engine host: one Apps-Engine AppManager (the engine allows one per process) with the
 * workspace bridges, plus the job runner that stands in for Rocket.Chat's Agenda.
 */
export class EngineHost {
	private readonly clock: () => Date;

	private readonly bridges: WorkspaceBridges;

	private readonly logStorage: MemoryLogStorage;

	private readonly engineDirectory = new EngineDirectory();

	private manager?: AppManager;

	private schedulerTimer?: NodeJS.Timeout;

	/** Job runs happen one after another, like Agenda's concurrency of one. */
	private jobQueue: Promise<unknown> = Promise.resolve();

	constructor(
		readonly store: WorkspaceStore,
		options: EngineHostOptions = {},
	) {
		this.clock = options.clock ?? (() => new Date());
		this.bridges = new WorkspaceBridges({
			store,
			clock: this.clock,
			roomOperations: options.roomOperations ?? new StoreRoomOperations(store),
			environment: options.environment ?? {},
		});
		this.logStorage = new MemoryLogStorage(options.maxLogRecords ?? 5000);
	}

	/** Starts the engine and brings back the apps installed in the store, enabling those that were enabled. */
	async start(): Promise<void> {
		if (this.manager) return;
		if (AppManager.Instance) throw new Error('Another engine host is running in this process (the Apps-Engine allows one): stop it first.');
		this.manager = new AppManager({
			metadataStorage: new StoreMetadataStorage(this.store),
			sourceStorage: new StoreSourceStorage(this.store),
			logStorage: this.logStorage,
			bridges: this.bridges,
		});
		const { manager } = this;
		await this.engineDirectory.run(async () => {
			await manager.load();
			await manager.enableAll();
		});
	}

	/**
	 * Stops the job timer, waits for a job run in progress, and releases the engine so another host
	 * can start. Apps are left as they are (not disabled), as when a Rocket.Chat server shuts down.
	 */
	async stop(): Promise<void> {
		if (this.schedulerTimer) clearInterval(this.schedulerTimer);
		this.schedulerTimer = undefined;
		await this.jobQueue;
		if (this.manager && AppManager.Instance === this.manager) (AppManager as { Instance?: AppManager }).Instance = undefined;
		this.manager = undefined;
		this.engineDirectory.remove();
	}

	/**
	 * Installs and enables an app package, as an admin does in Rocket.Chat: the permissions the app
	 * declares are granted. Answers the app id; throws when the package is not an app, or when the
	 * app installed but did not end up enabled (it then stays installed, disabled, with its logs).
	 */
	async install(zip: Buffer, options: { installedBy?: string } = {}): Promise<string> {
		const manager = this.requireManager();
		const info = await this.readPackage(zip);
		if (manager.getOneById(info.id)) throw new Error(`The app "${info.name}" (${info.id}) is already installed: update it instead.`);
		const user = this.installingUser(options.installedBy);
		try {
			await this.fabricate(info, () => this.engineDirectory.run(() => manager.add(zip, { enable: true, user, permissionsGranted: info.permissions })));
		} catch (error) {
			// The engine stores the package before compiling it, and leaves it behind when compiling fails.
			if (!manager.getOneById(info.id)) this.store.removeAppPackage(info.id);
			throw error;
		}
		return this.requireEnabled(info, 'installed');
	}

	/** Replaces an installed app's package, keeping its settings, persistence and jobs; answers the app id. */
	async update(zip: Buffer): Promise<string> {
		const manager = this.requireManager();
		const info = await this.readPackage(zip);
		if (!manager.getOneById(info.id)) throw new Error(`The app "${info.name}" (${info.id}) is not installed: install it first.`);
		await this.fabricate(info, () => this.engineDirectory.run(() => manager.update(zip, info.permissions)));
		return this.requireEnabled(info, 'updated');
	}

	/** Removes the app with its user, persistence, settings and jobs. */
	async uninstall(appId: string, options: { uninstalledBy?: string } = {}): Promise<void> {
		const manager = this.requireManager();
		this.requireApp(appId);
		await manager.remove(appId, { user: this.installingUser(options.uninstalledBy) });
	}

	/** Enables the app as an admin does (status manually_enabled); throws with the app's errors when it would not start. */
	async enable(appId: string): Promise<void> {
		const app = this.requireApp(appId);
		if (AppStatusUtils.isEnabled(app.getStatus())) return;
		await this.requireManager().changeStatus(appId, AppStatus.MANUALLY_ENABLED);
		this.requireEnabled(app.getInfo(), 'enabled');
	}

	/** Disables the app as an admin does; its scheduled jobs are kept but do not run while it is disabled. */
	async disable(appId: string): Promise<void> {
		const app = this.requireApp(appId);
		if (!AppStatusUtils.isEnabled(app.getStatus())) return;
		await this.requireManager().changeStatus(appId, AppStatus.MANUALLY_DISABLED);
	}

	listApps(): AppSummary[] {
		return this.requireManager()
			.get()
			.map((app) => ({
				id: app.getID(),
				name: app.getName(),
				version: app.getVersion(),
				status: app.getStatus(),
				enabled: AppStatusUtils.isEnabled(app.getStatus()),
			}));
	}

	getAppStatus(appId: string): AppStatus {
		return this.requireApp(appId).getStatus();
	}

	/** The app's settings by id, with their current values. */
	getAppSettings(appId: string): Record<string, ISetting> {
		this.requireApp(appId);
		return this.requireManager().getSettingsManager().getAppSettings(appId);
	}

	/**
	 * Changes a setting the way the admin UI does (onPreSettingUpdate, store, onSettingUpdated). In
	 * this engine an AppsEngineException from onPreSettingUpdate makes the update fail; any other
	 * error is logged and the new value is stored.
	 */
	async updateSetting(appId: string, settingId: string, value: unknown): Promise<void> {
		this.requireApp(appId);
		const settings = this.requireManager().getSettingsManager();
		const current = settings.getAppSetting(appId, settingId);
		await settings.updateAppSetting(appId, { ...current, value });
	}

	/**
	 * Fires an event at every app listening, through the engine's listener manager, and answers
	 * what the engine answers (true when prevented, the extended/modified object...). An
	 * AppsEngineException from an app comes out as an error named 'AppsEngineException'; other app
	 * errors are logged and swallowed by the engine. IPostRoomCreate, IPostRoomDeleted and the
	 * other events the engine does not await return at once: call settle() before looking at their effects.
	 */
	async fire<T = unknown>(event: EngineEvent, payload: unknown): Promise<T> {
		return (await this.requireManager()
			.getListenerManager()
			.executeListener(event, payload as never)) as T;
	}

	/**
	 * Waits for work the engine started without awaiting (post events). The bridges do no I/O, so
	 * that work is promise and nextTick continuations: letting the event loop turn drains it.
	 */
	async settle(): Promise<void> {
		for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
	}

	/** What the app logged (and what the engine logged for it), oldest first. */
	getLogs(appId: string, filter: { method?: string; level?: LogLevel } = {}): AppLogEntry[] {
		return this.logStorage
			.entriesOf(appId)
			.filter((entry) => (filter.method === undefined || entry.method === filter.method) && (filter.level === undefined || entry.level === filter.level));
	}

	async clearLogs(appId: string): Promise<void> {
		await this.logStorage.removeEntriesFor(appId);
	}

	/** Processor ids as the engine registers them: `<processor id>_<app id>`. */
	listProcessors(appId?: string): string[] {
		return this.bridges.getSchedulerBridge().listProcessorIds(appId);
	}

	/**
	 * Runs every job due at `now`: one-off jobs whose time has come (then removed, whatever the
	 * outcome) and recurring jobs whose next run has come (next run: now + interval). Jobs whose
	 * processor is not registered wait. Answers what ran, with each failure's message.
	 */
	runDueJobs(now: Date = this.clock()): Promise<JobRun[]> {
		const run = this.jobQueue.then(() => this.runJobsDueAt(now));
		this.jobQueue = run.catch(() => undefined);
		return run;
	}

	/** Runs due jobs every `intervalMs` on a real timer, for the workspace server; stop() clears it. */
	startScheduler(intervalMs = 1000): void {
		if (this.schedulerTimer) clearInterval(this.schedulerTimer);
		this.schedulerTimer = setInterval(() => {
			this.runDueJobs().catch((error) => console.error('Running scheduled jobs failed:', error));
		}, intervalMs);
	}

	private async runJobsDueAt(now: Date): Promise<JobRun[]> {
		const scheduler = this.bridges.getSchedulerBridge();
		const due = this.store.listJobs().filter((job) => job.nextRunAt.getTime() <= now.getTime() && scheduler.getProcessor(job.processorId));
		const runs: JobRun[] = [];
		for (const job of due) {
			const processor = scheduler.getProcessor(job.processorId);
			// An earlier job of this run may have cancelled this one.
			if (!processor || !this.store.getJob(job.id)) continue;
			if (job.kind === 'once') this.store.removeJob(job.id);
			else this.store.saveJob({ ...job, lastRunAt: now, nextRunAt: new Date(now.getTime() + (job.intervalMs as number)) });
			let error: string | undefined;
			try {
				// Rocket.Chat hands the processor the job's data plus the job id.
				await processor.run({ ...job.data, jobId: job.id });
			} catch (caught) {
				error = errorMessage(caught);
			}
			const stored = this.store.getJob(job.id);
			if (stored) this.store.saveJob({ ...stored, lastError: error });
			runs.push({ jobId: job.id, appId: job.appId, processorId: job.processorId, kind: job.kind, ranAt: now, ...(error !== undefined && { error }) });
		}
		return runs;
	}

	private requireManager(): AppManager {
		if (!this.manager) throw new Error('The engine host is not started: call start() first.');
		return this.manager;
	}

	private requireApp(appId: string) {
		const app = this.requireManager().getOneById(appId);
		if (!app) throw new Error(`No app with id "${appId}" is installed.`);
		return app;
	}

	/** The manifest of an app package; throws when the file is not an app package. */
	async readPackage(zip: Buffer): Promise<IAppInfo> {
		return (await this.unpackage(zip)).info;
	}

	/**
	 * Whether the installed app with this package's id runs this very package: the same manifest,
	 * icon, code and translations, whatever the dates inside the zip (each packaging writes new ones).
	 */
	async isInstalledAs(zip: Buffer): Promise<boolean> {
		const candidate = await this.unpackage(zip);
		const installed = this.store.getAppPackage(candidate.info.id);
		if (!installed || !this.requireManager().getOneById(candidate.info.id)) return false;
		const contents = ({ info, files, languageContent }: IParseAppPackageResult) => JSON.stringify({ info, files, languageContent });
		return contents(await this.unpackage(installed)) === contents(candidate);
	}

	private async unpackage(zip: Buffer): Promise<IParseAppPackageResult> {
		try {
			return await this.requireManager().getParser().unpackageApp(zip);
		} catch (error) {
			throw errorCausedBy(`Not a Rocket.Chat App package: ${errorMessage(error)}`, error);
		}
	}

	/** Runs an install or update, turning the engine's reported failures into errors. */
	private async fabricate(info: IAppInfo, build: () => Promise<AppFabricationFulfillment>): Promise<void> {
		let fulfillment: AppFabricationFulfillment;
		try {
			fulfillment = await build();
		} catch (error) {
			throw errorCausedBy(`The app "${info.name}" could not be loaded: ${errorMessage(error)}`, error);
		}
		if (fulfillment.hasStorageError()) throw new Error(`The app "${info.name}" could not be stored: ${fulfillment.getStorageError()}`);
		if (fulfillment.hasAppUserError()) {
			throw new Error(`The app "${info.name}" could not get its user: ${(fulfillment.getAppUserError() as { message?: string }).message}`);
		}
	}

	private requireEnabled(info: IAppInfo, what: string): string {
		const status = this.requireApp(info.id).getStatus();
		if (AppStatusUtils.isEnabled(status)) return info.id;
		const errors = this.getLogs(info.id, { level: 'error' }).map((entry) => `${entry.method}: ${entry.args.map(describeLogArgument).join(' ')}`);
		throw new Error(
			`The app "${info.name}" was ${what} but is not enabled (status ${status}).${errors.length ? ` Errors logged: ${errors.join('; ')}` : ''}`,
		);
	}

	/** The user an install is done as: the one given, else the workspace's first active admin. */
	private installingUser(userId?: string): IUser {
		const user =
			userId === undefined
				? this.store.listUsers().find((candidate) => candidate.active && candidate.roles.includes('admin'))
				: this.store.getUser(userId);
		if (!user) throw new Error(userId === undefined ? 'No active admin in the workspace to install apps as.' : `No user with id "${userId}".`);
		return toAppUser(user);
	}
}
