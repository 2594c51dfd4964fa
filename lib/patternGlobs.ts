/**
 * What the pattern index (lib/patternIndex.ts) reads in a glob: the one spelling of its set of
 * equivalent globs, its literal pieces, where each piece would be filed, and which of them it is
 * filed under (its anchor).
 */

const ANY_ONE = '?';
export const ANY_RUN = '*';

/** Where an anchored group is filed. */
export const PREFIX = 0;
export const SUFFIX = 1;
export const INNER = 2;

/** A maximal run of literal characters in a glob, at [start, end). */
export interface Piece {
	readonly text: string;
	readonly start: number;
	readonly end: number;
}

/**
 * One spelling for each set of equivalent globs: case is already folded, and a run of wildcards
 * holding k `?` and at least one `*` matches exactly the texts of length ≥ k, so it is written
 * as k `?` then one `*`. Equivalent patterns then share one group and one verification.
 */
export function canonicalGlob(glob: string): string {
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

export function piecesOf(glob: string): Piece[] {
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

/** How many groups could share each bucket, for the choice of anchors. */
export interface Sharing {
	readonly prefix: Map<string, number>;
	readonly suffix: Map<string, number>;
	readonly inner: Map<string, number>;
}

/** The counts of pieces filed at `place`. */
export function sharingAt(sharing: Sharing, place: number): Map<string, number> {
	if (place === PREFIX) {
		return sharing.prefix;
	}
	return place === SUFFIX ? sharing.suffix : sharing.inner;
}

export function countInto(counts: Map<string, number>, key: string): void {
	counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Where a piece of `glob` would be filed. */
export function placeOf(piece: Piece, glob: string): number {
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
export function anchorCost(piece: Piece, place: number, sharing: Sharing): number {
	const shared = sharingAt(sharing, place).get(piece.text) ?? 1;
	return Math.log2(shared) - 4 * (piece.text.length + (place === INNER ? 0 : 2));
}

export function chooseAnchor(pieces: readonly Piece[], glob: string, sharing: Sharing): { piece: Piece; place: number } {
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
