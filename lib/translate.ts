import { LOCALES } from '../i18n/locales';

/**
 * Texts the app writes itself at run time (command answers, refusals shown to users), in the
 * reader's language. They live in i18n/<language>.json with the settings' labels, which
 * Rocket.Chat reads from the same files.
 * Placeholders are written `{{name}}`.
 */
export interface Text {
	readonly key: string;
	readonly params?: Readonly<Record<string, string | number>>;
}

export const DEFAULT_LANGUAGE = 'en';

export function text(key: string, params?: Readonly<Record<string, string | number>>): Text {
	return params ? { key, params } : { key };
}

/**
 * The locale the app has for a Rocket.Chat language code: the code itself ("pt-BR"), else its
 * language alone ("de-AT" → "de"), else English.
 */
export function localeOf(language: string | undefined): string {
	if (!language) {
		return DEFAULT_LANGUAGE;
	}
	const exact = Object.keys(LOCALES).find((locale) => locale.toLowerCase() === language.toLowerCase());
	if (exact) {
		return exact;
	}
	const base = language.split(/[-_]/)[0].toLowerCase();
	return Object.keys(LOCALES).find((locale) => locale.split('-')[0].toLowerCase() === base) ?? DEFAULT_LANGUAGE;
}

/** The text in `language`, falling back to English for a key a locale lacks (the tests keep that from happening). */
export function translate(language: string | undefined, message: Text): string {
	const locale = localeOf(language);
	const template = LOCALES[locale][message.key] ?? LOCALES[DEFAULT_LANGUAGE][message.key];
	if (template === undefined) {
		throw new Error(`no text is named "${message.key}"`);
	}
	return template.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
		const value = message.params?.[name];
		return value === undefined ? placeholder : String(value);
	});
}

export function localeNames(): string[] {
	return Object.keys(LOCALES);
}
