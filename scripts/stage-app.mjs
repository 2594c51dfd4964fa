// Stages the app's runtime files into a folder of their own for rc-apps: rc-apps compiles and
// zips every .ts under the folder it runs in (tests, tooling), so it never runs at the root.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const stage = join(root, 'build', 'app');
/**
 * The app's code is what tsconfig.app.json compiles (with no Node or jest types, so a Node-only
 * import fails its type check rather than the install); everything else in the repository is
 * tooling. Its `files` and the top folders of its `include` patterns are staged.
 */
const appConfig = JSON.parse(readFileSync(join(root, 'tsconfig.app.json'), 'utf8'));
export const APP_CODE = [...appConfig.files, ...new Set(appConfig.include.map((pattern) => pattern.split('/')[0]))];
/** What the app is made of at run time: its code, manifest, icon and translations. */
export const APP_SOURCES = [...APP_CODE, 'app.json', 'icon.png', 'i18n'];
/** rc-apps needs package.json to read the Apps-Engine version; the zip does not. */
export const STAGING_ONLY = ['package.json'];
export const rcApps = join(root, 'node_modules', '.bin', 'rc-apps');

/** Stages the app into `into` (build/app unless given), emptied first; answers the folder. */
export function stageApp(into = stage) {
	rmSync(into, { recursive: true, force: true });
	mkdirSync(into, { recursive: true });
	for (const entry of [...APP_SOURCES, ...STAGING_ONLY]) {
		if (existsSync(join(root, entry))) cpSync(join(root, entry), join(into, entry), { recursive: true });
	}
	writeStagedLocales(join(into, 'i18n'));
	// The compiler checks app.json's permissions against the engine's server-side list, which
	// the definitions-only @rocket.chat/apps-engine lacks. The staged package pairs the current
	// definitions with the server folder of the 1.62.0 runtime, whose list has the permissions the
	// app asks for (room.system.view-all, to list rooms, is newer than 1.42.1; that runtime ignores it).
	const stagedEngine = join(into, 'node_modules', '@rocket.chat', 'apps-engine');
	mkdirSync(stagedEngine, { recursive: true });
	for (const [name, target] of [
		['package.json', join(root, 'node_modules', '@rocket.chat', 'apps-engine', 'package.json')],
		['definition', join(root, 'node_modules', '@rocket.chat', 'apps-engine', 'definition')],
		['server', join(root, 'node_modules', 'apps-engine-deno', 'server')],
	]) {
		symlinkSync(target, join(stagedEngine, name));
	}
	return into;
}

/**
 * rc-apps compiles TypeScript only, and i18n/locales.ts imports the locale files as JSON: the
 * staged copy has their contents written in, so the texts the app writes at run time are the
 * ones Rocket.Chat shows for its settings.
 */
function writeStagedLocales(folder) {
	const locales = Object.fromEntries(
		readdirSync(folder)
			.filter((name) => name.endsWith('.json'))
			.sort()
			.map((name) => [name.slice(0, -'.json'.length), JSON.parse(readFileSync(join(folder, name), 'utf8'))]),
	);
	writeFileSync(
		join(folder, 'locales.ts'),
		`// Staged from i18n/*.json by scripts/stage-app.mjs.\nexport const LOCALES: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(locales)};\n`,
	);
}
