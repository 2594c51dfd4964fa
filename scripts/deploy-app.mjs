// `npm run deploy`: packages and uploads the app with rc-apps deploy (add `-- --update` once
// installed). The workspace and credentials come from RC_URL with RC_USERNAME and RC_PASSWORD
// (or RC_USER_ID and RC_TOKEN), or from a .rcappsconfig at the root, which git ignores so
// credentials never land in the repository.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { rcApps, root, stageApp } from './stage-app.mjs';

const { RC_URL, RC_USERNAME, RC_PASSWORD, RC_USER_ID, RC_TOKEN } = process.env;
const rootConfig = join(root, '.rcappsconfig');

function credentials() {
	if (RC_URL && RC_USER_ID && RC_TOKEN) return { url: RC_URL, userId: RC_USER_ID, token: RC_TOKEN };
	if (RC_URL && RC_USERNAME && RC_PASSWORD) return { url: RC_URL, username: RC_USERNAME, password: RC_PASSWORD };
	return undefined;
}

const fromEnvironment = credentials();
if (!fromEnvironment && !existsSync(rootConfig)) {
	console.error('Set RC_URL with RC_USERNAME and RC_PASSWORD (or RC_USER_ID and RC_TOKEN), or write a .rcappsconfig at the root.');
	process.exit(2);
}
const stage = stageApp();
// rc-apps 1.9.0 reads a token login from .rcappsconfig only (its --userid flag is never read).
if (fromEnvironment) writeFileSync(join(stage, '.rcappsconfig'), JSON.stringify(fromEnvironment));
else copyFileSync(rootConfig, join(stage, '.rcappsconfig'));
try {
	execFileSync(rcApps, ['deploy', ...process.argv.slice(2)], { cwd: stage, stdio: 'inherit' });
} catch (error) {
	// rc-apps has printed why; pass its exit code on without a stack trace.
	process.exit(error.status ?? 1);
}
