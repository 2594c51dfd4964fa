// The base of EngineHost (engineHost.ts), as StoreBase is the store's: the running engine, started
// and stopped, and the workspace's calls into the installed apps (events, settings, commands, logs,
// endpoints, jobs, cluster broadcasts). EngineHost adds what an admin does to apps.
import type { IApiEndpointMetadata, IApiRequest, IApiResponse } from 'apps-engine-deno/definition/api';
import type { ISetting } from 'apps-engine-deno/definition/settings';
import type { AppManager } from 'apps-engine-deno/server/AppManager';
import type { AppListenerManager } from 'apps-engine-deno/server/managers';

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
import type { EngineRuntime, RuntimeName } from './engineRuntime';
import { loadEngineRuntime } from './engineRuntime';
import type { AppLogEntry, EngineStorages, LogLevel, StoredLogRecord } from './engineStorages';
import { createEngineStorages } from './engineStorages';
import type { JobInstance, JobRun } from './jobScheduler';
import { JobScheduler } from './jobScheduler';
import { newId } from '../store/ids';
import type { WorkspaceStore } from '../store/workspaceStore';

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

/** What a started host runs: one engine, its manager, and the bridges and storages made for it. */
interface RunningEngine {
	readonly runtime: EngineRuntime;
	readonly manager: AppManager;
	readonly bridges: WorkspaceBridges;
	readonly storages: EngineStorages;
}

/** What EngineHost is built on: the running engine, its job scheduler, and the calls into its apps. */
export class EngineHostBase implements JobInstance, BroadcastReceiver {
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

	protected readonly notifier: AppNotifier;

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
	protected async announce(send?: () => void): Promise<void> {
		send?.();
		await this.notifier.delivered();
	}

	protected requireEngine(): RunningEngine {
		if (!this.engine) throw new Error('The engine host is not started: call start() first.');
		return this.engine;
	}

	protected requireApp(appId: string) {
		const app = this.requireEngine().manager.getOneById(appId);
		if (!app) throw new Error(`No app with id "${appId}" is installed.`);
		return app;
	}
}
