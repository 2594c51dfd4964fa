// Where the workspace finds the project's files, whether it runs from its sources (jest) or
// compiled into build/workspace (npm start).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findProjectRoot(from: string): string {
	for (let folder = from; ; folder = dirname(folder)) {
		if (existsSync(join(folder, 'package.json'))) return folder;
		if (dirname(folder) === folder) throw new Error(`No package.json above ${from}: the workspace must run inside the project.`);
	}
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

/** The web console's files (static, served at `/`). */
export const CONSOLE_DIR = join(PROJECT_ROOT, 'workspace', 'console');

/** The zip `npm run package` writes for the app of the project's app.json. */
export function packagedAppPath(): string {
	const { nameSlug, version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
	return join(PROJECT_ROOT, 'dist', `${nameSlug}_${version}.zip`);
}
