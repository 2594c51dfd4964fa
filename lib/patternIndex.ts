/**
 * A compiled pattern list: the admin's patterns, in the admin's order, each with its entry (a
 * rule, or the pattern itself), answering "which is the first pattern this room name matches"
 * and "which ones match, in order" without trying them one by one.
 *
 * Every room event asks such a question, inside the user's request, and a workspace may hold
 * thousands of rules: scanning the list costs the whole list on every event whose name matches
 * none (the usual case). The index instead reads the name and fetches only the patterns the name
 * can match, then verifies those with the pattern's own linear matcher (lib/namePattern.ts), so
 * the answers are the scan's answers: tests check them against it on random lists.
 *
 * How a decision is made (the name is lower-cased once, as the matcher would):
 * - identical patterns, up to case and to how a run of wildcards is written (`a**?b` is `a?*b`),
 *   form one group, verified once; the group answers for every entry in it;
 * - wildcard-free patterns are looked up in a Map;
 * - patterns made only of `*` and `?` depend on nothing but the name's length: their answer for
 *   each length is computed when compiling;
 * - every other pattern holds literal pieces (its maximal runs without wildcards) and is filed
 *   under one of them, its anchor: its leading piece in a trie walked from the name's start, its
 *   trailing piece in a trie walked from the name's end, or an inner piece in an Aho–Corasick
 *   automaton that reads the name once and reports each piece it contains. Among a pattern's
 *   pieces the anchor is the one expected to fetch it most rarely: long, fixed at an end, and
 *   shared with few other patterns (`team-?0042` is filed under `0042`, not under the `team-`
 *   that thousands of rules may share);
 * - a pattern that needs inner pieces besides its anchor is shelved in its anchor's bucket by
 *   the most selective of them, and fetched only when the name holds that one too: hundreds of
 *   `*a*a*…*x*b` filed under the suffix `b` cost a name ending in `b` nothing unless it has an `x`;
 * - a fetched pattern is dropped without running its matcher when the name is too short for it
 *   or lacks one of its inner pieces (the automaton marked the pieces present); `prefix*`,
 *   `*suffix` and `*inner*` are decided by their anchor alone.
 *
 * Cost per decision, for a name of length L: O(L) to lower-case it, to read it through the
 * automaton (each piece is marked at most once, so the walk along the automaton's output links
 * stops at a piece already marked) and to look up the Map; at most the longest leading or
 * trailing piece (≤ MAX_PATTERN_LENGTH) for the two tries; then the candidates, each verified in
 * O(L × pattern length) at worst by the matcher. None of this depends on how many patterns the
 * name cannot match; firstMatch verifies candidates in list order and stops at the first match.
 * What the index cannot remove is the work of patterns the name could match: names matched by
 * many patterns (allMatches returns them all) or patterns built to hold every piece of a name
 * in the wrong order still cost one verification each, the scan's cost at worst, never more.
 *
 * Name length: there is no cap. Rocket.Chat itself sets none — getValidRoomName checks a name
 * against UTF8_Channel_Names_Validation (`[0-9a-zA-Z-_.]+` by default, no length) and reserved
 * words, and display names are free text — so a long name is possible, if never typed by a
 * person. A cut name or a refused one would change answers (a block list must not be slipped
 * past with a long name, an allow list not passed with one), and falling back to the scan would
 * cost the whole list with each pattern lower-casing the name again. Every part of a decision
 * above is linear in L, so a name of any length is read whole, by the same index, with the
 * same answers; the tests decide 100,000-character names and the bench shows the linear growth.
 *
 * Compiling is linear in the patterns' total length, but for sorting the anchors (the tries are
 * built from them sorted), and the index holds flat typed arrays: for 10,000 rules, tens of
 * milliseconds and under a megabyte (bench/patternIndex.ts measures both).
 *
 * Not reentrant by design: a decision uses scratch arrays of the index, and runs synchronously.
 *
 * The parts: lib/patternGlobs.ts reads a glob's pieces and chooses its anchor; lib/patternTries.ts
 * holds the tries and the automaton's links; lib/patternFiling.ts groups the patterns and files
 * them; lib/compiledPatternIndex.ts is the index that makes the decisions.
 */
import { CompiledPatternIndex } from './compiledPatternIndex';
import type { NamePattern } from './namePattern';

export interface PatternIndex<T> {
	/** How many entries the index holds, identical patterns included. */
	readonly size: number;
	/** The entry of the lowest-index pattern that matches `name`, or undefined when none does. */
	firstMatch(name: string): T | undefined;
	/** The entries of every pattern that matches `name`, in the order they were given. */
	allMatches(name: string): T[];
}

/**
 * Compiles `patterns` (or `entries`, each with the pattern `patternOf` gives it) in their order.
 * The entries are copied: changing the array later does not change the index. A NamePattern made
 * elsewhere than parseNamePattern is indexed as an opaque pattern, tried on every name with its
 * own `matches`, so any implementation of the interface gets the scan's answers.
 */
export function compilePatternIndex(patterns: readonly NamePattern[]): PatternIndex<NamePattern>;
export function compilePatternIndex<T>(entries: readonly T[], patternOf: (entry: T) => NamePattern): PatternIndex<T>;
export function compilePatternIndex<T>(entries: readonly T[], patternOf?: (entry: T) => NamePattern): PatternIndex<T> {
	const of = patternOf ?? ((entry: T) => entry as unknown as NamePattern);
	return new CompiledPatternIndex(
		entries.slice(),
		entries.map((entry) => of(entry)),
	);
}
