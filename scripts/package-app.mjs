// `npm run package`: the app zip under dist/, holding the app's runtime files alone: its code as
// one module (scripts/bundle-app.mjs says why), the manifest, the icon and the translations.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import AdmZip from 'adm-zip';

import { bundleApp } from './bundle-app.mjs';
import { STAGING_ONLY, rcApps, root, stageApp } from './stage-app.mjs';

const stage = stageApp();
// rc-apps still compiles: it type-checks the app and fills the manifest as it always has; only
// the JavaScript it zipped, one file per module, is bundled afterwards.
execFileSync(rcApps, ['package'], { cwd: stage, stdio: 'inherit' });

// rc-apps fills `implements` and `requiredApiVersion` in the staged app.json: keep the
// repository's copy in step so what is committed is what ships.
const manifest = JSON.parse(readFileSync(join(stage, 'app.json'), 'utf8'));
writeFileSync(join(root, 'app.json'), `${JSON.stringify(manifest, null, 4)}\n`);

const zipName = `${manifest.nameSlug}_${manifest.version}.zip`;
const built = new AdmZip(join(stage, 'dist', zipName));
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
	else if (!isCode(item.entryName) && !STAGING_ONLY.includes(item.entryName)) zip.addFile(item.entryName, item.getData());
}
const out = join(root, 'dist', zipName);
mkdirSync(dirname(out), { recursive: true });
zip.writeZip(out);
console.log(`Room Events packaged: ${out} (${zip.getEntries().length} files; ${classFile} bundles ${bundle.bundled.length} compiled modules)`);
if (bundle.unreached.length > 0) console.log(`Not required by any module, so not in the bundle: ${bundle.unreached.join(', ')}`);
