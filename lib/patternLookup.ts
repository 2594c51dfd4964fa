import type { NamePattern } from './namePattern';
import type { PatternIndex } from './patternIndex';
import { compilePatternIndex } from './patternIndex';

/**
 * Lists shorter than this are scanned: the index gathers its candidates before it verifies them,
 * which a short scan that stops at its first match beats (bench/patternIndex.ts).
 */
export const INDEXED_FROM = 16;

/**
 * Each list's index, compiled on its first lookup and kept while the list lives: the settings
 * parse a list once per change, and every event then looks up that same list object.
 */
const indexes = new WeakMap<readonly unknown[], PatternIndex<unknown>>();

function indexOf<T>(entries: readonly T[], patternOf: (entry: T) => NamePattern): PatternIndex<T> {
	let index = indexes.get(entries) as PatternIndex<T> | undefined;
	if (!index) {
		index = compilePatternIndex(entries, patternOf);
		indexes.set(entries, index as PatternIndex<unknown>);
	}
	return index;
}

/**
 * Compiles a long list's index now instead of at its first lookup: for thousands of patterns that
 * takes a moment, which the save of a setting can take and an event, inside a user's request,
 * should not. A short list has no index to compile.
 */
export function compileLookup<T>(entries: readonly T[], patternOf: (entry: T) => NamePattern): void {
	if (entries.length >= INDEXED_FROM) {
		indexOf(entries, patternOf);
	}
}

/** The first entry whose pattern matches `name`, in the list's order: the scan's answer, at the index's cost. */
export function firstMatching<T>(entries: readonly T[], patternOf: (entry: T) => NamePattern, name: string): T | undefined {
	if (entries.length < INDEXED_FROM) {
		return entries.find((entry) => patternOf(entry).matches(name));
	}
	return indexOf(entries, patternOf).firstMatch(name);
}

/** Every entry whose pattern matches `name`, in the list's order. */
export function allMatching<T>(entries: readonly T[], patternOf: (entry: T) => NamePattern, name: string): T[] {
	if (entries.length < INDEXED_FROM) {
		return entries.filter((entry) => patternOf(entry).matches(name));
	}
	return indexOf(entries, patternOf).allMatches(name);
}
