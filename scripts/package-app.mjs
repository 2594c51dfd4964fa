// `npm run package`: the app zip under dist/, holding the app's runtime files alone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import AdmZip from 'adm-zip';

import { STAGING_ONLY, rcApps, root, stageApp } from './stage-app.mjs';

const stage = stageApp();
execFileSync(rcApps, ['package'], { cwd: stage, stdio: 'inherit' });

// rc-apps fills `implements` and `requiredApiVersion` in the staged app.json: keep the
// repository's copy in step so what is committed is what ships.
const manifest = JSON.parse(readFileSync(join(stage, 'app.json'), 'utf8'));
writeFileSync(join(root, 'app.json'), `${JSON.stringify(manifest, null, 4)}\n`);

const zipName = `${manifest.nameSlug}_${manifest.version}.zip`;
const built = new AdmZip(join(stage, 'dist', zipName));
const zip = new AdmZip();
for (const item of built.getEntries()) {
	if (!STAGING_ONLY.includes(item.entryName)) zip.addFile(item.entryName, item.getData());
}
const out = join(root, 'dist', zipName);
mkdirSync(dirname(out), { recursive: true });
zip.writeZip(out);
console.log(`Room Events packaged: ${out} (${zip.getEntries().length} files)`);
