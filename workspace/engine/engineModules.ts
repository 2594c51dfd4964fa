// A private copy of an Apps-Engine's server modules. The engine keeps its singletons in them
// (AppManager.Instance, which refuses a second manager, and the managers it builds), so a second
// AppManager in this process, a second instance of a cluster, needs modules of its own.
//
// Deleting the package's entries from require.cache before requiring would not do: under jest,
// require.cache is a read-only view of jest's registry, and deletions are silently ignored. So the
// package's `server/` files are loaded here, into a registry owned by one copy, with the standard
// CommonJS wrapper. Everything else (the engine's `definition/` and `lib/`, its npm dependencies,
// Node's modules) comes from the ordinary require and is shared: definitions hold no state, and
// sharing them keeps `instanceof` working between the host and every copy (an
// EssentialAppDisabledException thrown by any copy of a package is the class the workspace
// imports from that package).
import { readFileSync, realpathSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

type CommonJsWrapper = (exports: unknown, require: NodeRequire, module: LoadedModule, filename: string, dirname: string) => void;

interface LoadedModule {
	exports: unknown;
	readonly id: string;
	readonly filename: string;
	loaded: boolean;
}

/** Loads `<package>/<path>` modules, each package server file once per copy. */
export type EngineModuleLoader = <T>(path: string) => T;

/**
 * A loader whose `server/` modules are this copy's own: two loaders of one package give two
 * AppManager classes, each with its own Instance and managers.
 */
export function loadEngineCopy(packageFolder: string): EngineModuleLoader {
	// Node resolves files to their real paths: the package's must be too (node_modules may be a link).
	const packageDir = realpathSync(packageFolder);
	const serverDir = join(packageDir, 'server') + sep;
	const registry = new Map<string, LoadedModule>();
	const isOwnFile = (filename: string) => filename.startsWith(serverDir) && !filename.slice(serverDir.length).includes(`node_modules${sep}`);

	function requireFrom(parentFile: string): NodeRequire {
		const resolver = createRequire(parentFile);
		const requireModule = (request: string): unknown => {
			if (builtinModules.includes(request.replace(/^node:/, ''))) return sharedRequire(request);
			const filename = resolver.resolve(request);
			return isOwnFile(filename) ? loadOwnFile(filename) : sharedRequire(filename);
		};
		return Object.assign(requireModule, {
			resolve: resolver.resolve,
			cache: {},
			extensions: resolver.extensions,
			main: undefined,
		}) as unknown as NodeRequire;
	}

	function loadOwnFile(filename: string): unknown {
		const cached = registry.get(filename);
		if (cached) return cached.exports;
		const module: LoadedModule = { exports: {}, id: filename, filename, loaded: false };
		// Registered before it runs, so that a cycle of requires gets the partial exports, as Node gives them.
		registry.set(filename, module);
		if (filename.endsWith('.json')) {
			module.exports = JSON.parse(readFileSync(filename, 'utf8'));
		} else {
			// Compiled in this realm (under jest, the test's), so that the engine's objects, its Dates and
			// Errors, are of the same realm as the workspace's, as when jest or Node load the engine.
			// eslint-disable-next-line @typescript-eslint/no-implied-eval
			const wrapper = new Function(
				'exports',
				'require',
				'module',
				'__filename',
				'__dirname',
				`${readFileSync(filename, 'utf8')}\n//# sourceURL=${filename}`,
			);
			(wrapper as CommonJsWrapper).call(module.exports, module.exports, requireFrom(filename), module, filename, dirname(filename));
		}
		module.loaded = true;
		return module.exports;
	}

	return <T>(path: string): T => {
		const filename = createRequire(join(packageDir, 'package.json')).resolve(join(packageDir, path));
		return (isOwnFile(filename) ? loadOwnFile(filename) : sharedRequire(filename)) as T;
	};
}

/**
 * What every copy shares: the ordinary require of this module (jest's registry under jest, Node's
 * otherwise), given absolute file names or Node's module names.
 */
function sharedRequire(request: string): unknown {
	// eslint-disable-next-line import/no-dynamic-require, @typescript-eslint/no-require-imports
	return require(request);
}
