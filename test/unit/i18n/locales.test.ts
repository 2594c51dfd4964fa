import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';

import { LOCALES } from '../../../i18n/locales';
import { Section, settingDefinitions } from '../../../settings/settings';
import { PROJECT_ROOT } from '../../../workspace/projectPaths';

const I18N = join(PROJECT_ROOT, 'i18n');
type Locale = Record<string, string>;
const readLocale = (name: string): Locale => JSON.parse(readFileSync(join(I18N, `${name}.json`), 'utf8')) as Locale;
const english = readLocale('en');
const localeNames = readdirSync(I18N)
	.filter((name) => name.endsWith('.json'))
	.map((name) => name.slice(0, -'.json'.length));
const translations = localeNames.filter((name) => name !== 'en').map((name) => [name, readLocale(name)] as const);

/**
 * Texts a translation may leave as English wrote them, and in which locales: each is only names
 * and literals, or the same word in that language.
 */
const SAME_AS_ENGLISH: Readonly<Record<string, readonly string[]>> = {
	// The product's name and its version number.
	command_status_title: ['de', 'es', 'fr', 'pt-BR'],
	// French writes it as English does, and Rocket.Chat's French interface calls discussions so.
	room_kind_discussion: ['fr'],
};

/** Names and literals that stay as they are in every language, wherever English writes them. */
const LITERALS = [
	'Room Events',
	'Rocket.Chat',
	'Apps-Engine',
	'/room-events',
	'room.system.view-all',
	'roomEventsAdmission',
	'vm2',
	'X-Room-Events-Signature',
	'X-Room-Events-Timestamp',
	'sha256=HMAC-SHA256(secret, timestamp + "." + body)',
	'action, actor, entity, details',
	'networking',
];

const placeholders = (value: string) => [...value.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
const codeSpans = (value: string) => [...value.matchAll(/`[^`]*`/g)].map((match) => match[0]);
const count = (value: string, literal: string) => value.split(literal).length - 1;
/** A help line's syntax, before the explanation; a bracketed one-word argument ("[reason]") is the reader's to name. */
const helpSyntax = (value: string) =>
	value
		.slice(0, value.lastIndexOf(': '))
		.trim()
		.replace(/\[[^\]\s@|]+\]/g, '[…]');
/** The words of each of the command's forms that are typed as they stand (not @user, #room, <pattern> or [reason]). */
const commandWords = (value: string) => value.split(' | ').map((form) => form.split(' ').filter((word) => !/^[@#<[]/.test(word)));

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

	it('are every one of them in the locales the app writes its texts from, each under its own name', () => {
		expect(Object.keys(LOCALES).sort()).toEqual([...localeNames].sort());
		for (const name of localeNames) {
			expect(LOCALES[name]).toEqual(readLocale(name));
		}
		expect(localeNames.length).toBeGreaterThanOrEqual(5);
	});

	it("are named by Rocket.Chat's language codes, as its client files the app's translations", () => {
		// The Apps-Engine keys a translation by its file name in lower case; Rocket.Chat's client
		// writes the key back as `pt-BR` (language, then region in capitals) to find the reader's
		// language, so a file named that way is found under the code Rocket.Chat itself uses.
		for (const name of localeNames) {
			expect(name).toMatch(/^[a-z]{2,3}(-[A-Z]{2})?$/);
		}
		expect(localeNames).toEqual(expect.arrayContaining(['de', 'en', 'es', 'fr', 'pt-BR']));
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

describe.each(translations)('the %s translation', (name, translation) => {
	const keys = Object.keys(english);

	it("has exactly English's keys", () => {
		expect(Object.keys(translation).sort()).toEqual([...keys].sort());
	});

	it("has English's placeholders in every text", () => {
		const differing = keys.filter((key) => JSON.stringify(placeholders(translation[key] ?? '')) !== JSON.stringify(placeholders(english[key])));
		expect(differing).toEqual([]);
	});

	it('leaves no text empty', () => {
		expect(Object.keys(translation).filter((key) => translation[key].trim() === '')).toEqual([]);
	});

	it('translates every text but those only names and literals', () => {
		const untranslated = keys.filter((key) => translation[key] === english[key]);
		const allowed = Object.keys(SAME_AS_ENGLISH).filter((key) => SAME_AS_ENGLISH[key].includes(name));
		expect(untranslated.sort()).toEqual(allowed.sort());
	});

	it('keeps code spans as English writes them', () => {
		expect(keys.filter((key) => JSON.stringify(codeSpans(translation[key])) !== JSON.stringify(codeSpans(english[key])))).toEqual([]);
	});

	it('keeps names and literals wherever English writes them', () => {
		const changed = keys.flatMap((key) =>
			LITERALS.filter((literal) => count(translation[key], literal) !== count(english[key], literal)).map((literal) => `${key}: ${literal}`),
		);
		expect(changed).toEqual([]);
	});

	it("ends a setting's description with English's example, untranslated", () => {
		const examples = keys.map((key) => [key, /Example: (.+)$/.exec(english[key])?.[1]] as const).filter(([, example]) => example !== undefined);
		expect(examples.length).toBeGreaterThan(10);
		expect(examples.filter(([key, example]) => !translation[key].endsWith(example ?? ''))).toEqual([]);
	});

	it('keeps the words typed in a command as they are, naming only its arguments anew', () => {
		const helpLines = keys.filter((key) => key.startsWith('command_help_') && key !== 'command_help_title');
		expect(helpLines.length).toBeGreaterThan(5);
		expect(helpLines.filter((key) => helpSyntax(translation[key]) !== helpSyntax(english[key]))).toEqual([]);
		expect(commandWords(translation.command_params)).toEqual(commandWords(english.command_params));
	});
});
