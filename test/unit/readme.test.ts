import { readFileSync } from 'fs';
import { join } from 'path';

import { settingDefinitions } from '../../settings/settings';

describe('README', () => {
	const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

	it.each(settingDefinitions().map((setting) => setting.id))('documents the setting %s in a settings table', (id) => {
		expect(readme).toMatch(new RegExp(`^\\|[^\\n]*\\| \`${id}\` \\|`, 'm'));
	});
});
