import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { SettingSpec } from '../../../settings/settings';
import { SETTINGS } from '../../../settings/settings';
import { PROJECT_ROOT } from '../../../workspace/projectPaths';

/** A row of the README's settings tables: `| Setting | id | Type | Default | … |`. */
interface SettingRow {
	readonly id: string;
	readonly type: string;
	readonly defaultValue: string;
}

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const rows = new Map<string, SettingRow>(
	readme
		.split('\n')
		.map((line) => /^\| [^|]+ \| `([a-z_]+)` \| ([^|]+) \| ([^|]+) \|/.exec(line))
		.filter((match): match is RegExpExecArray => match !== null)
		.map(([, id, type, defaultValue]): [string, SettingRow] => [id, { id, type: type.trim(), defaultValue: defaultValue.trim() }]),
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
