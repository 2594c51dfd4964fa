import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/** The zip `npm run package` wrote (npm test packages first, in its pretest step). */
export function roomEventsZip(): Buffer {
	const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
	const path = join(root, 'dist', `room-events_${version}.zip`);
	if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run package" first.`);
	return readFileSync(path);
}

/** Polls until `check` stops throwing: post events run unawaited inside the engine. */
export async function eventually(check: () => void, turns = 2000): Promise<void> {
	for (let turn = 0; ; turn += 1) {
		try {
			check();
			return;
		} catch (error) {
			if (turn >= turns) throw error;
			await new Promise((done) => setTimeout(done, 5));
		}
	}
}
