import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { PROJECT_ROOT } from '../../../workspace/projectPaths';

interface LintCase {
	file: string;
	code: string;
}

/**
 * ESLint loads its flat config with a dynamic import, which jest's module system does not run:
 * the cases are linted by the project's ESLint in a child process, all in one go.
 */
async function lint(cases: LintCase[]): Promise<string[][]> {
	const script = `
		import { ESLint } from 'eslint';
		import { join } from 'node:path';
		// The probes are no files of the project: parsed without type information, by the two rules under test.
		const eslint = new ESLint({
			cwd: process.cwd(),
			ruleFilter: ({ ruleId }) => ['import/no-restricted-paths', 'no-restricted-syntax'].includes(ruleId),
			overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
		});
		const cases = JSON.parse(process.argv[1]);
		const results = [];
		for (const { file, code } of cases) {
			const [result] = await eslint.lintText(code, { filePath: join(process.cwd(), file) });
			results.push(result.messages.map((message) => message.ruleId + ': ' + message.message));
		}
		console.log(JSON.stringify(results));`;
	const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], { cwd: PROJECT_ROOT });
	return JSON.parse(stdout) as string[][];
}

const importOf = (target: string) => `import type { X } from '${target}';\n\nexport type Y = X;\n`;
const USERNAMES_READ = 'export const count = (room: { usernames: string[] }): number => room.usernames.length;\n';

const BACK_EDGES: Array<[string, string]> = [
	['lib/probe.ts', '../settings/settings'],
	['settings/probe.ts', '../policy/decision'],
	['policy/probe.ts', '../audit/auditRecord'],
	['audit/probe.ts', '../handlers/appContext'],
	['handlers/probe.ts', '../RoomEventsApp'],
];
const DOWNWARD: Array<[string, string]> = [
	['handlers/probe.ts', '../policy/decision'],
	['policy/probe.ts', '../lib/namePattern'],
	['audit/probe.ts', '../settings/settings'],
];
const USERNAMES: Array<[string, string]> = [
	['a member access', USERNAMES_READ],
	['an object property', 'export const members = { usernames: [] as string[] };\n'],
];

describe('lint rules of app code', () => {
	let results: string[][];

	beforeAll(async () => {
		results = await lint([
			...BACK_EDGES.map(([file, target]) => ({ file, code: importOf(target) })),
			...DOWNWARD.map(([file, target]) => ({ file, code: importOf(target) })),
			...USERNAMES.map(([, code]) => ({ file: 'policy/probe.ts', code })),
			{ file: 'workspace/probe.ts', code: USERNAMES_READ },
		]);
	});

	it.each(BACK_EDGES.map((edge, index) => [...edge, index] as const))('refuse a back edge between app layers: %s importing %s', (file, target, index) => {
		expect(results[index]).toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*App layers depend one way/)]);
	});

	it.each(DOWNWARD.map((edge, index) => [...edge, BACK_EDGES.length + index] as const))(
		'allow an import down the layers: %s importing %s',
		(file, target, index) => {
			expect(results[index]).toEqual([]);
		},
	);

	it.each(USERNAMES.map(([what], index) => [what, BACK_EDGES.length + DOWNWARD.length + index] as const))(
		'refuse a property named usernames in app code (%s), with the reason',
		(what, index) => {
			expect(results[index]).toEqual(
				expect.arrayContaining([expect.stringMatching(/^no-restricted-syntax: No property may be named "usernames".*subprocess runtime/)]),
			);
		},
	);

	it('let tooling and tests read room.usernames', () => {
		expect(results[results.length - 1]).toEqual([]);
	});
});
