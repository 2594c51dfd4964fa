import { LOCALES } from '../i18n/locales';

/**
 * Texts the app writes itself at run time (command answers, refusals shown to users), in the
 * reader's language. They live in i18n/<language>.json with the settings' labels, which
 * Rocket.Chat reads from the same files. Placeholders are written `{{name}}`; a parameter may be
 * a text of its own (translated in the same language) or a list, joined with the locale's "or".
 */
export interface Text {
	readonly key: string;
	readonly params?: TextParams;
}

export type TextParam = string | number | Text | { readonly anyOf: readonly string[] };
export type TextParams = Readonly<Record<string, TextParam>>;

export const DEFAULT_LANGUAGE = 'en';

/** The audit trail is one record for every reader: written in English, whoever acted. */
export const AUDIT_LANGUAGE = DEFAULT_LANGUAGE;

export function text(key: string, params?: TextParams): Text {
	return params ? { key, params } : { key };
}

/** The locale the app has for a Rocket.Chat language code, among the locale files it ships. */
export function localeOf(language: string | undefined): string {
	return localeAmong(Object.keys(LOCALES), language);
}

/**
 * The locale for a language code among `locales`: the code itself, in any case ("pt-br" →
 * "pt-BR"); else its language alone ("de-AT" → "de"); else another region of that language
 * ("pt-PT" → "pt-BR", nearer the reader than English); else English. The order of `locales`
 * never decides: a language's own locale wins over its regions, and regions go alphabetically.
 */
export function localeAmong(locales: readonly string[], language: string | undefined): string {
	if (!language) {
		return DEFAULT_LANGUAGE;
	}
	const wanted = language.replace(/_/g, '-').toLowerCase();
	const base = baseLanguage(wanted);
	const sorted = [...locales].sort();
	return (
		sorted.find((locale) => locale.toLowerCase() === wanted) ??
		sorted.find((locale) => locale.toLowerCase() === base) ??
		sorted.find((locale) => baseLanguage(locale.toLowerCase()) === base) ??
		DEFAULT_LANGUAGE
	);
}

function baseLanguage(code: string): string {
	return code.split('-')[0];
}

/** The text in `language`, falling back to English for a key a locale lacks (the tests keep that from happening). */
export function translate(language: string | undefined, message: Text): string {
	const locale = localeOf(language);
	return template(locale, message.key).replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
		const value = message.params?.[name];
		return value === undefined ? placeholder : paramText(locale, value);
	});
}

function template(locale: string, key: string): string {
	const found = LOCALES[locale][key] ?? LOCALES[DEFAULT_LANGUAGE][key];
	if (found === undefined) {
		throw new Error(`no text is named "${key}"`);
	}
	return found;
}

function paramText(locale: string, value: TextParam): string {
	if (typeof value === 'string' || typeof value === 'number') {
		return String(value);
	}
	if ('anyOf' in value) {
		return value.anyOf.join(template(locale, 'list_or'));
	}
	return translate(locale, value);
}
