// Makes the Deno runtime of Apps-Engine 1.62.0 (npm alias apps-engine-deno) start offline, as
// Rocket.Chat 8.4–8.7 run apps. Run by `npm install` (postinstall), and before npm test and
// npm start; safe to run again: it does the work only when the engine, Deno or the stand-ins
// changed since the last run.
//
// What the published package lacks, and what this does about it:
// - deno-runtime/deno.jsonc imports jsr:@std/cli, jsr:@std/io and jsr:@std/streams, which the
//   runtime's `--cached-only` start cannot fetch: they are remapped to the project's stand-ins
//   (workspace/engine/deno-stand-ins), copied beside the runtime where its --allow-read reaches.
// - It maps @rocket.chat/apps-engine/ to ../src/, TypeScript sources the package does not
//   ship: it is remapped to the package's compiled files, and the one value import from src/
//   (AppsEngineException) to a stand-in re-exporting the compiled class.
// - Its npm: imports are cached into the runtime's DENO_DIR (<engine>/.deno-cache) with
//   `deno install --config`: without --config Deno would take the project's package.json
//   for its own and rewrite the project's node_modules.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

const EXPECTED_ENGINE = '1.62.0';
const STAND_INS = join(root, 'workspace', 'engine', 'deno-stand-ins');
const STAND_IN_DIR = 'room-events-stand-ins';

function fail(message) {
	console.error(`setup-deno-runtime: ${message}`);
	process.exit(1);
}

/** Where the host finds what this set up (the record the engine host reads, see workspace/engine/runtimes). */
const SETUP_RECORD = '.room-events-setup.json';

/** The `deno` package links its platform's binary in place at install; its own API does it when npm skipped that. */
function denoExecutable() {
	const linked = join(dirname(require.resolve('deno/package.json')), 'deno');
	return existsSync(linked) ? linked : require('deno/install_api.cjs').runInstall();
}

const engineDir = dirname(require.resolve('apps-engine-deno/package.json'));
const engine = JSON.parse(readFileSync(join(engineDir, 'package.json'), 'utf8'));
if (engine.version !== EXPECTED_ENGINE) fail(`apps-engine-deno is ${engine.version}, expected ${EXPECTED_ENGINE}: the stand-ins fit that release.`);

const runtimeDir = join(engineDir, 'deno-runtime');
const config = join(runtimeDir, 'deno.jsonc');
// The published config, kept once so that every run patches the original, never its own output.
const publishedConfig = join(runtimeDir, 'deno.published.jsonc');
if (!existsSync(publishedConfig)) copyFileSync(config, publishedConfig);

const deno = denoExecutable();
const denoVersion = execFileSync(deno, ['--version'], { encoding: 'utf8' }).split('\n')[0];
const standIns = readdirSync(STAND_INS).sort();
const fingerprint = createHash('sha256')
	.update(JSON.stringify({ engine: engine.version, denoVersion, published: readFileSync(publishedConfig, 'utf8') }))
	.update(standIns.map((name) => readFileSync(join(STAND_INS, name), 'utf8')).join('\0'))
	.digest('hex');
const recordPath = join(engineDir, SETUP_RECORD);
const cache = join(engineDir, '.deno-cache');
const previous = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : undefined;
if (previous?.fingerprint === fingerprint && previous.deno === deno && existsSync(cache)) {
	console.log(`Deno runtime of Apps-Engine ${engine.version} is ready (${denoVersion}).`);
	process.exit(0);
}

rmSync(join(runtimeDir, STAND_IN_DIR), { recursive: true, force: true });
mkdirSync(join(runtimeDir, STAND_IN_DIR));
for (const name of standIns) copyFileSync(join(STAND_INS, name), join(runtimeDir, STAND_IN_DIR, name));

// deno.jsonc is plain JSON in this release; a comment would make this parse fail loudly.
const published = JSON.parse(readFileSync(publishedConfig, 'utf8'));
const standIn = (name) => `./${STAND_IN_DIR}/${name}`;
const imports = {
	...published.imports,
	'@std/cli': standIn('cli-parse-args.js'),
	'@std/cli/parse-args': standIn('cli-parse-args.js'),
	'@std/io': standIn('io-write-all.js'),
	'@std/streams': standIn('streams-to-array-buffer.js'),
	'@rocket.chat/apps-engine/': './../',
	'@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts': standIn('apps-engine-exception.js'),
};
writeFileSync(config, `${JSON.stringify({ ...published, imports }, null, '\t')}\n`);

try {
	execFileSync(deno, ['install', '--config', config, '--entrypoint', 'main.ts'], {
		cwd: runtimeDir,
		env: { ...process.env, DENO_DIR: cache, DENO_NO_UPDATE_CHECK: '1' },
		stdio: ['ignore', 'ignore', 'inherit'],
	});
} catch (error) {
	fail(`caching the runtime's npm packages failed (deno install, exit ${error.status}); it needs the npm registry once.`);
}
writeFileSync(recordPath, `${JSON.stringify({ fingerprint, engine: engine.version, deno, denoVersion, denoDir: cache }, null, '\t')}\n`);
console.log(`Deno runtime of Apps-Engine ${engine.version} set up offline (${denoVersion}, cache ${cache}).`);
