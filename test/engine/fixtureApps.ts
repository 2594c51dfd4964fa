import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { PROJECT_ROOT as root } from '../../workspace/projectPaths';

/**
 * Packages a fixture app of test/fixtures the way scripts/package-app.mjs packages Room Events:
 * rc-apps runs in a staging folder holding only the app's files, with @rocket.chat/apps-engine
 * pointing at the 1.42.1 engine (the folder sits under build/ so rc-apps finds TypeScript).
 */
export async function packageFixtureApp(fixture: string): Promise<Buffer> {
	mkdirSync(join(root, 'build'), { recursive: true });
	const stage = mkdtempSync(join(root, 'build', `${fixture}-`));
	try {
		cpSync(join(root, 'test', 'fixtures', fixture), stage, { recursive: true });
		const { nameSlug, version } = JSON.parse(readFileSync(join(stage, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
		const manifest = { name: nameSlug, private: true, devDependencies: { '@rocket.chat/apps-engine': '^1.42.1' } };
		writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest));
		mkdirSync(join(stage, 'node_modules', '@rocket.chat'), { recursive: true });
		symlinkSync(join(root, 'node_modules', 'apps-engine-vm2'), join(stage, 'node_modules', '@rocket.chat', 'apps-engine'), 'dir');
		await promisify(execFile)(join(root, 'node_modules', '.bin', 'rc-apps'), ['package'], { cwd: stage });
		return readFileSync(join(stage, 'dist', `${nameSlug}_${version}.zip`));
	} finally {
		rmSync(stage, { recursive: true, force: true });
	}
}
