// Makes `rc-apps package`, `rc-apps deploy` (and watch, submit) typed at the project root stop at
// once with one line naming `npm run package` and `npm run deploy`. Run by `npm install`
// (postinstall); safe to run again.
//
// Why at the root they cannot work: rc-apps 1.9.0 (its compiler, @rocket.chat/apps-compiler
// 0.1.7) compiles and zips every .ts file under the folder it runs in, skipping only paths with
// node_modules or .git in them and top-level dot-names. It reads no ignore file: not
// .rcappsignore, and not the `ignoredFiles` of .rcappsconfig, which only `rc-apps watch` uses
// (RocketChat/Rocket.Chat.Apps-cli#131). At the root that is the tests (jest globals) and the
// local workspace (Node built-ins), so it fails, and with an error that does not say so
// ("Cannot find module '@rocket.chat/apps-engine/server/permissions/AppPermissions'": the
// definitions-only engine package ships no server/ folder). `npm run package` stages the app's
// own files and runs rc-apps there (scripts/stage-app.mjs).
//
// How it stops: the first thing rc-apps' compiler loads from the project is that module, from
// the folder it runs in. Only the root resolves it to the definitions package (a staged copy
// has an engine of its own), so a module written there is reached by rc-apps at the root alone,
// before it compiles, zips, or uploads anything.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const GUARD_PATH = join(root, 'node_modules', '@rocket.chat', 'apps-engine', 'server', 'permissions', 'AppPermissions.js');
const MARKER = '// room-events: rc-apps at the project root';

export const ROOT_MESSAGE =
	'rc-apps cannot build Room Events at the project root (it would compile the tests and the local workspace into the app): run `npm run package` for the zip, `npm run deploy` to upload it.';

// rc-apps' progress line ("packaging your app...") would end in "done" as the process exits: it is ended first.
const GUARD = `${MARKER} (written by scripts/guard-rc-apps-root.mjs; npm install writes it again).
try {
	require.main.require('cli-ux').default.action.stop('stopped');
} catch {
	// Not run by rc-apps: there is no progress line to end.
}
process.stderr.write(${JSON.stringify(`${ROOT_MESSAGE}
`)});
process.exit(2);
`;

export function guardRcAppsRoot() {
	if (existsSync(GUARD_PATH) && !readFileSync(GUARD_PATH, 'utf8').startsWith(MARKER)) {
		// A definitions package that ships the engine's server again: rc-apps at the root would then compile the whole tree.
		console.warn(
			`guard-rc-apps-root: ${GUARD_PATH} is the engine's own; rc-apps at the project root is not stopped. Use npm run package / npm run deploy.`,
		);
		return false;
	}
	mkdirSync(dirname(GUARD_PATH), { recursive: true });
	writeFileSync(GUARD_PATH, GUARD);
	return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) guardRcAppsRoot();
