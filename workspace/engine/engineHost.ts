// Runs Rocket.Chat Apps on the real Apps-Engine against the workspace store, in either runtime
// (engineRuntime.ts): Deno 1.62.0 as current servers run apps, or vm2 1.42.1 as 6.3–6.9 did.
// Install and update packages, fire events, change settings, run scheduled jobs.
import { AppStatus, AppStatusUtils } from 'apps-engine-deno/definition/AppStatus';
import type { IApiEndpointMetadata, IApiRequest, IApiResponse } from 'apps-engine-deno/definition/api';
import type { IAppInfo } from 'apps-engine-deno/definition/metadata';
import type { ISetting } from 'apps-engine-deno/definition/settings';
import type { IUser } from 'apps-engine-deno/definition/users';
import type { AppManager } from 'apps-engine-deno/server/AppManager';
import type { IParseAppPackageResult } from 'apps-engine-deno/server/compiler';
import type { AppListenerManager } from 'apps-engine-deno/server/managers';

import { describeLogArgument, fabricate, packageContents, unpackageApp } from './appPackages';
import type { AppApiRoutes } from './bridges/apiBridge';
import { BridgeFaults, StoreRoomOperations } from './bridges/bridgeContext';
import type { RoomOperations } from './bridges/bridgeContext';
import type { RegisteredCommand } from './bridges/commandBridge';
import type { RegisteredProcessor } from './bridges/schedulerBridge';
import type { WorkspaceBridges } from './bridges/workspaceBridges';
import { createWorkspaceBridges } from './bridges/workspaceBridges';
import type { AppBroadcast, AppNotifier, BroadcastReceiver } from './clusterBroadcasts';
import { LONE_INSTANCE, replayBroadcast } from './clusterBroadcasts';
import { commandContext } from './commandContext';
import type { CommandRun } from './commandContext';
import { toAppUser } from './converters';
import type { EngineRuntime, RuntimeName } from './engineRuntime';
import { loadEngineRuntime } from './engineRuntime';
import type { AppLogEntry, EngineStorages, LogLevel, StoredLogRecord } from './engineStorages';
import { createEngineStorages } from './engineStorages';
import type { JobInstance, JobRun } from './jobScheduler';
import { JobScheduler } from './jobScheduler';
import { newId } from '../store/ids';
import type { WorkspaceStore } from '../store/workspaceStore';

export type { AppLogEntry, LogLevel, StoredLogRecord } from './engineStorages';
export type { RegisteredCommand } from './bridges/commandBridge';
export type { CommandRun } from './commandContext';
export type { JobRun } from './jobScheduler';

export interface EngineHostOptions {
	/** Which runtime runs the apps: 'deno' (default, as Rocket.Chat 6.10 and later) or 'vm2' (6.3–6.9). */
	runtime?: RuntimeName;
	/** The time for scheduling and for the bridges' timestamps; tests pass a fake clock. */
	clock?: () => Date;
	/** Values apps may read for NODE_ENV, ROOT_URL and INSTANCE_IP. */
	environment?: Record<string, string>;
	/** How app-initiated room creation and member additions reach the workspace (default: straight into the store). */
	roomOperations?: RoomOperations;
	/** How many log records (one per app method call) to keep before dropping the oldest. */
	maxLogRecords?: number;
	/** The host's place in a cluster (engineCluster.ts); 0 for a host on its own. */
	instanceIndex?: number;
	/** Faults injected into the bridges and the calls recorded (a cluster shares one); the host's own by default. */
	faults?: BridgeFaults;
	/** How the host tells a cluster's other instances what changed (engineCluster.ts); nobody by default. */
	notifier?: AppNotifier;
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

/** What a started host runs: one engine, its manager, and the bridges and storages made for it. */
interface RunningEngine {
	readonly runtime: EngineRuntime;
	readonly manager: AppManager;
	readonly bridges: WorkspaceBridges;
	readonly storages: EngineStorages;
}

/**
 * The engine host: one Apps-Engine AppManager, on a copy of the engine's modules of its own (the
 * engine allows one manager per copy), with the workspace bridges, plus a job scheduler that runs
 * the store's jobs on this host (jobScheduler.ts; a cluster has one for all its instances).
 */
export class EngineHost implements JobInstance, BroadcastReceiver {
	readonly runtimeName: RuntimeName;

	readonly instanceIndex: number;

	/** The id the app logs of this instance carry (Rocket.Chat's InstanceStatus id: one per server process). */
	readonly instanceId = newId();

	/** Makes bridge methods fail for tests and lists the bridge methods apps called (bridgeContext.ts). */
	readonly faults: BridgeFaults;

	private readonly clock: () => Date;

	private readonly options: EngineHostOptions;

	private engine?: RunningEngine;

	private readonly scheduler: JobScheduler;

	private readonly notifier: AppNotifier;

	constructor(
		readonly store: WorkspaceStore,
		options: EngineHostOptions = {},
	) {
		this.options = options;
		this.runtimeName = options.runtime ?? 'deno';
		this.instanceIndex = options.instanceIndex ?? 0;
		this.faults = options.faults ?? new BridgeFaults();
		this.notifier = options.notifier ?? LONE_INSTANCE;
		this.clock = options.clock ?? (() => new Date());
		this.scheduler = new JobScheduler(store, this.clock, () => [this]);
	}

	/** The running engine's version, e.g. 1.62.0. */
	get engineVersion(): string {
		return this.requireEngine().runtime.engineVersion;
	}

	/** Starts the engine and brings back the apps installed in the store, enabling those that were enabled. */
	async start(): Promise<void> {
		if (this.engine) return;
		// A copy of the engine's modules of this host's own: the engine allows one AppManager per copy.
		const runtime = loadEngineRuntime(this.runtimeName);
		const bridges = createWorkspaceBridges(runtime, {
			runtime: this.runtimeName,
			store: this.store,
			clock: this.clock,
			roomOperations: this.options.roomOperations ?? new StoreRoomOperations(this.store),
			environment: this.options.environment ?? {},
			faults: this.faults,
			notifier: this.notifier,
			instanceIndex: this.instanceIndex,
		});
		const storages = createEngineStorages(runtime, this.store, { maxLogRecords: this.options.maxLogRecords ?? 5000, instanceId: this.instanceId });
		const manager = new runtime.AppManager({ ...storages, bridges, tempFilePath: runtime.tempFilePath });
		this.engine = { runtime, manager, bridges, storages };
		await runtime.run(async () => {
			await manager.load();
			await manager.enableAll();
		});
	}

	/**
	 * Stops the job timer, waits for a job run and the apps' calls in progress (post events the
	 * engine did not await) and ends the apps' subprocesses. Apps keep their status (they are not
	 * disabled), as when a Rocket.Chat server shuts down.
	 */
	async stop(): Promise<void> {
		await this.scheduler.stop();
		const { engine } = this;
		if (!engine) return;
		this.engine = undefined;
		await engine.runtime.idle().catch(() => undefined);
		await engine.runtime.dispose();
	}

	/**
	 * Installs and enables an app package, as an admin does in Rocket.Chat: the permissions the app
	 * declares are granted. Answers the app id; throws when the package is not an app, or when the
	 * app installed but did not end up enabled (it then stays installed, disabled, with its logs).
	 */
	async install(zip: Buffer, options: { installedBy?: string } = {}): Promise<string> {
		const { manager, runtime } = this.requireEngine();
		const info = await this.readPackage(zip);
		if (manager.getOneById(info.id)) throw new Error(`The app "${info.name}" (${info.id}) is already installed: update it instead.`);
		const user = this.installingUser(options.installedBy);
		try {
			await fabricate(info, () => runtime.run(() => manager.add(zip, { enable: true, user, permissionsGranted: info.permissions })));
		} catch (error) {
			// The engine stores the package before compiling it, and leaves it behind when compiling fails.
			if (!manager.getOneById(info.id)) this.store.removeAppPackage(info.id);
			throw error;
		}
		// As Rocket.Chat's install endpoint, once the app is in: the other instances load it from the storage.
		await this.announce(() => this.notifier.appAdded(info.id));
		return this.requireEnabled(info, 'installed');
	}

	/** Replaces an installed app's package, keeping its settings, persistence and jobs; answers the app id. */
	async update(zip: Buffer): Promise<string> {
		const { manager, runtime } = this.requireEngine();
		const info = await this.readPackage(zip);
		if (!manager.getOneById(info.id)) throw new Error(`The app "${info.name}" (${info.id}) is not installed: install it first.`);
		await fabricate(info, () => runtime.run(() => manager.update(zip, info.permissions ?? [])));
		await this.announce(() => this.notifier.appUpdated(info.id));
		return this.requireEnabled(info, 'updated');
	}

	/** Removes the app with its user, persistence, settings and jobs. */
	async uninstall(appId: string, options: { uninstalledBy?: string } = {}): Promise<void> {
		const { manager } = this.requireEngine();
		this.requireApp(appId);
		await manager.remove(appId, { user: this.installingUser(options.uninstalledBy) });
		await this.announce();
	}

	/** Enables the app as an admin does (status manually_enabled); throws with the app's errors when it would not start. */
	async enable(appId: string): Promise<void> {
		const app = this.requireApp(appId);
		if (AppStatusUtils.isEnabled(await app.getStatus())) return;
		await this.requireEngine().manager.changeStatus(appId, AppStatus.MANUALLY_ENABLED);
		await this.announce();
		await this.requireEnabled(app.getInfo(), 'enabled');
	}

	/** Disables the app as an admin does; its scheduled jobs are kept but do not run while it is disabled. */
	async disable(appId: string): Promise<void> {
		const app = this.requireApp(appId);
		if (!AppStatusUtils.isEnabled(await app.getStatus())) return;
		await this.requireEngine().manager.changeStatus(appId, AppStatus.MANUALLY_DISABLED);
		await this.announce();
	}

	/** In the Deno runtime an app's status is a question to its subprocess, hence a promise. */
	async listApps(): Promise<AppSummary[]> {
		const apps = await this.requireEngine().manager.get();
		return Promise.all(
			apps.map(async (app) => {
				const status = await app.getStatus();
				return { id: app.getID(), name: app.getName(), version: app.getVersion(), status, enabled: AppStatusUtils.isEnabled(status) };
			}),
		);
	}

	/**
	 * The app's subprocess in the Deno runtime (its process id and the controller's state: ready,
	 * restarting, stopped...); undefined in vm2, which runs apps in this process.
	 */
	appProcess(appId: string): { pid?: number; state: string } | undefined {
		const controller = this.requireApp(appId).getRuntimeController?.() as { deno?: { pid?: number }; getProcessState?(): string } | undefined;
		if (!controller?.getProcessState) return undefined;
		return { pid: controller.deno?.pid, state: controller.getProcessState() };
	}

	isInstalled(appId: string): boolean {
		return this.requireEngine().manager.getOneById(appId) !== undefined;
	}

	async getAppStatus(appId: string): Promise<AppStatus> {
		return this.requireApp(appId).getStatus();
	}

	/** The app's settings by id, with their current values. */
	getAppSettings(appId: string): Record<string, ISetting> {
		this.requireApp(appId);
		return this.requireEngine().manager.getSettingsManager().getAppSettings(appId);
	}

	/**
	 * Changes a setting the way the admin UI does (onPreSettingUpdate, store, onSettingUpdated). In
	 * this engine an AppsEngineException from onPreSettingUpdate makes the update fail; any other
	 * error is logged and the new value is stored.
	 */
	async updateSetting(appId: string, settingId: string, value: unknown): Promise<void> {
		this.requireApp(appId);
		const settings = this.requireEngine().manager.getSettingsManager();
		const current = settings.getAppSetting(appId, settingId);
		await settings.updateAppSetting(appId, { ...current, value });
		await this.announce();
	}

	/**
	 * Fires an event at every app listening, through the engine's listener manager, and answers
	 * what the engine answers (true when prevented, the extended/modified object...). An
	 * AppsEngineException from an app comes out as an error named 'AppsEngineException'; other app
	 * errors are logged and swallowed by the engine. IPostRoomCreate, IPostRoomDeleted and the
	 * other events the engine does not await return at once: call settle() before looking at their effects.
	 */
	async fire<T = unknown>(event: EngineEvent, payload: unknown): Promise<T> {
		return (await this.requireEngine()
			.manager.getListenerManager()
			.executeListener(event, payload as never)) as T;
	}

	/** The slash commands this instance's apps registered (Rocket.Chat's `slashCommands.commands`); none while stopped. */
	listCommands(): RegisteredCommand[] {
		return this.engine?.bridges.getCommandBridge().listCommands() ?? [];
	}

	getCommand(command: string): RegisteredCommand | undefined {
		return this.engine?.bridges.getCommandBridge().getCommand(command);
	}

	/**
	 * Runs a slash command as Rocket.Chat's command bridge does: the engine's command manager
	 * executes it in the app that registered it. The 1.42.1 engine logs an executor's error and
	 * resolves; 1.62.0 rejects with it, and with "App not enabled" for a disabled app's command.
	 */
	async runCommand(run: CommandRun): Promise<void> {
		const { runtime, manager } = this.requireEngine();
		const context = commandContext(runtime, this.store, run);
		await runtime.run(() => manager.getCommandManager().executeCommand(run.command, context));
	}

	/** Waits for work the engine started without awaiting (post events) to end. */
	settle(): Promise<void> {
		return this.requireEngine().runtime.idle();
	}

	/**
	 * What the app logged (and what the engine logged for it), oldest first. `method` is the app
	 * method as vm2 names it (executePreRoomCreatePrevent); the Deno runtime prefixes it (app:…).
	 */
	getLogs(appId: string, filter: { method?: string; level?: LogLevel } = {}): AppLogEntry[] {
		const { method, level } = filter;
		return this.requireEngine()
			.storages.logStorage.entriesOf(appId)
			.filter(
				(entry) =>
					(method === undefined || entry.method === method || entry.method === `app:${method}`) && (level === undefined || entry.level === level),
			);
	}

	/**
	 * Whole log records (one per app method call) this instance wrote, oldest first; the logs
	 * endpoint lists every instance's. Logs live in memory: a stopped instance has none.
	 */
	getLogRecords(appId: string): StoredLogRecord[] {
		return this.engine?.storages.logStorage.recordsOf(appId) ?? [];
	}

	async clearLogs(appId: string): Promise<void> {
		await this.requireEngine().storages.logStorage.removeEntriesFor(appId);
	}

	/** The HTTP endpoints this instance's enabled apps registered; undefined while the host is stopped. */
	get appApiRoutes(): AppApiRoutes | undefined {
		return this.engine?.bridges.getApiBridge().routes;
	}

	/**
	 * Runs an app endpoint as Rocket.Chat's API bridge does, through the engine's executeApi: the
	 * engine answers 404 for a disabled app or a private endpoint without the app's hash, and calls the
	 * endpoint's method with the request. Answers what the app answered (vm2: undefined for a method
	 * the endpoint lacks); rejects with the app's error (Deno: also for a method it lacks).
	 */
	executeAppApi(appId: string, endpointPath: string, request: IApiRequest): Promise<IApiResponse> {
		return this.requireEngine().manager.getApiManager().executeApi(appId, endpointPath, request);
	}

	/** The endpoints an app provides (path, computed path, methods, examples), as GET /api/apps/:id/apis lists them. */
	listAppApis(appId: string): IApiEndpointMetadata[] {
		this.requireApp(appId);
		return this.requireEngine().manager.getApiManager().listApis(appId);
	}

	/** The hash in the URLs of the app's private endpoints: its storage item's `_id`. */
	appPrivateHash(appId: string): string {
		return String(this.requireApp(appId).getStorageItem()._id);
	}

	/** Processor ids as the engine registers them: `<processor id>_<app id>`. */
	listProcessors(appId?: string): string[] {
		return this.requireEngine().bridges.getSchedulerBridge().listProcessorIds(appId);
	}

	/** The processor of this id, when an app of this host registered it (undefined while the host is stopped). */
	getProcessor(processorId: string): RegisteredProcessor | undefined {
		return this.engine?.bridges.getSchedulerBridge().getProcessor(processorId);
	}

	/**
	 * Runs every job due at `now` on this host (jobScheduler.ts): one-off jobs whose time has come
	 * (then removed, whatever the outcome) and recurring jobs whose next run has come (next run:
	 * now + interval). Jobs whose processor is not registered here wait. Answers what ran, with each
	 * failure's message.
	 */
	runDueJobs(now: Date = this.clock()): Promise<JobRun[]> {
		return this.scheduler.runDueJobs(now);
	}

	/** Runs due jobs every `intervalMs` on a real timer, for the workspace server; stop() clears it. */
	startScheduler(intervalMs = 1000): void {
		this.scheduler.start(intervalMs);
	}

	/**
	 * Replays what another instance of the cluster announced (clusterBroadcasts.ts), where app code
	 * finds its engine's definitions; 'missed' while the host is stopped, as an instance that is down.
	 */
	async receiveBroadcast(broadcast: AppBroadcast): Promise<'applied' | 'unchanged' | 'missed'> {
		const { engine } = this;
		if (!engine) return 'missed';
		return engine.runtime.run(() => replayBroadcast(engine.manager, engine.storages, broadcast));
	}

	/**
	 * Sends what Rocket.Chat's REST handler announces itself (the bridges announce the rest), and
	 * waits until the other instances have replayed it all: Rocket.Chat does not wait, the workspace
	 * does, so that the next request, whichever instance serves it, sees the change.
	 */
	private async announce(send?: () => void): Promise<void> {
		send?.();
		await this.notifier.delivered();
	}

	private requireEngine(): RunningEngine {
		if (!this.engine) throw new Error('The engine host is not started: call start() first.');
		return this.engine;
	}

	private requireApp(appId: string) {
		const app = this.requireEngine().manager.getOneById(appId);
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
		if (!installed || !this.isInstalled(candidate.info.id)) return false;
		return packageContents(await this.unpackage(installed)) === packageContents(candidate);
	}

	private unpackage(zip: Buffer): Promise<IParseAppPackageResult> {
		return unpackageApp(this.requireEngine().manager, zip);
	}

	private async requireEnabled(info: IAppInfo, what: string): Promise<string> {
		const status = await this.requireApp(info.id).getStatus();
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
