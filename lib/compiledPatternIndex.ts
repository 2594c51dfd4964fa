/**
 * The compiled pattern index: what compilePatternIndex (lib/patternIndex.ts, which says how a
 * decision is made and what it costs) returns. It holds the groups, the tries and the automaton
 * compiling filed them in, and answers each decision from them with scratch arrays of its own.
 * It is a PatternIndex by shape, checked where compilePatternIndex returns it (naming the
 * interface here would import patternIndex.ts back).
 */
import type { NamePattern } from './namePattern';
import { matchSegments } from './namePattern';
import { Filing, OPAQUE, Shapes, groupPatterns, longEnough } from './patternFiling';
import type { Trie } from './patternTries';
import { ALONE, automatonLinks } from './patternTries';

/** Above every group id: "no match yet". */
const NONE = 0x7fffffff;

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

export class CompiledPatternIndex<T> {
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
