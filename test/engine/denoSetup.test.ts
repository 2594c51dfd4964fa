import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { PROJECT_ROOT } from '../../workspace/projectPaths';

const engineDir = dirname(require.resolve('apps-engine-deno/package.json'));

describe('the Deno runtime set-up (npm install runs it, and npm test before the tests)', () => {
	it('is idempotent: a second run finds the runtime ready and changes nothing', async () => {
		const config = readFileSync(join(engineDir, 'deno-runtime', 'deno.jsonc'), 'utf8');
		const { stdout } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'scripts', 'setup-deno-runtime.mjs')]);
		expect(stdout).toContain('Deno runtime of Apps-Engine 1.62.0 is ready');
		expect(readFileSync(join(engineDir, 'deno-runtime', 'deno.jsonc'), 'utf8')).toBe(config);
	});

	it('points the imports the runtime cannot fetch offline at the project stand-ins, and the engine at its compiled files', () => {
		const { imports } = JSON.parse(readFileSync(join(engineDir, 'deno-runtime', 'deno.jsonc'), 'utf8')) as { imports: Record<string, string> };
		expect(imports).toMatchObject({
			'@std/cli/parse-args': './room-events-stand-ins/cli-parse-args.js',
			'@std/io': './room-events-stand-ins/io-write-all.js',
			'@std/streams': './room-events-stand-ins/streams-to-array-buffer.js',
			'@rocket.chat/apps-engine/': './../',
			'@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts': './room-events-stand-ins/apps-engine-exception.js',
		});
		expect(Object.values(imports).filter((target) => target.startsWith('jsr:'))).toEqual([]);
	});
});
