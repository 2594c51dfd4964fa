// `npm run package`: the app zip under dist/, holding the app's runtime files alone: its code as
// one module (scripts/bundle-app.mjs says why), the manifest, the icon and the translations.
// `npm run package -- --essentials IPreRoomUserJoined,…` writes a zip of its own whose manifest
// lists those events as essentials (scripts/app-essentials.mjs says what that does).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import AdmZip from 'adm-zip';

import { parsePackageArgs } from './app-essentials.mjs';
import { bundleApp } from './bundle-app.mjs';
import { STAGING_ONLY, rcApps, root, stageApp } from './stage-app.mjs';

let essentials;
try {
	({ essentials } = parsePackageArgs(process.argv.slice(2), JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')).implements));
} catch (error) {
	console.error(`npm run package: ${error.message}`);
	process.exit(1);
}

// An essentials zip is staged apart, so that building it never disturbs build/app (the usual zip's stage, which rc-apps deploys).
const stage = stageApp(essentials ? join(root, 'build', 'app-essentials') : undefined);
// rc-apps still compiles: it type-checks the app and fills the manifest as it always has; only
// the JavaScript it zipped, one file per module, is bundled afterwards.
execFileSync(rcApps, ['package'], { cwd: stage, stdio: 'inherit' });

// rc-apps fills `implements` and `requiredApiVersion` in the staged app.json: keep the
// repository's copy in step so what is committed is what ships.
const manifest = JSON.parse(readFileSync(join(stage, 'app.json'), 'utf8'));
const manifestText = `${JSON.stringify(manifest, null, 4)}\n`;
// Written only when it changed: a file being rewritten is briefly empty to whoever reads it then.
if (readFileSync(join(root, 'app.json'), 'utf8') !== manifestText) writeFileSync(join(root, 'app.json'), manifestText);

const builtName = `${manifest.nameSlug}_${manifest.version}.zip`;
const built = new AdmZip(join(stage, 'dist', builtName));
const isCode = (name) => name.endsWith('.js');
const compiled = Object.fromEntries(
	built
		.getEntries()
		.filter((item) => isCode(item.entryName))
		.map((item) => [item.entryName, item.getData().toString('utf8')]),
);
// Both runtimes load the compiled name of app.json's classFile, and take its first export as the App class.
const classFile = manifest.classFile.replace(/\.ts$/, '.js');
const bundle = await bundleApp(compiled, classFile);

const zip = new AdmZip();
for (const item of built.getEntries()) {
	if (item.entryName === classFile) zip.addFile(classFile, Buffer.from(bundle.code, 'utf8'));
	else if (item.entryName === 'app.json' && essentials)
		zip.addFile('app.json', Buffer.from(`${JSON.stringify({ ...manifest, essentials }, null, 4)}\n`, 'utf8'));
	else if (!isCode(item.entryName) && !STAGING_ONLY.includes(item.entryName)) zip.addFile(item.entryName, item.getData());
}
// A zip with essentials is named apart, so that the usual zip (which tests, npm start and deploys use) stays as it is.
const out = join(root, 'dist', essentials ? builtName.replace(/\.zip$/, '-essentials.zip') : builtName);
mkdirSync(dirname(out), { recursive: true });
zip.writeZip(out);
console.log(`Room Events packaged: ${out} (${zip.getEntries().length} files; ${classFile} bundles ${bundle.bundled.length} compiled modules)`);
if (essentials) console.log(`Essentials: ${essentials.join(', ')}. While the app is installed and disabled, Rocket.Chat refuses these events to everyone.`);
if (bundle.unreached.length > 0) console.log(`Not required by any module, so not in the bundle: ${bundle.unreached.join(', ')}`);
