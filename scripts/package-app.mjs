// Packages the app with rc-apps from a staging folder that holds only the app's runtime
// files: rc-apps compiles and zips every .ts under the folder it runs in (tests, tooling),
// so it must never run at the project root.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, 'build', 'app');
/** What the app is made of at run time; everything else in the repository is tooling. */
export const APP_SOURCES = ['RoomEventsApp.ts', 'app.json', 'icon.png', 'i18n', 'handlers', 'settings', 'policy', 'audit'];
/** rc-apps needs package.json to read the Apps-Engine version; the zip does not. */
const STAGING_ONLY = ['package.json'];

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const entry of [...APP_SOURCES, ...STAGING_ONLY]) {
	if (existsSync(join(root, entry))) cpSync(join(root, entry), join(stage, entry), { recursive: true });
}

// The compiler checks app.json's permissions against the engine's server-side list, which
// the definitions-only @rocket.chat/apps-engine lacks. The staged package pairs the current
// definitions with the server folder of the 1.42.1 runtime, which has that list.
const stagedEngine = join(stage, 'node_modules', '@rocket.chat', 'apps-engine');
mkdirSync(stagedEngine, { recursive: true });
for (const [name, target] of [
	['package.json', join(root, 'node_modules', '@rocket.chat', 'apps-engine', 'package.json')],
	['definition', join(root, 'node_modules', '@rocket.chat', 'apps-engine', 'definition')],
	['server', join(root, 'node_modules', 'apps-engine-runtime', 'server')],
]) {
	symlinkSync(target, join(stagedEngine, name));
}

const rcApps = join(root, 'node_modules', '.bin', 'rc-apps');
execFileSync(rcApps, ['package'], { cwd: stage, stdio: 'inherit' });

// rc-apps fills `implements` and `requiredApiVersion` in the staged app.json: keep the
// repository's copy in step so what is committed is what ships.
const stagedManifest = JSON.parse(readFileSync(join(stage, 'app.json'), 'utf8'));
writeFileSync(join(root, 'app.json'), `${JSON.stringify(stagedManifest, null, 4)}\n`);

const built = new AdmZip(join(stage, 'dist', `${stagedManifest.nameSlug}_${stagedManifest.version}.zip`));
const zip = new AdmZip();
for (const item of built.getEntries()) {
	if (!STAGING_ONLY.includes(item.entryName)) zip.addFile(item.entryName, item.getData());
}
const out = join(root, 'dist', `${stagedManifest.nameSlug}_${stagedManifest.version}.zip`);
mkdirSync(dirname(out), { recursive: true });
zip.writeZip(out);
console.log(`Room Events packaged: ${out}`);
console.log(zip.getEntries().map((e) => `  ${e.entryName}`).join('\n'));
