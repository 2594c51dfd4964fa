// The two Apps-Engine runtimes the workspace can run apps in, loaded behind one shape so that the
// host, its storages and its bridges are written once. Each engine package is installed under an
// npm alias (package.json): its server classes come from that package, since the engine checks
// permissions and keeps its singletons in its own modules. Types come from the newer engine.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

import type { AppManager } from 'apps-engine-deno/server/AppManager';
import type * as BridgeClasses from 'apps-engine-deno/server/bridges';
import type { InternalBridge } from 'apps-engine-deno/server/bridges/InternalBridge';
import type { OAuthAppsBridge } from 'apps-engine-deno/server/bridges/OAuthAppsBridge';
import type { ThreadBridge } from 'apps-engine-deno/server/bridges/ThreadBridge';
import type { AppConsole } from 'apps-engine-deno/server/logging';
import type * as StorageClasses from 'apps-engine-deno/server/storage';

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
	/** A writable folder for the engine (the Deno runtime links its scripts there); removed by dispose(). */
	readonly tempFilePath: string;
	/** Runs engine work (install, update, start) where app code finds this engine's definitions. */
	run<T>(work: () => Promise<T>): Promise<T>;
	/** Resolves once no call into an app is under way (the engine does not await post events). */
	idle(): Promise<void>;
	dispose(): void;
}

export function loadEngineRuntime(name: RuntimeName): EngineRuntime {
	const { packageName } = RUNTIME_INFO[name];
	const packageDir = dirname(require.resolve(`${packageName}/package.json`));
	// Two engines live side by side under their aliases, so which one loads is decided at run time.
	// eslint-disable-next-line import/no-dynamic-require, @typescript-eslint/no-require-imports
	const load = <T>(path: string): T => require(`${packageName}/${path}`) as T;
	if (name === 'deno') prepareDeno(packageDir);
	const tempFilePath = mkdtempSync(join(tmpdir(), `room-events-${name}-`));
	const directory = name === 'vm2' ? new EngineDirectory(packageDir, tempFilePath) : undefined;
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
		tempFilePath,
		run: (work) => (directory ? directory.run(work) : work()),
		idle: name === 'deno' ? countDenoCalls(load) : turnEventLoop,
		dispose: () => {
			directory?.leave();
			rmSync(tempFilePath, { recursive: true, force: true });
		},
	};
}

/** In vm2 an app's unawaited work is promise and nextTick continuations: a few turns of the event loop drain it. */
async function turnEventLoop(): Promise<void> {
	for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

type SendRequest = (...args: unknown[]) => Promise<unknown>;
const callsUnderWay = new WeakMap<object, { count: number }>();

/**
 * In Deno every call into an app is a request to its subprocess: the host counts the requests
 * under way (wrapping the controller's sendRequest, once per loaded engine) and its idle() waits
 * until there are none.
 */
function countDenoCalls(load: <T>(path: string) => T): () => Promise<void> {
	const { DenoRuntimeSubprocessController } = load<{ DenoRuntimeSubprocessController: { prototype: { sendRequest: SendRequest } } }>(
		'server/runtime/deno/AppsEngineDenoRuntime',
	);
	const { prototype } = DenoRuntimeSubprocessController;
	let calls = callsUnderWay.get(prototype);
	if (!calls) {
		const counter = { count: 0 };
		const { sendRequest } = prototype;
		prototype.sendRequest = function countedSendRequest(this: unknown, ...args: unknown[]) {
			counter.count += 1;
			return sendRequest.apply(this, args).finally(() => {
				counter.count -= 1;
			});
		};
		callsUnderWay.set(prototype, counter);
		calls = counter;
	}
	const counted = calls;
	return async () => {
		const deadline = Date.now() + 60_000;
		for (;;) {
			await turnEventLoop();
			if (counted.count === 0) return;
			if (Date.now() > deadline) throw new Error(`Apps are still busy after a minute (${counted.count} call(s) under way).`);
			await new Promise((resolve) => setTimeout(resolve, 2));
		}
	};
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
 */
class EngineDirectory {
	private depth = 0;

	private previous = '';

	private readonly path: string;

	constructor(packageDir: string, tempFilePath: string) {
		this.path = join(tempFilePath, 'engine-directory');
		mkdirSync(join(this.path, 'node_modules', '@rocket.chat'), { recursive: true });
		symlinkSync(packageDir, join(this.path, 'node_modules', '@rocket.chat', 'apps-engine'), 'dir');
	}

	async run<T>(work: () => Promise<T>): Promise<T> {
		if (this.depth === 0) {
			this.previous = process.cwd();
			process.chdir(this.path);
		}
		this.depth += 1;
		try {
			return await work();
		} finally {
			// leave() may have left the folder already, while this work was still running.
			if (this.depth > 0) {
				this.depth -= 1;
				if (this.depth === 0) process.chdir(this.previous);
			}
		}
	}

	/**
	 * Leaves the folder before it is deleted. Work still running in it (an install the host stops
	 * in the middle of) is abandoned: a deleted working directory breaks every later file lookup.
	 */
	leave(): void {
		if (this.depth > 0) process.chdir(this.previous);
		this.depth = 0;
	}
}
