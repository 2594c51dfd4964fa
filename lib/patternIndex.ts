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
 */
import type { NamePattern } from './namePattern';
import { globOf, matchSegments } from './namePattern';

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

const ANY_ONE = '?';
const ANY_RUN = '*';

/** Above every group id: "no match yet". */
const NONE = 0x7fffffff;

/** What a group of identical patterns is, which says where a decision looks for it. */
const EXACT = 0; // no wildcard: a Map lookup
const WILDCARDS = 1; // only `*` and `?`: decided by the name's length
const ANCHORED = 2; // filed under one of its literal pieces
const OPAQUE = 3; // not made by parseNamePattern: its glob is unknown, so it is tried on every name

/** Where an anchored group is filed. */
const PREFIX = 0;
const SUFFIX = 1;
const INNER = 2;

/** A maximal run of literal characters in a glob, at [start, end). */
interface Piece {
	readonly text: string;
	readonly start: number;
	readonly end: number;
}

/**
 * One spelling for each set of equivalent globs: case is already folded, and a run of wildcards
 * holding k `?` and at least one `*` matches exactly the texts of length ≥ k, so it is written
 * as k `?` then one `*`. Equivalent patterns then share one group and one verification.
 */
function canonicalGlob(glob: string): string {
	let canonical = '';
	let i = 0;
	while (i < glob.length) {
		const start = i;
		while (i < glob.length && glob[i] !== ANY_ONE && glob[i] !== ANY_RUN) {
			i++;
		}
		canonical += glob.slice(start, i);
		let ones = 0;
		let run = false;
		while (i < glob.length && (glob[i] === ANY_ONE || glob[i] === ANY_RUN)) {
			if (glob[i] === ANY_ONE) {
				ones++;
			} else {
				run = true;
			}
			i++;
		}
		canonical += ANY_ONE.repeat(ones) + (run ? ANY_RUN : '');
	}
	return canonical;
}

function piecesOf(glob: string): Piece[] {
	const pieces: Piece[] = [];
	let i = 0;
	while (i < glob.length) {
		if (glob[i] === ANY_ONE || glob[i] === ANY_RUN) {
			i++;
			continue;
		}
		const start = i;
		while (i < glob.length && glob[i] !== ANY_ONE && glob[i] !== ANY_RUN) {
			i++;
		}
		pieces.push({ text: glob.slice(start, i), start, end: i });
	}
	return pieces;
}

/** Filed without a second piece: fetched whenever its anchor is found. */
const ALONE = -1;

/** A group filed at a trie node, on the shelf of its second piece (an automaton node, or ALONE). */
interface Filed {
	readonly node: number;
	readonly second: number;
	readonly group: number;
}

/** A trie's nodes and edges, and the node where each of its texts ends. */
interface TrieShape {
	readonly nodeCount: number;
	/** Each node's edges, sorted by character: edgeChar/edgeTarget[edgeStart[node] … edgeStart[node + 1]). */
	readonly edgeStart: Int32Array;
	readonly edgeChar: Uint16Array;
	readonly edgeTarget: Int32Array;
	readonly terminal: Uint8Array;
	readonly nodeOf: Map<string, number>;
}

/**
 * The trie of `texts`, built at once from them sorted (by UTF-16 unit, as names are read): each
 * text shares the path of its common prefix with the one before it, and a node's children come
 * in order of character, so the flat arrays are filled without a Map per node (which, for tens
 * of thousands of nodes, made compiling mostly garbage collection).
 */
function shapeOf(texts: Iterable<string>): TrieShape {
	const parent: number[] = [-1];
	const code: number[] = [0];
	const nodeOf = new Map<string, number>();
	const path = [0];
	let previous = '';
	for (const text of [...new Set(texts)].sort()) {
		let common = 0;
		while (common < previous.length && common < text.length && previous.charCodeAt(common) === text.charCodeAt(common)) {
			common++;
		}
		path.length = common + 1;
		for (let k = common; k < text.length; k++) {
			path.push(parent.length);
			parent.push(path[k]);
			code.push(text.charCodeAt(k));
		}
		nodeOf.set(text, path[text.length]);
		previous = text;
	}
	const nodeCount = parent.length;
	const edgeStart = new Int32Array(nodeCount + 1);
	for (let node = 1; node < nodeCount; node++) {
		edgeStart[parent[node] + 1]++;
	}
	for (let node = 0; node < nodeCount; node++) {
		edgeStart[node + 1] += edgeStart[node];
	}
	const edgeChar = new Uint16Array(nodeCount - 1);
	const edgeTarget = new Int32Array(nodeCount - 1);
	const next = edgeStart.slice(0, nodeCount);
	for (let node = 1; node < nodeCount; node++) {
		const at = next[parent[node]]++;
		edgeChar[at] = code[node];
		edgeTarget[at] = node;
	}
	const terminal = new Uint8Array(nodeCount);
	for (const node of nodeOf.values()) {
		terminal[node] = 1;
	}
	return { nodeCount, edgeStart, edgeChar, edgeTarget, terminal, nodeOf };
}

/** `text` read from its end, by UTF-16 unit as the suffix trie is walked (not by code point). */
function reversed(text: string): string {
	let backwards = '';
	for (let i = text.length - 1; i >= 0; i--) {
		backwards += text[i];
	}
	return backwards;
}

/** Nodes whose children are looked up by scanning rather than by halving. */
const SCANNED_FANOUT = 8;

/**
 * A trie in flat typed arrays (a few bytes per node and edge, where a Map per node costs a
 * hundred), with the groups filed at its nodes. The root is met on most characters of a name,
 * so its ASCII edges are also in a direct table. Each node's bucket is a sorted run of second
 * pieces, shelf[shelfStart[node] … shelfStart[node + 1]) (ALONE first), and each shelf's groups
 * a sorted run, shelfGroups[groupStart[shelf] … groupStart[shelf + 1]).
 */
class Trie {
	readonly nodeCount: number;

	readonly edgeStart: Int32Array;

	readonly edgeChar: Uint16Array;

	readonly edgeTarget: Int32Array;

	readonly terminal: Uint8Array;

	readonly shelfStart: Int32Array;

	readonly shelf: Int32Array;

	readonly groupStart: Int32Array;

	readonly shelfGroups: Int32Array;

	private readonly rootAscii: Int32Array;

	constructor(shape: TrieShape, filed: Filed[]) {
		this.nodeCount = shape.nodeCount;
		this.edgeStart = shape.edgeStart;
		this.edgeChar = shape.edgeChar;
		this.edgeTarget = shape.edgeTarget;
		this.terminal = shape.terminal;
		this.rootAscii = new Int32Array(128).fill(-1);
		for (let edge = this.edgeStart[0]; edge < this.edgeStart[1]; edge++) {
			if (this.edgeChar[edge] < 128) {
				this.rootAscii[this.edgeChar[edge]] = this.edgeTarget[edge];
			}
		}
		filed.sort((a, b) => a.node - b.node || a.second - b.second || a.group - b.group);
		this.shelfStart = new Int32Array(this.nodeCount + 1);
		const shelf: number[] = [];
		const groupStart: number[] = [];
		this.shelfGroups = new Int32Array(filed.length);
		filed.forEach(({ node, second, group }, at) => {
			if (at === 0 || node !== filed[at - 1].node || second !== filed[at - 1].second) {
				this.shelfStart[node + 1]++;
				shelf.push(second);
				groupStart.push(at);
			}
			this.shelfGroups[at] = group;
		});
		for (let node = 0; node < this.nodeCount; node++) {
			this.shelfStart[node + 1] += this.shelfStart[node];
		}
		groupStart.push(filed.length);
		this.shelf = Int32Array.from(shelf);
		this.groupStart = Int32Array.from(groupStart);
	}

	/** The child of `node` along `code`, or -1. */
	child(node: number, code: number): number {
		if (node === 0 && code < 128) {
			return this.rootAscii[code];
		}
		let low = this.edgeStart[node];
		let high = this.edgeStart[node + 1];
		if (high - low <= SCANNED_FANOUT) {
			for (; low < high; low++) {
				if (this.edgeChar[low] === code) {
					return this.edgeTarget[low];
				}
			}
			return -1;
		}
		while (low < high) {
			const middle = (low + high) >>> 1;
			const at = this.edgeChar[middle];
			if (at === code) {
				return this.edgeTarget[middle];
			}
			if (at < code) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}
		return -1;
	}
}

/**
 * Aho–Corasick links over a trie of pieces: `fail` is the node of the longest proper suffix of a
 * node's text that is also in the trie; `output` the deepest node ending a piece among the node
 * itself and its fail chain, or -1. Nodes are visited breadth first, so a fail link always
 * points to a node already done.
 */
function automatonLinks(trie: Trie): { fail: Int32Array; output: Int32Array } {
	const fail = new Int32Array(trie.nodeCount);
	const output = new Int32Array(trie.nodeCount).fill(-1);
	const queue = new Int32Array(trie.nodeCount);
	let tail = 1;
	for (let head = 0; head < tail; head++) {
		const node = queue[head];
		for (let edge = trie.edgeStart[node]; edge < trie.edgeStart[node + 1]; edge++) {
			const child = trie.edgeTarget[edge];
			let link = 0;
			if (node !== 0) {
				let at = fail[node];
				let next = trie.child(at, trie.edgeChar[edge]);
				while (next < 0 && at !== 0) {
					at = fail[at];
					next = trie.child(at, trie.edgeChar[edge]);
				}
				link = next < 0 ? 0 : next;
			}
			fail[child] = link;
			output[child] = trie.terminal[child] === 1 ? child : output[link];
			queue[tail++] = child;
		}
	}
	return { fail, output };
}

/** How many groups could share each bucket, for the choice of anchors. */
interface Sharing {
	readonly prefix: Map<string, number>;
	readonly suffix: Map<string, number>;
	readonly inner: Map<string, number>;
}

/** The counts of pieces filed at `place`. */
function sharingAt(sharing: Sharing, place: number): Map<string, number> {
	if (place === PREFIX) {
		return sharing.prefix;
	}
	return place === SUFFIX ? sharing.suffix : sharing.inner;
}

function countInto(counts: Map<string, number>, key: string): void {
	counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Where a piece of `glob` would be filed. */
function placeOf(piece: Piece, glob: string): number {
	if (piece.start === 0) {
		return PREFIX;
	}
	return piece.end === glob.length ? SUFFIX : INNER;
}

/**
 * Cost of filing a pattern under a piece, in bits, lower is better: about 4 bits of selectivity
 * per character (room names mix a few dozen characters), 2 characters' worth more for a piece
 * fixed at an end of the name, less the patterns that would share its bucket.
 */
function anchorCost(piece: Piece, place: number, sharing: Sharing): number {
	const shared = sharingAt(sharing, place).get(piece.text) ?? 1;
	return Math.log2(shared) - 4 * (piece.text.length + (place === INNER ? 0 : 2));
}

function chooseAnchor(pieces: readonly Piece[], glob: string, sharing: Sharing): { piece: Piece; place: number } {
	let best = { piece: pieces[0], place: placeOf(pieces[0], glob), cost: anchorCost(pieces[0], placeOf(pieces[0], glob), sharing) };
	for (const piece of pieces.slice(1)) {
		const place = placeOf(piece, glob);
		const cost = anchorCost(piece, place, sharing);
		// Ties go to the earlier piece: the prefix, whose trie walk is the cheapest check.
		if (cost < best.cost) {
			best = { piece, place, cost };
		}
	}
	return best;
}

/** Groups of identical patterns, numbered by their first entry, so that group order is list order. */
interface Grouping {
	/** Each group's canonical glob; undefined for an opaque pattern. */
	readonly globs: Array<string | undefined>;
	readonly members: number[][];
	readonly opaque: Map<number, NamePattern>;
}

function groupPatterns(patterns: readonly NamePattern[]): Grouping {
	const groupOfGlob = new Map<string, number>();
	const groupOfOpaque = new Map<NamePattern, number>();
	const grouping: Grouping = { globs: [], members: [], opaque: new Map() };
	patterns.forEach((pattern, index) => {
		const glob = globOf(pattern);
		const canonical = glob === undefined ? undefined : canonicalGlob(glob);
		let group = canonical === undefined ? groupOfOpaque.get(pattern) : groupOfGlob.get(canonical);
		if (group === undefined) {
			group = grouping.members.length;
			grouping.members.push([]);
			grouping.globs.push(canonical);
			if (canonical === undefined) {
				groupOfOpaque.set(pattern, group);
				grouping.opaque.set(group, pattern);
			} else {
				groupOfGlob.set(canonical, group);
			}
		}
		grouping.members[group].push(index);
	});
	return grouping;
}

/** A list of lists as one flat array and the start of each list in it (the last start is the end). */
function flatten(lists: ReadonlyArray<readonly number[]>): { start: Int32Array; items: Int32Array } {
	const start = new Int32Array(lists.length + 1);
	const items = new Int32Array(lists.reduce((total, list) => total + list.length, 0));
	let filled = 0;
	lists.forEach((list, at) => {
		start[at] = filled;
		for (const item of list) {
			items[filled++] = item;
		}
	});
	start[lists.length] = filled;
	return { start, items };
}

/** Whether a name of `length` has as many characters as a glob needs (exactly, without `*`). */
function longEnough(minLength: Int32Array, hasRun: Uint8Array, group: number, length: number): boolean {
	return hasRun[group] === 1 ? length >= minLength[group] : length === minLength[group];
}

/** What each group is made of, read once from its glob. */
class Shapes {
	readonly kind: Uint8Array;

	/** Characters a name needs (every glob character but `*`), and whether more may come (a `*`). */
	readonly minLength: Int32Array;

	readonly hasRun: Uint8Array;

	readonly exact = new Map<string, number>();

	longestExact = -1;

	readonly wildcardGroups: number[] = [];

	readonly opaqueGroups: number[] = [];

	/** The literal pieces of each anchored group. */
	readonly pieces: Array<Piece[] | undefined>;

	readonly sharing: Sharing = { prefix: new Map(), suffix: new Map(), inner: new Map() };

	constructor(globs: ReadonlyArray<string | undefined>) {
		const count = globs.length;
		this.kind = new Uint8Array(count);
		this.minLength = new Int32Array(count);
		this.hasRun = new Uint8Array(count);
		this.pieces = new Array<Piece[] | undefined>(count);
		globs.forEach((glob, group) => {
			if (glob === undefined) {
				this.kind[group] = OPAQUE;
				this.opaqueGroups.push(group);
			} else {
				this.describe(glob, group);
			}
		});
	}

	private describe(glob: string, group: number): void {
		const runs = glob.split(ANY_RUN).length - 1;
		this.minLength[group] = glob.length - runs;
		this.hasRun[group] = runs > 0 ? 1 : 0;
		const pieces = piecesOf(glob);
		if (pieces.length === 1 && pieces[0].text.length === glob.length) {
			this.kind[group] = EXACT;
			this.exact.set(glob, group);
			this.longestExact = Math.max(this.longestExact, glob.length);
		} else if (pieces.length === 0) {
			this.kind[group] = WILDCARDS;
			this.wildcardGroups.push(group);
		} else {
			this.kind[group] = ANCHORED;
			this.pieces[group] = pieces;
			// A piece repeated in a glob (`*a*a*`) counts each time: the count only weighs the choice.
			for (const piece of pieces) {
				countInto(sharingAt(this.sharing, placeOf(piece, glob)), piece.text);
			}
		}
	}

	/** For each name length, the first wildcards-only group matching it (-1 for none); empty when there is none. */
	wildcardAnswers(): Int32Array {
		if (this.wildcardGroups.length === 0) {
			return new Int32Array(0);
		}
		const longest = Math.max(...this.wildcardGroups.map((group) => this.minLength[group]));
		// Slot longest + 1 stands for every longer name: only groups with a `*` match those.
		const answers = new Int32Array(longest + 2);
		for (let length = 0; length < answers.length; length++) {
			answers[length] = this.wildcardGroups.find((group) => longEnough(this.minLength, this.hasRun, group, length)) ?? -1;
		}
		return answers;
	}
}

/** Where an anchored group goes, in texts: the tries are built once every group is planned. */
interface Plan {
	readonly group: number;
	readonly place: number;
	readonly anchor: string;
	/** The inner pieces the group needs besides its anchor. */
	readonly required: readonly string[];
	/** The most selective of them, or undefined. */
	readonly second: string | undefined;
}

/** The anchored groups filed in the tries and the automaton, with what each still needs checked. */
class Filing {
	readonly prefixes: Trie | undefined;

	readonly suffixes: Trie | undefined;

	readonly pieces: Trie | undefined;

	/** Whether finding the anchor (with the length check) decides the match. */
	readonly decided: Uint8Array;

	/** The glob split at `*`, for the matcher; only for groups their anchor does not decide. */
	readonly segments: Array<readonly string[] | undefined>;

	/** The automaton nodes of the inner pieces each group needs besides its anchor. */
	readonly required: number[][];

	constructor(globs: ReadonlyArray<string | undefined>, shapes: Shapes) {
		const count = globs.length;
		this.decided = new Uint8Array(count);
		this.segments = new Array<readonly string[] | undefined>(count);
		this.required = Array.from({ length: count }, () => []);
		const plans: Plan[] = [];
		for (let group = 0; group < count; group++) {
			const pieces = shapes.pieces[group];
			if (pieces !== undefined) {
				plans.push(this.plan(group, globs[group] as string, pieces, shapes.sharing));
			}
		}
		const prefixShape = shapeOf(plans.filter((plan) => plan.place === PREFIX).map((plan) => plan.anchor));
		const suffixShape = shapeOf(plans.filter((plan) => plan.place === SUFFIX).map((plan) => reversed(plan.anchor)));
		const pieceShape = shapeOf(plans.flatMap((plan) => (plan.place === INNER ? [plan.anchor, ...plan.required] : plan.required)));
		const filed: Filed[][] = [[], [], []];
		for (const plan of plans) {
			const shape = [prefixShape, suffixShape, pieceShape][plan.place];
			const node = shape.nodeOf.get(plan.place === SUFFIX ? reversed(plan.anchor) : plan.anchor) as number;
			const second = plan.second === undefined ? ALONE : (pieceShape.nodeOf.get(plan.second) as number);
			filed[plan.place].push({ node, second, group: plan.group });
			this.required[plan.group] = plan.required.map((piece) => pieceShape.nodeOf.get(piece) as number);
		}
		this.prefixes = prefixShape.nodeCount > 1 ? new Trie(prefixShape, filed[PREFIX]) : undefined;
		this.suffixes = suffixShape.nodeCount > 1 ? new Trie(suffixShape, filed[SUFFIX]) : undefined;
		this.pieces = pieceShape.nodeCount > 1 ? new Trie(pieceShape, filed[INNER]) : undefined;
	}

	private plan(group: number, glob: string, pieces: readonly Piece[], sharing: Sharing): Plan {
		const { piece: anchor, place } = chooseAnchor(pieces, glob, sharing);
		// Pieces between the first and the last `*` are placed by a scan of the name, the
		// matcher's costly part; the ones in the first or last segment sit at fixed places the
		// matcher checks first, at a cost of their length, so they are not worth a mark.
		const segments = glob.split(ANY_RUN);
		const firstSegmentEnd = segments[0].length;
		const lastSegmentStart = glob.length - segments[segments.length - 1].length;
		const required: string[] = [];
		// The group's bucket is shelved by the most selective of those pieces, so that a name
		// holding the anchor but not that piece fetches nothing: hundreds of `*a*a*…*x*b` share
		// the anchor `b`, and a name ending in `b` without an `x` passes over all of them.
		let second: string | undefined;
		let secondCost = Infinity;
		for (const piece of pieces) {
			if (piece !== anchor && piece.start >= firstSegmentEnd && piece.end <= lastSegmentStart && !required.includes(piece.text)) {
				required.push(piece.text);
				const cost = anchorCost(piece, INNER, sharing);
				if (cost < secondCost) {
					second = piece.text;
					secondCost = cost;
				}
			}
		}
		const decides = [`${anchor.text}${ANY_RUN}`, `${ANY_RUN}${anchor.text}`, `${ANY_RUN}${anchor.text}${ANY_RUN}`][place];
		this.decided[group] = glob === decides ? 1 : 0;
		if (this.decided[group] === 0) {
			this.segments[group] = segments;
		}
		return { group, place, anchor: anchor.text, required, second };
	}
}

class CompiledPatternIndex<T> implements PatternIndex<T> {
	readonly size: number;

	private readonly entries: readonly T[];

	private readonly groupCount: number;

	/** Each group's entries, in order: memberIndex[memberStart[g] … memberStart[g + 1]). */
	private readonly memberStart: Int32Array;

	private readonly memberIndex: Int32Array;

	private readonly kind: Uint8Array;

	private readonly minLength: Int32Array;

	private readonly hasRun: Uint8Array;

	private readonly decided: Uint8Array;

	private readonly segments: Array<readonly string[] | undefined>;

	/** Automaton nodes each group needs marked: requiredNode[requiredStart[g] … requiredStart[g + 1]). */
	private readonly requiredStart: Int32Array;

	private readonly requiredNode: Int32Array;

	private readonly opaque: Map<number, NamePattern>;

	private readonly opaqueGroups: Int32Array;

	private readonly exact: Map<string, number>;

	private readonly longestExact: number;

	/** The first wildcards-only group matching a name of each length; the last slot for every longer name. */
	private readonly wildcardsByLength: Int32Array;

	private readonly wildcardGroups: Int32Array;

	private readonly prefixes: Trie | undefined;

	private readonly suffixes: Trie | undefined;

	private readonly pieces: Trie | undefined;

	private readonly fail: Int32Array;

	private readonly output: Int32Array;

	/** Decision scratch: the candidates, and which automaton nodes the current name contains (marked[node] === mark). */
	private readonly candidates: Int32Array;

	private readonly marked: Int32Array;

	private mark = 0;

	/** The automaton nodes marked for the current name: present[0 … presentCount). */
	private readonly present: Int32Array;

	private presentCount = 0;

	constructor(entries: readonly T[], patterns: readonly NamePattern[]) {
		this.entries = entries;
		this.size = entries.length;
		const { globs, members, opaque } = groupPatterns(patterns);
		this.groupCount = members.length;
		const flatMembers = flatten(members);
		this.memberStart = flatMembers.start;
		this.memberIndex = flatMembers.items;
		this.opaque = opaque;

		const shapes = new Shapes(globs);
		this.kind = shapes.kind;
		this.minLength = shapes.minLength;
		this.hasRun = shapes.hasRun;
		this.exact = shapes.exact;
		this.longestExact = shapes.longestExact;
		this.wildcardGroups = Int32Array.from(shapes.wildcardGroups);
		this.wildcardsByLength = shapes.wildcardAnswers();
		this.opaqueGroups = Int32Array.from(shapes.opaqueGroups);

		const filing = new Filing(globs, shapes);
		this.decided = filing.decided;
		this.segments = filing.segments;
		const required = flatten(filing.required);
		this.requiredStart = required.start;
		this.requiredNode = required.items;
		this.prefixes = filing.prefixes;
		this.suffixes = filing.suffixes;
		this.pieces = filing.pieces;
		const links = this.pieces === undefined ? { fail: new Int32Array(0), output: new Int32Array(0) } : automatonLinks(this.pieces);
		this.fail = links.fail;
		this.output = links.output;

		this.marked = new Int32Array(this.pieces?.nodeCount ?? 0);
		this.present = new Int32Array(this.pieces?.nodeCount ?? 0);
		this.candidates = new Int32Array(this.groupCount);
	}

	firstMatch(name: string): T | undefined {
		const group = this.firstGroup(name);
		return group < 0 ? undefined : this.entries[this.memberIndex[this.memberStart[group]]];
	}

	allMatches(name: string): T[] {
		if (this.groupCount === 0) {
			return [];
		}
		const text = name.toLowerCase();
		const matched: number[] = [];
		const exact = text.length <= this.longestExact ? this.exact.get(text) : undefined;
		if (exact !== undefined) {
			matched.push(exact);
		}
		for (let w = 0; w < this.wildcardGroups.length; w++) {
			if (longEnough(this.minLength, this.hasRun, this.wildcardGroups[w], text.length)) {
				matched.push(this.wildcardGroups[w]);
			}
		}
		const count = this.gather(text, NONE);
		for (let c = 0; c < count; c++) {
			if (this.verify(this.candidates[c], text, name)) {
				matched.push(this.candidates[c]);
			}
		}
		return this.entriesOf(matched);
	}

	/** The entries of the matched groups, in list order. */
	private entriesOf(groups: readonly number[]): T[] {
		const { memberStart, memberIndex, entries } = this;
		if (groups.length === 0) {
			return [];
		}
		if (groups.length === 1) {
			const found: T[] = [];
			for (let m = memberStart[groups[0]]; m < memberStart[groups[0] + 1]; m++) {
				found.push(entries[memberIndex[m]]);
			}
			return found;
		}
		// Groups interleave in list order (`a*`, `b*`, `A*`): their entries are put back in order.
		let total = 0;
		for (const group of groups) {
			total += memberStart[group + 1] - memberStart[group];
		}
		const indices = new Int32Array(total);
		let at = 0;
		for (const group of groups) {
			for (let m = memberStart[group]; m < memberStart[group + 1]; m++) {
				indices[at++] = memberIndex[m];
			}
		}
		indices.sort();
		const found = new Array<T>(total);
		for (let i = 0; i < total; i++) {
			found[i] = entries[indices[i]];
		}
		return found;
	}

	/** The lowest group matching `name`, or -1. */
	private firstGroup(name: string): number {
		if (this.groupCount === 0) {
			return -1;
		}
		const text = name.toLowerCase();
		let best = NONE;
		if (text.length <= this.longestExact) {
			best = this.exact.get(text) ?? NONE;
		}
		if (this.wildcardsByLength.length > 0) {
			const group = this.wildcardsByLength[Math.min(text.length, this.wildcardsByLength.length - 1)];
			if (group >= 0 && group < best) {
				best = group;
			}
		}
		if (best === 0) {
			return 0;
		}
		// Only groups before the best so far are gathered, so the first to verify is the answer.
		const count = this.gather(text, best);
		const { candidates } = this;
		sortPrefix(candidates, count);
		for (let c = 0; c < count; c++) {
			if (this.verify(candidates[c], text, name)) {
				return candidates[c];
			}
		}
		return best === NONE ? -1 : best;
	}

	/**
	 * Puts into `candidates` every anchored or opaque group below `bound` that `text` may match,
	 * each once (a group has one anchor and one shelf), after marking the automaton's pieces
	 * `text` contains: the shelves and the candidates' checks need them.
	 */
	private gather(text: string, bound: number): number {
		let count = 0;
		const { pieces, prefixes, suffixes } = this;
		if (pieces !== undefined) {
			this.readPieces(pieces, text);
			for (let p = 0; p < this.presentCount; p++) {
				count = this.fetch(pieces, this.present[p], bound, count);
			}
		}
		if (prefixes !== undefined) {
			let node = 0;
			for (let i = 0; i < text.length; i++) {
				node = prefixes.child(node, text.charCodeAt(i));
				if (node < 0) {
					break;
				}
				count = this.fetch(prefixes, node, bound, count);
			}
		}
		if (suffixes !== undefined) {
			let node = 0;
			for (let i = text.length - 1; i >= 0; i--) {
				node = suffixes.child(node, text.charCodeAt(i));
				if (node < 0) {
					break;
				}
				count = this.fetch(suffixes, node, bound, count);
			}
		}
		for (let o = 0; o < this.opaqueGroups.length && this.opaqueGroups[o] < bound; o++) {
			this.candidates[count++] = this.opaqueGroups[o];
		}
		return count;
	}

	/** Marks the pieces `text` contains, and lists them in present[0 … presentCount). */
	private readPieces(pieces: Trie, text: string): void {
		if (this.mark === NONE) {
			this.marked.fill(0);
			this.mark = 0;
		}
		const mark = ++this.mark;
		const { fail, output, marked, present } = this;
		let count = 0;
		let node = 0;
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			let next = pieces.child(node, code);
			while (next < 0 && node !== 0) {
				node = fail[node];
				next = pieces.child(node, code);
			}
			node = next < 0 ? 0 : next;
			// A piece marked earlier had its whole output chain marked with it: stop there.
			for (let found = output[node]; found >= 0 && marked[found] !== mark; found = output[fail[found]]) {
				marked[found] = mark;
				present[count++] = found;
			}
		}
		this.presentCount = count;
	}

	/**
	 * Appends the groups below `bound` filed at `node` of `trie`: those filed alone, and those of
	 * the shelves whose second piece the name holds, found by going through whichever is shorter,
	 * the node's shelves or the pieces present.
	 */
	private fetch(trie: Trie, node: number, bound: number, count: number): number {
		let shelf = trie.shelfStart[node];
		const end = trie.shelfStart[node + 1];
		if (shelf === end) {
			return count;
		}
		if (trie.shelf[shelf] === ALONE) {
			count = this.take(trie, shelf, bound, count);
			shelf++;
		}
		if (end - shelf <= this.presentCount) {
			for (; shelf < end; shelf++) {
				if (this.marked[trie.shelf[shelf]] === this.mark) {
					count = this.take(trie, shelf, bound, count);
				}
			}
			return count;
		}
		for (let p = 0; p < this.presentCount; p++) {
			const found = findIn(trie.shelf, shelf, end, this.present[p]);
			if (found >= 0) {
				count = this.take(trie, found, bound, count);
			}
		}
		return count;
	}

	/** Appends the groups of `shelf` below `bound` (shelves are sorted). */
	private take(trie: Trie, shelf: number, bound: number, count: number): number {
		const end = trie.groupStart[shelf + 1];
		for (let g = trie.groupStart[shelf]; g < end; g++) {
			const group = trie.shelfGroups[g];
			if (group >= bound) {
				break;
			}
			this.candidates[count++] = group;
		}
		return count;
	}

	private verify(group: number, text: string, name: string): boolean {
		if (this.kind[group] === OPAQUE) {
			return (this.opaque.get(group) as NamePattern).matches(name);
		}
		if (!longEnough(this.minLength, this.hasRun, group, text.length)) {
			return false;
		}
		for (let r = this.requiredStart[group]; r < this.requiredStart[group + 1]; r++) {
			if (this.marked[this.requiredNode[r]] !== this.mark) {
				return false;
			}
		}
		return this.decided[group] === 1 || matchSegments(this.segments[group] as readonly string[], text);
	}
}

/** The position of `value` in the sorted run sorted[start … end), or -1. */
function findIn(sorted: Int32Array, start: number, end: number, value: number): number {
	let low = start;
	let high = end;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle] === value) {
			return middle;
		}
		if (sorted[middle] < value) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	return -1;
}

/** Sorts candidates[0 … count): a handful in place, more with the typed array's numeric sort. */
function sortPrefix(candidates: Int32Array, count: number): void {
	if (count > 16) {
		candidates.subarray(0, count).sort();
		return;
	}
	for (let i = 1; i < count; i++) {
		const value = candidates[i];
		let j = i - 1;
		while (j >= 0 && candidates[j] > value) {
			candidates[j + 1] = candidates[j];
			j--;
		}
		candidates[j + 1] = value;
	}
}
