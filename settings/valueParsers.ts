import type { NamePattern } from '../lib/namePattern';
import { parseNamePattern } from '../lib/namePattern';

/** What parsing an admin's setting value gives: the typed value, or why it cannot be used. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** A line of a rule setting: `PATTERN: VALUE`, e.g. `security-*: admin, security`. */
export interface NameRule<T> {
	readonly pattern: NamePattern;
	readonly value: T;
	/** The line as written, for audit messages. */
	readonly source: string;
}

export function parseBoolean(raw: unknown): Parsed<boolean> {
	if (typeof raw === 'boolean') {
		return ok(raw);
	}
	if (raw === 'true' || raw === 'false') {
		return ok(raw === 'true');
	}
	return fail(`expected true or false, got ${shown(raw)}`);
}

export function parseCount(raw: unknown): Parsed<number> {
	// Strings are plain decimal digits: Number() would also take "0x10" and "1e3".
	const value = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
		return fail(`expected a whole number of 0 or more, got ${shown(raw)}`);
	}
	return ok(value);
}

export function parseText(raw: unknown): Parsed<string> {
	if (raw === undefined || raw === null) {
		return ok('');
	}
	if (typeof raw !== 'string') {
		return fail(`expected text, got ${shown(raw)}`);
	}
	return ok(raw.trim());
}

/**
 * Items one per line or comma-separated. Blank lines and a trailing comma are forgiven; an
 * empty item between two others (`a,,b`) is a typo that would silently drop a rule, so it
 * is refused.
 */
export function parseList(raw: unknown): Parsed<string[]> {
	const text = parseText(raw);
	if (!text.ok) {
		return text;
	}
	const items: string[] = [];
	for (const line of text.value.split('\n')) {
		const parts = line.split(',').map((part) => part.trim());
		while (parts.length > 0 && parts[parts.length - 1] === '') {
			parts.pop();
		}
		if (parts.some((part) => part === '')) {
			return fail(`the line "${line.trim()}" has an empty item`);
		}
		items.push(...parts);
	}
	return ok(items);
}

/** Plain names (usernames, role names, room names), compared case-insensitively. */
export function parseNameList(raw: unknown): Parsed<string[]> {
	const list = parseList(raw);
	if (!list.ok) {
		return list;
	}
	const names = list.value.map((name) => name.replace(/^[@#]/, '').toLowerCase());
	const empty = list.value.find((name, i) => names[i] === '');
	if (empty !== undefined) {
		return fail(`"${empty}" is not a name: it has nothing after the ${empty}`);
	}
	const spaced = names.find((name) => /\s/.test(name));
	if (spaced !== undefined) {
		return fail(`"${spaced}" is not a name: names hold no spaces`);
	}
	return ok(names);
}

export function parsePatternList(raw: unknown): Parsed<NamePattern[]> {
	const list = parseList(raw);
	if (!list.ok) {
		return list;
	}
	const patterns: NamePattern[] = [];
	for (const item of list.value) {
		// A room written as #name is the room named name: room names hold no #.
		const pattern = parseNamePattern(item.replace(/^#/, ''));
		if ('error' in pattern) {
			return fail(pattern.error);
		}
		patterns.push(pattern);
	}
	return ok(patterns);
}

/** Rule lines `PATTERN: VALUE`, one per line, read in order; `#` starts a comment line. */
export function parseRules<T>(raw: unknown, parseValue: (text: string) => Parsed<T>): Parsed<Array<NameRule<T>>> {
	const text = parseText(raw);
	if (!text.ok) {
		return text;
	}
	const rules: Array<NameRule<T>> = [];
	for (const rawLine of text.value.split('\n')) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#')) {
			continue;
		}
		const colon = line.indexOf(':');
		if (colon < 0) {
			return fail(`the rule "${line}" has no ":" between the room pattern and its value`);
		}
		const pattern = parseNamePattern(line.slice(0, colon));
		if ('error' in pattern) {
			return fail(`in the rule "${line}", ${pattern.error}`);
		}
		const value = parseValue(line.slice(colon + 1).trim());
		if (!value.ok) {
			return fail(`in the rule "${line}", ${value.error}`);
		}
		rules.push({ pattern, value: value.value, source: line });
	}
	return ok(rules);
}

export function parseNonEmptyNameList(text: string): Parsed<string[]> {
	const names = parseNameList(text);
	if (names.ok && names.value.length === 0) {
		return fail('no names are given');
	}
	return names;
}

export function parsePositiveCount(text: string): Parsed<number> {
	const count = parseCount(text);
	if (count.ok && count.value === 0) {
		return fail('a capacity of 0 would lock the room: use the locked rooms setting for that');
	}
	return count;
}

/** A raw value as the admin typed it, for error messages. */
function shown(raw: unknown): string {
	return raw === undefined ? 'nothing' : JSON.stringify(raw);
}
