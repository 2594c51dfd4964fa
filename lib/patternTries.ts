/**
 * The tries the pattern index (lib/patternIndex.ts) files its anchored groups in: leading pieces
 * read from a name's start, trailing pieces read from its end, and inner pieces, whose trie the
 * Aho–Corasick links make an automaton that reads a name once.
 */

/** Filed without a second piece: fetched whenever its anchor is found. */
export const ALONE = -1;

/** A group filed at a trie node, on the shelf of its second piece (an automaton node, or ALONE). */
export interface Filed {
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
export function shapeOf(texts: Iterable<string>): TrieShape {
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

/** Nodes whose children are looked up by scanning rather than by halving. */
const SCANNED_FANOUT = 8;

/**
 * A trie in flat typed arrays (a few bytes per node and edge, where a Map per node costs a
 * hundred), with the groups filed at its nodes. The root is met on most characters of a name,
 * so its ASCII edges are also in a direct table. Each node's bucket is a sorted run of second
 * pieces, shelf[shelfStart[node] … shelfStart[node + 1]) (ALONE first), and each shelf's groups
 * a sorted run, shelfGroups[groupStart[shelf] … groupStart[shelf + 1]).
 */
export class Trie {
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
export function automatonLinks(trie: Trie): { fail: Int32Array; output: Int32Array } {
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
