import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isValidRoomName } from '../../../lib/roomName';
import type { SettingSpec } from '../../../settings/settings';
import { SETTINGS } from '../../../settings/settings';
import { PROJECT_ROOT } from '../../../workspace/projectPaths';

/** A row of the README's settings tables: `| Setting | id | Type | Default | … |`. */
interface SettingRow {
	readonly id: string;
	readonly type: string;
	readonly defaultValue: string;
	readonly example: string;
}

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const rows = new Map<string, SettingRow>(
	readme
		.split('\n')
		.map((line) => /^\| [^|]+ \| `([a-z_]+)` \| ([^|]+) \| ([^|]+) \|([^|]*)\|/.exec(line))
		.filter((match): match is RegExpExecArray => match !== null)
		.map(([, id, type, defaultValue, example]): [string, SettingRow] => [id, { id, type: type.trim(), defaultValue: defaultValue.trim(), example: example.trim() }]),
);

/** How the README writes a default value: on/off, `value`, `0` (off), or — for nothing. */
function documentedDefault(spec: SettingSpec<unknown>): string {
	if (typeof spec.packageValue === 'boolean') return spec.packageValue ? 'on' : 'off';
	if (spec.packageValue === '') return '—';
	if (spec.packageValue === 0) return '`0` (off)';
	return `\`${String(spec.packageValue)}\``;
}

const specs: Array<SettingSpec<unknown>> = Object.values(SETTINGS);

describe('README settings tables', () => {
	it.each(specs.map((spec) => [spec.id, spec]))('document %s with its type and default', (id, spec) => {
		const row = rows.get(id as string);
		expect(row).toBeDefined();
		const { kind } = spec as SettingSpec<unknown>;
		expect(row?.type.startsWith(kind)).toBe(true);
		expect(row?.defaultValue).toBe(documentedDefault(spec as SettingSpec<unknown>));
	});

	it('document no setting the app does not have', () => {
		expect([...rows.keys()].filter((id) => !specs.some((spec) => spec.id === id))).toEqual([]);
	});
});

/** The value an example starts with, when it starts with one: `secret-*, *-archive` … */
function exampleValue(example: string): string | undefined {
	return /^`([^`]+)`/.exec(example)?.[1];
}

describe('README examples', () => {
	const examples = specs
		.filter((spec) => spec.kind !== 'boolean')
		.map((spec) => [spec.id, spec, exampleValue(rows.get(spec.id)?.example ?? '')] as const)
		.filter(([, , value]) => value !== undefined);

	it('give most settings an example value', () => {
		expect(examples.length).toBeGreaterThan(20);
	});

	it.each(examples)('the example of %s is a value its parser takes', (id, spec, value) => {
		// Rule examples are one rule line; a multi-rule setting takes them one per line.
		expect((spec as SettingSpec<unknown>).parse(value)).toEqual(expect.objectContaining({ ok: true }));
	});

	it.each([...rows.values()].flatMap((row) => [...row.example.matchAll(/`([^`]+)` → `([^`]+)`/g)].map((match) => [row.id, match[1], match[2]])))(
		'the rename example of %s starts from a name Rocket.Chat accepts: %s → %s',
		(id, from, to) => {
			expect(isValidRoomName(from)).toBe(true);
			expect(isValidRoomName(to)).toBe(true);
		},
	);
});
