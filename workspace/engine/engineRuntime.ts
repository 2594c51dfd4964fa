// The two Apps-Engine runtimes the workspace can run apps in, loaded behind one shape so that the
// host, its storages and its bridges are written once. Each engine package is installed under an
// npm alias (package.json): its server classes come from that package, since the engine checks
// permissions and keeps its singletons in its own modules. Each load is a copy of those modules of
// its own (engineModules.ts), so that several hosts, a cluster's instances, run side by side in one
// process. Types come from the newer engine.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

import type { SlashCommandContext } from 'apps-engine-deno/definition/slashcommands';
import type { AppManager } from 'apps-engine-deno/server/AppManager';
import type * as BridgeClasses from 'apps-engine-deno/server/bridges';
import type { InternalBridge } from 'apps-engine-deno/server/bridges/InternalBridge';
import type { OAuthAppsBridge } from 'apps-engine-deno/server/bridges/OAuthAppsBridge';
import type { ThreadBridge } from 'apps-engine-deno/server/bridges/ThreadBridge';
import type { AppConsole } from 'apps-engine-deno/server/logging';
import type * as StorageClasses from 'apps-engine-deno/server/storage';

import type { EngineModuleLoader } from './engineModules';
import { loadEngineCopy } from './engineModules';

export type RuntimeName = 'deno' | 'vm2';

export const RUNTIME_NAMES: readonly RuntimeName[] = ['deno', 'vm2'];

/** Which servers each runtime stands for (Rocket.Chat's release notes, facts §5). */
export const RUNTIME_INFO: Record<RuntimeName, { packageName: string; servers: string }> = {
	deno: { packageName: 'apps-engine-deno', servers: 'Rocket.Chat 6.10 and later (subprocess runtime; Apps-Engine 1.62.0 is that of 8.4–8.7)' },
	vm2: { packageName: 'apps-engine-vm2', servers: 'Rocket.Chat 6.3–6.9 (in-process vm2 runtime, Apps-Engine 1.42.1)' },
};

export function parseRuntimeName(value: string): RuntimeName {
	if ((RUNTIME_NAMES as readonly string[]).includes(value)) return value as RuntimeName;
	throw new Error(`Unknown runtime "${value}": use ${RUNTIME_NAMES.join(' or ')}.`);
}

/** What the Deno set-up step (scripts/setup-deno-runtime.mjs) left for the host. */
interface DenoSetupRecord {
	deno: string;
	denoVersion: string;
	denoDir: string;
}

/** One engine, loaded: its classes, and the working conditions its apps need. */
export interface EngineRuntime {
	readonly name: RuntimeName;
	readonly engineVersion: string;
	readonly AppManager: typeof AppManager;
	readonly bridges: typeof BridgeClasses & {
		InternalBridge: typeof InternalBridge;
		OAuthAppsBridge: typeof OAuthAppsBridge;
		ThreadBridge: typeof ThreadBridge;
	};
	readonly storage: typeof StorageClasses;
	readonly AppConsole: typeof AppConsole;
	/** The engine's own context class, which Rocket.Chat's command bridge hands the command manager. */
	readonly SlashCommandContext: typeof SlashCommandContext;
	/** A writable folder for the engine (the Deno runtime links its scripts there); removed by dispose(). */
	readonly tempFilePath: string;
	/** Runs engine work (install, update, start) where app code finds this engine's definitions. */
	run<T>(work: () => Promise<T>): Promise<T>;
	/** Resolves once no call into an app is under way (the engine does not await post events). */
	idle(): Promise<void>;
	/** Ends the apps' subprocesses (Deno) and removes the temp folder. */
	dispose(): Promise<void>;
}

/**
 * Loads a fresh copy of the engine's server modules: an AppManager class with no Instance yet, its
 * own managers, and (Deno) its own instrumented subprocess controller.
 */
export function loadEngineRuntime(name: RuntimeName): EngineRuntime {
	const { packageName } = RUNTIME_INFO[name];
	const packageDir = dirname(require.resolve(`${packageName}/package.json`));
	const load = loadEngineCopy(packageDir);
	if (name === 'deno') prepareDeno(packageDir);
	const tempFilePath = mkdtempSync(join(tmpdir(), `room-events-${name}-`));
	const directory = name === 'vm2' ? EngineDirectory.lease(packageDir) : undefined;
	const deno = name === 'deno' ? instrumentDeno(load, tempFilePath) : undefined;
	return {
		name,
		engineVersion: (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version,
		AppManager: load<{ AppManager: typeof AppManager }>('server/AppManager').AppManager,
		bridges: {
			...load<typeof BridgeClasses>('server/bridges'),
			InternalBridge: load<{ InternalBridge: typeof InternalBridge }>('server/bridges/InternalBridge').InternalBridge,
			OAuthAppsBridge: load<{ OAuthAppsBridge: typeof OAuthAppsBridge }>('server/bridges/OAuthAppsBridge').OAuthAppsBridge,
			ThreadBridge: load<{ ThreadBridge: typeof ThreadBridge }>('server/bridges/ThreadBridge').ThreadBridge,
		},
		storage: load<typeof StorageClasses>('server/storage'),
		AppConsole: load<{ AppConsole: typeof AppConsole }>('server/logging').AppConsole,
		SlashCommandContext: load<{ SlashCommandContext: typeof SlashCommandContext }>('definition/slashcommands').SlashCommandContext,
		tempFilePath,
		run: (work) => (directory ? directory.run(work) : work()),
		idle: () => (deno ? denoIdle(deno) : turnEventLoop()),
		dispose: async () => {
			directory?.release();
			await stopDenoEngine(tempFilePath);
			rmSync(tempFilePath, { recursive: true, force: true });
		},
	};
}

/** In vm2 an app's unawaited work is promise and nextTick continuations: a few turns of the event loop drain it. */
async function turnEventLoop(): Promise<void> {
	for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** The part of the Deno runtime's subprocess controller the host reaches into. */
interface SubprocessController {
	readonly tempFilePath: string;
	sendRequest(...args: unknown[]): Promise<unknown>;
	spawnProcess(): void;
	waitUntilReady(): Promise<void> | undefined;
	stopApp(): Promise<void>;
	emit(event: string): boolean;
}

/** What the host keeps per running Deno engine (told apart by its temp folder). */
interface DenoEngineState {
	calls: number;
	/** Resolved when `calls` drops to 0. */
	waiters: Array<() => void>;
	controllers: Set<SubprocessController>;
	disposed: boolean;
	/** Rejects when the host stops, so that a start under way gives up at once. */
	stopped: Promise<never>;
	stop(): void;
}

const HOST_STOPPED = 'The engine host has stopped: the app was not started.';

const denoEngines = new Map<string, DenoEngineState>();
const instrumented = new WeakSet<object>();

/**
 * Every call into a Deno app is a request to its subprocess, and every app has a controller that
 * spawns (and, through its liveness manager, respawns) that subprocess. The controller class is
 * wrapped once per loaded engine so that each host can wait for its apps' calls to end (the
 * engine does not await post events) and, when it stops, end its subprocesses for good, even an
 * app's whose install was still under way.
 */
function instrumentDeno(load: EngineModuleLoader, tempFilePath: string): DenoEngineState {
	const { prototype } = load<{ DenoRuntimeSubprocessController: { prototype: SubprocessController } }>(
		'server/runtime/deno/AppsEngineDenoRuntime',
	).DenoRuntimeSubprocessController;
	if (!instrumented.has(prototype)) {
		instrumented.add(prototype);
		const { sendRequest, spawnProcess, waitUntilReady } = prototype;
		prototype.sendRequest = function countedSendRequest(this: SubprocessController, ...args: unknown[]) {
			const engine = denoEngines.get(this.tempFilePath);
			if (engine) engine.calls += 1;
			return sendRequest.apply(this, args).finally(() => {
				if (!engine) return;
				engine.calls -= 1;
				if (engine.calls === 0) engine.waiters.splice(0).forEach((resolve) => resolve());
			});
		};
		prototype.spawnProcess = function trackedSpawnProcess(this: SubprocessController) {
			const engine = denoEngines.get(this.tempFilePath);
			// An install the host stopped in the middle of ends here, instead of waiting for a process that never comes.
			if (engine?.disposed !== false) throw new Error(HOST_STOPPED);
			engine.controllers.add(this);
			spawnProcess.apply(this);
		};
		prototype.waitUntilReady = function stoppableWaitUntilReady(this: SubprocessController) {
			const ready = waitUntilReady.apply(this);
			const engine = denoEngines.get(this.tempFilePath);
			if (!ready || !engine) return ready;
			// Once given up, the wait is released too, so that its 30 s timer does not outlive the host.
			engine.stopped.catch(() => this.emit('ready'));
			return Promise.race([ready, engine.stopped]);
		};
	}
	let stop = () => undefined as void;
	const stopped = new Promise<never>((_resolve, reject) => {
		stop = () => reject(new Error(HOST_STOPPED));
	});
	stopped.catch(() => undefined);
	const state: DenoEngineState = { calls: 0, waiters: [], controllers: new Set(), disposed: false, stopped, stop };
	denoEngines.set(tempFilePath, state);
	return state;
}

/** Waits until no call is under way, after the event loop has turned (a call may be about to start). */
async function denoIdle(state: DenoEngineState): Promise<void> {
	for (;;) {
		await turnEventLoop();
		if (state.calls === 0) return;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			new Promise<void>((resolve) => state.waiters.push(resolve)),
			new Promise<never>((_resolve, reject) => {
				timer = setTimeout(() => reject(new Error(`Apps are still busy after a minute (${state.calls} call(s) under way).`)), 60_000);
			}),
		]).finally(() => clearTimeout(timer));
	}
}

async function stopDenoEngine(tempFilePath: string): Promise<void> {
	const state = denoEngines.get(tempFilePath);
	if (!state) return;
	state.disposed = true;
	state.stop();
	await Promise.all([...state.controllers].map((controller) => controller.stopApp().catch(() => undefined)));
}

/**
 * The Deno runtime spawns `deno` from PATH with DENO_DIR from the environment, and starts it with
 * --cached-only: the binary from npm goes first on PATH, and DENO_DIR names the cache the set-up
 * step filled, so a workspace started anywhere runs offline.
 */
function prepareDeno(packageDir: string): void {
	const recordPath = join(packageDir, '.room-events-setup.json');
	if (!existsSync(recordPath)) {
		throw new Error(`The Deno runtime is not set up (${recordPath} is missing): run "npm install", which runs scripts/setup-deno-runtime.mjs.`);
	}
	const record = JSON.parse(readFileSync(recordPath, 'utf8')) as DenoSetupRecord;
	if (!existsSync(record.deno)) throw new Error(`The Deno binary ${record.deno} is missing: run "npm install" again.`);
	const binDir = dirname(record.deno);
	const path = process.env.PATH ?? '';
	if (!path.split(delimiter).includes(binDir)) process.env.PATH = `${binDir}${delimiter}${path}`;
	process.env.DENO_DIR = record.denoDir;
}

/**
 * App code loads `@rocket.chat/apps-engine/definition/*` (its App base class, exceptions...) through
 * vm2, which looks the package up from the process's working directory. In this project that finds
 * the newer definitions-only package, whose App class does not fit the 1.42.1 engine (its getStatus
 * answers a promise, so the engine never sees an app as enabled). Running engine work from a folder
 * whose `node_modules/@rocket.chat/apps-engine` is the vm2 engine gives apps the engine's own
 * definitions, as in a Rocket.Chat server. The Deno runtime resolves them through its import map.
 *
 * The working directory is the process's, so every vm2 host of the process shares one such folder
 * (they all need the same one): each host holds a lease, the folder is entered while any host's work
 * runs in it, left when the last work ends, and removed with the last lease.
 */
class EngineDirectory {
	private static readonly shared = new Map<string, EngineDirectory>();

	private readonly path: string;

	private leases = 0;

	/** Engine work running in the folder, over every lease. */
	private depth = 0;

	private previous = '';

	private constructor(private readonly packageDir: string) {
		this.path = mkdtempSync(join(tmpdir(), 'room-events-vm2-directory-'));
		mkdirSync(join(this.path, 'node_modules', '@rocket.chat'), { recursive: true });
		symlinkSync(packageDir, join(this.path, 'node_modules', '@rocket.chat', 'apps-engine'), 'dir');
	}

	static lease(packageDir: string): EngineDirectoryLease {
		const directory = EngineDirectory.shared.get(packageDir) ?? new EngineDirectory(packageDir);
		EngineDirectory.shared.set(packageDir, directory);
		directory.leases += 1;
		return new EngineDirectoryLease(directory);
	}

	enter(): void {
		if (this.depth === 0) {
			this.previous = process.cwd();
			process.chdir(this.path);
		}
		this.depth += 1;
	}

	exit(levels = 1): void {
		if (levels === 0 || this.depth === 0) return;
		this.depth = Math.max(0, this.depth - levels);
		if (this.depth === 0) process.chdir(this.previous);
	}

	/** Removes the folder with the last lease, once nothing runs in it (a deleted working directory breaks every later file lookup). */
	unlease(): void {
		this.leases -= 1;
		if (this.leases > 0) return;
		this.exit(this.depth);
		EngineDirectory.shared.delete(this.packageDir);
		rmSync(this.path, { recursive: true, force: true });
	}
}

/** One host's hold on the shared engine directory. */
class EngineDirectoryLease {
	/** This host's work running in the folder. */
	private depth = 0;

	private released = false;

	constructor(private readonly directory: EngineDirectory) {}

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.released) return work();
		this.directory.enter();
		this.depth += 1;
		try {
			return await work();
		} finally {
			// release() may have given this work up already, while it was still running.
			if (this.depth > 0) {
				this.depth -= 1;
				this.directory.exit();
			}
		}
	}

	/**
	 * Gives the folder up when the host stops. This host's work still running in it (an install
	 * the host stops in the middle of) is abandoned; other hosts' work keeps the folder.
	 */
	release(): void {
		if (this.released) return;
		this.released = true;
		this.directory.exit(this.depth);
		this.depth = 0;
		this.directory.unlease();
	}
}
