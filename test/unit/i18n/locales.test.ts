import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';

import { LOCALES } from '../../../i18n/locales';
import { Section, settingDefinitions } from '../../../settings/settings';
import { PROJECT_ROOT } from '../../../workspace/projectPaths';

const I18N = join(PROJECT_ROOT, 'i18n');
const english: Record<string, string> = JSON.parse(readFileSync(join(I18N, 'en.json'), 'utf8'));

/** The app's own TypeScript (what ships), read as text to find the text keys it names. */
function appSources(): string {
	const config = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tsconfig.app.json'), 'utf8')) as { files: string[]; include: string[] };
	const folders = [...new Set(config.include.map((pattern) => pattern.split('/')[0]))];
	const files = [...config.files.map((file) => join(PROJECT_ROOT, file)), ...folders.flatMap((folder) => typeScriptIn(join(PROJECT_ROOT, folder)))];
	return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

function typeScriptIn(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) {
			return typeScriptIn(path);
		}
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

describe('the locale files', () => {
	const source = appSources();
	/** Keys written out in the code, and the prefixes of keys it builds (`command_outcome_${outcome}`). */
	const literals = new Set(
		[...source.matchAll(/'((?:command|section|audit|creation|naming|deletion|join|leave|dry|reason|room_kind|list)_[a-z0-9_-]*)'/g)].map(
			(match) => match[1],
		),
	);
	const prefixes = [...source.matchAll(/`([a-z_]+_)\$\{/g)].map((match) => match[1]);
	const definitions = settingDefinitions();
	const settingKeys = new Set<string>([
		...Object.values(Section),
		...definitions.flatMap((definition) => [
			definition.i18nLabel,
			definition.i18nDescription ?? '',
			...(definition.values ?? []).map((value) => value.i18nLabel),
		]),
	]);

	it('are every one of them in the locales the app writes its texts from', () => {
		const files = readdirSync(I18N)
			.filter((name) => name.endsWith('.json'))
			.map((name) => name.slice(0, -'.json'.length));
		expect(Object.keys(LOCALES).sort()).toEqual(files.sort());
	});

	it('have a text for every key the code writes out', () => {
		const textKeys = [...literals].filter((key) => /^(command|reason|room_kind|list)_/.test(key));
		expect(textKeys.length).toBeGreaterThan(70);
		expect(textKeys.filter((key) => english[key] === undefined)).toEqual([]);
	});

	it('hold no key that neither a setting nor the code uses', () => {
		const used = (key: string) => settingKeys.has(key) || literals.has(key) || prefixes.some((prefix) => key.startsWith(prefix));
		expect(Object.keys(english).filter((key) => !used(key))).toEqual([]);
	});
});
