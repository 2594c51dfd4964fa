// Bundles the JavaScript rc-apps compiled into one module, so that both runtimes run one file:
// the vm2 runtime (Apps-Engine 1.42.1) runs every required app module in a NodeVM of its own,
// without a module cache, so each call between two modules crosses vm2's bridge (Room Events cost
// 6.5–10× a no-op app per event there, about 2× as one module); the Deno runtime re-bundles a
// multi-file zip at install, minified (which is what breaks `.usernames` accesses), and runs a
// single file as it is.
import { posix } from 'node:path';

import { build } from 'esbuild';

/** Both runtimes provide the Apps-Engine definitions to the app: they stay runtime requires. */
const PROVIDED = /^@rocket\.chat\/apps-engine\//;
const NAMESPACE = 'app';

/**
 * The compiled modules (zip entry name → source) as one CommonJS module, unminified: stack traces
 * stay readable, and the Deno runtime does not bundle a single file again. Anything the modules
 * require besides each other and the Apps-Engine definitions is refused, since neither runtime
 * lets an app require it (Node built-ins, npm packages).
 */
export async function bundleApp(files, entry) {
	const result = await build({
		entryPoints: [entry],
		bundle: true,
		write: false,
		format: 'cjs',
		// Resolution is all the plugin's: no Node built-in may pass as external on its own.
		platform: 'neutral',
		// What rc-apps 1.9.0 compiles to, so esbuild lowers nothing and adds no newer syntax.
		target: 'es2017',
		minify: false,
		// Messages keep their ·, → and quotes as written rather than \u escapes.
		charset: 'utf8',
		metafile: true,
		logLevel: 'silent',
		plugins: [appModules(files, entry)],
	});
	for (const warning of result.warnings) console.warn(`esbuild: ${warning.text}`);
	const bundled = Object.keys(result.metafile.inputs).map((input) => input.slice(`${NAMESPACE}:`.length));
	// A module nothing requires is one TypeScript left empty (types only) or dead code: said, not shipped.
	return { code: result.outputFiles[0].text, bundled, unreached: Object.keys(files).filter((name) => !bundled.includes(name)) };
}

function appModules(files, entry) {
	return {
		name: 'room-events-app-modules',
		setup(plugin) {
			plugin.onResolve({ filter: /.*/ }, (args) => {
				if (args.kind === 'entry-point') return { path: entry, namespace: NAMESPACE };
				if (PROVIDED.test(args.path)) return { path: args.path, external: true };
				const found = args.path.startsWith('.') ? moduleFile(files, posix.join(posix.dirname(args.importer), args.path)) : undefined;
				if (found) return { path: found, namespace: NAMESPACE };
				return {
					errors: [
						{
							text: `${args.importer} requires "${args.path}", which is neither a module of the app nor @rocket.chat/apps-engine/*: neither runtime lets an app require it.`,
						},
					],
				};
			});
			plugin.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: files[args.path], loader: 'js' }));
		},
	};
}

/** The zip entry a relative require names, as Node would find it: `x.js`, `x` or `x/index.js`. */
function moduleFile(files, path) {
	return [`${path}.js`, path, `${path}/index.js`].find((candidate) => Object.hasOwn(files, candidate));
}
