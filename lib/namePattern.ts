/**
 * Glob-style room-name patterns: `*` is any run of characters, `?` exactly one, matched
 * case-insensitively against the whole name.
 *
 * Admins write these patterns, and they are matched on every room event, inside the user's
 * request. A pattern is compiled to literal segments split at `*` and matched greedily,
 * leftmost first, with no backtracking: the time is bounded by name length × pattern
 * length whatever the pattern, unlike a regular expression built from user text.
 */
export interface NamePattern {
	/** The pattern as the admin wrote it, for reasons and audit messages. */
	readonly source: string;
	matches(name: string): boolean;
}

/** Longest pattern accepted; room names are far shorter, so a longer one is a paste error. */
export const MAX_PATTERN_LENGTH = 200;

const ANY_ONE = '?';
const ANY_RUN = '*';

/**
 * The lower-cased glob each pattern made here was compiled from. A pattern index
 * (lib/patternIndex.ts) takes NamePattern objects and must know their glob exactly; reading it
 * back from `source` would trust any object that merely has the interface's shape. Weak, so a
 * pattern dropped with its settings is collected; invisible, so patterns compare as before.
 */
const GLOBS = new WeakMap<NamePattern, string>();

/** The lower-cased glob of a pattern parseNamePattern made, or undefined for any other NamePattern. */
export function globOf(pattern: NamePattern): string | undefined {
	return GLOBS.get(pattern);
}

export function parseNamePattern(text: string): NamePattern | { error: string } {
	const source = text.trim();
	if (source === '') {
		return { error: 'a pattern is empty' };
	}
	if (source.length > MAX_PATTERN_LENGTH) {
		return { error: `the pattern "${source.slice(0, 20)}…" is longer than ${MAX_PATTERN_LENGTH} characters` };
	}
	if (/\s/.test(source)) {
		return { error: `the pattern "${source}" contains white space, which no room name can hold` };
	}
	const glob = source.toLowerCase();
	const segments = glob.split(ANY_RUN);
	const pattern: NamePattern = {
		source,
		matches: (name: string) => matchSegments(segments, name.toLowerCase()),
	};
	GLOBS.set(pattern, glob);
	return pattern;
}

/** Whether `segment` (with `?` wildcards) matches `text` at `at`. */
function segmentMatchesAt(segment: string, text: string, at: number): boolean {
	if (at + segment.length > text.length) {
		return false;
	}
	for (let i = 0; i < segment.length; i++) {
		if (segment[i] !== ANY_ONE && segment[i] !== text[at + i]) {
			return false;
		}
	}
	return true;
}

/**
 * segments[0] is anchored at the start and the last segment at the end; the ones between
 * are placed at their leftmost fit after the previous one. Leftmost placement is always
 * safe for `*`-separated segments, so no position is ever revisited.
 *
 * `segments` is a lower-cased glob split at `*`, `text` a lower-cased name: the pattern index
 * lower-cases a name once and verifies its candidates with this same matcher.
 */
export function matchSegments(segments: readonly string[], text: string): boolean {
	if (segments.length === 1) {
		return text.length === segments[0].length && segmentMatchesAt(segments[0], text, 0);
	}
	const first = segments[0];
	const last = segments[segments.length - 1];
	if (first.length + last.length > text.length) {
		return false;
	}
	if (!segmentMatchesAt(first, text, 0) || !segmentMatchesAt(last, text, text.length - last.length)) {
		return false;
	}
	let position = first.length;
	const end = text.length - last.length;
	for (let s = 1; s < segments.length - 1; s++) {
		const segment = segments[s];
		let found = -1;
		for (let at = position; at + segment.length <= end; at++) {
			if (segmentMatchesAt(segment, text, at)) {
				found = at;
				break;
			}
		}
		if (found < 0) {
			return false;
		}
		position = found + segment.length;
	}
	return true;
}
