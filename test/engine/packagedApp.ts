import { existsSync, readFileSync, readdirSync } from 'node:fs';

import { packagedAppPath } from '../../workspace/projectPaths';

/** The zip `npm run package` wrote (npm test packages first, in its pretest step). */
export function roomEventsZip(): Buffer {
	const path = packagedAppPath();
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

/** Deno subprocesses this test process started that still run (Linux: read from /proc). */
export function runningDenoChildren(): number[] {
	const children: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// The parent id is the 4th field of /proc/<pid>/stat, after the command in parentheses.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (parent === process.pid && command.includes('deno-runtime/main.ts')) children.push(Number(entry));
		} catch {
			// The process ended while being read.
		}
	}
	return children;
}
