/**
 * How compiling sorts a pattern list for the index (lib/patternIndex.ts): identical patterns
 * into groups, each group by what it is made of, and each anchored group filed under its anchor
 * in the tries, with what a decision still has to check once the anchor is found.
 */
import type { NamePattern } from './namePattern';
import { globOf } from './namePattern';
import type { Piece, Sharing } from './patternGlobs';
import { ANY_RUN, INNER, PREFIX, SUFFIX, anchorCost, canonicalGlob, chooseAnchor, countInto, piecesOf, placeOf, sharingAt } from './patternGlobs';
import type { Filed } from './patternTries';
import { ALONE, Trie, shapeOf } from './patternTries';

/** Groups of identical patterns, numbered by their first entry, so that group order is list order. */
interface Grouping {
	/** Each group's canonical glob; undefined for an opaque pattern. */
	readonly globs: Array<string | undefined>;
	readonly members: number[][];
	readonly opaque: Map<number, NamePattern>;
}

export function groupPatterns(patterns: readonly NamePattern[]): Grouping {
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

/** What a group of identical patterns is, which says where a decision looks for it. */
const EXACT = 0; // no wildcard: a Map lookup
const WILDCARDS = 1; // only `*` and `?`: decided by the name's length
const ANCHORED = 2; // filed under one of its literal pieces
export const OPAQUE = 3; // not made by parseNamePattern: its glob is unknown, so it is tried on every name

/** Whether a name of `length` has as many characters as a glob needs (exactly, without `*`). */
export function longEnough(minLength: Int32Array, hasRun: Uint8Array, group: number, length: number): boolean {
	return hasRun[group] === 1 ? length >= minLength[group] : length === minLength[group];
}

/** What each group is made of, read once from its glob. */
export class Shapes {
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

/** `text` read from its end, by UTF-16 unit as the suffix trie is walked (not by code point). */
function reversed(text: string): string {
	let backwards = '';
	for (let i = text.length - 1; i >= 0; i--) {
		backwards += text[i];
	}
	return backwards;
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
export class Filing {
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
