import type { NamePattern } from '../../../lib/namePattern';
import * as namePatternModule from '../../../lib/namePattern';
import { MAX_PATTERN_LENGTH, parseNamePattern } from '../../../lib/namePattern';
import { compilePatternIndex } from '../../../lib/patternIndex';

function pattern(text: string): NamePattern {
	const parsed = parseNamePattern(text);
	if ('error' in parsed) {
		throw new Error(parsed.error);
	}
	return parsed;
}

/** The index over `sources`, answering with positions in the list, as the scan would. */
function indexOf(sources: readonly string[]) {
	const index = compilePatternIndex(
		sources.map((source, at) => ({ at, pattern: pattern(source) })),
		(entry) => entry.pattern,
	);
	return {
		first: (name: string) => index.firstMatch(name)?.at ?? -1,
		all: (name: string) => index.allMatches(name).map((entry) => entry.at),
	};
}

/** What the policies do today: try the patterns in order. */
function scan(patterns: readonly NamePattern[], name: string) {
	const all = patterns.flatMap((candidate, at) => (candidate.matches(name) ? [at] : []));
	return { first: all.length > 0 ? all[0] : -1, all };
}

/** A small seeded generator (mulberry32), so that a failing random case can be replayed. */
function random(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const below = (n: number) => Math.floor(next() * n);
	const pick = <T>(items: readonly T[]): T => items[below(items.length)];
	return { next, below, pick };
}

describe('pattern index', () => {
	describe('answers as the scan in order does', () => {
		it.each([
			// [patterns, name, first, all]
			[['general'], 'general', 0, [0]],
			[['general'], 'GENERAL', 0, [0]],
			[['General'], 'general', 0, [0]],
			[['general'], 'general-2', -1, []],
			[['general'], 'genera', -1, []],
			[['proj-*'], 'proj-', 0, [0]],
			[['proj-*'], 'proj-1234-design', 0, [0]],
			[['proj-*'], 'my-proj-1', -1, []],
			[['*-archive'], 'sales-archive', 0, [0]],
			[['*-archive'], '-archive', 0, [0]],
			[['*-archive'], 'sales-archive-2', -1, []],
			[['*secret*'], 'top-secret-plans', 0, [0]],
			[['*secret*'], 'secret', 0, [0]],
			[['*secret*'], 'secre', -1, []],
			[['team-?'], 'team-a', 0, [0]],
			[['team-?'], 'team-ab', -1, []],
			[['team-?'], 'team-', -1, []],
			[['?-team'], 'a-team', 0, [0]],
			[['?-team'], 'ab-team', -1, []],
			[['a?c'], 'abc', 0, [0]],
			[['a?c'], 'ac', -1, []],
			[['a*b*c'], 'abc', 0, [0]],
			[['a*b*c'], 'aXbYc', 0, [0]],
			[['a*b*c'], 'acb', -1, []],
			[['*ab*ab*'], 'xabyab', 0, [0]],
			[['*ab*ab*'], 'xaby', -1, []],
			[['*ab*ab*'], 'xaba', -1, []],
			[['*aba*aba*'], 'ababa', -1, []],
			[['*aba*aba*'], 'abaaba', 0, [0]],
			[['p*x*s'], 'pxs', 0, [0]],
			[['p*x*s'], 'ps', -1, []],
			[['ab?cd*'], 'abxcd', 0, [0]],
			[['ab?cd*'], 'abxce', -1, []],
			[['*'], '', 0, [0]],
			[['*'], 'anything', 0, [0]],
			[['?'], '', -1, []],
			[['?'], 'a', 0, [0]],
			[['??'], 'a', -1, []],
			[['?*?'], 'a', -1, []],
			[['?*?'], 'ab', 0, [0]],
			[['?*?'], 'abcdef', 0, [0]],
			[['a.b'], 'a.b', 0, [0]],
			[['a.b'], 'axb', -1, []],
			[['[x]'], '[x]', 0, [0]],
			[[], 'general', -1, []],
		] as Array<[string[], string, number, number[]]>)('%j on %j: first %d, all %j', (sources, name, first, all) => {
			const index = indexOf(sources);
			expect(index.first(name)).toBe(first);
			expect(index.all(name)).toEqual(all);
			expect(scan(sources.map(pattern), name)).toEqual({ first, all });
		});
	});

	describe('keeps the admin order', () => {
		it.each([
			// Identical patterns, up to case and to how a run of wildcards is written.
			[['proj-*', 'PROJ-*', 'proj-**', 'Proj-*'], 'proj-1', 0, [0, 1, 2, 3]],
			[['a*?b', 'a?*b', 'a**?*b', 'A?B'], 'axb', 0, [0, 1, 2, 3]],
			[['a*?b', 'a?*b', 'a**?*b', 'A?B'], 'axyb', 0, [0, 1, 2]],
			[['*', '**', '*?', '?*'], 'x', 0, [0, 1, 2, 3]],
			[['*', '**', '*?', '?*'], '', 0, [0, 1]],
			// Identical patterns interleaved with others: each keeps its own place.
			[['a*', 'b*', 'A*', '*', 'a*'], 'abc', 0, [0, 2, 3, 4]],
			[['b*', 'a*', 'x', 'A*'], 'ab', 1, [1, 3]],
			// Overlapping patterns of every kind: the first in the list wins, whichever index finds it.
			[['*-archive', 'proj-*', 'proj-1-archive', '*1*', '*'], 'proj-1-archive', 0, [0, 1, 2, 3, 4]],
			[['*', '*-archive', 'proj-*', 'proj-1-archive', '*1*'], 'proj-1-archive', 0, [0, 1, 2, 3, 4]],
			[['*1*', 'proj-1-archive', 'proj-*', '*-archive'], 'proj-1-archive', 0, [0, 1, 2, 3]],
			[['proj-1-archive', '*1*', '*-archive', 'proj-*'], 'Proj-1-Archive', 0, [0, 1, 2, 3]],
			[['proj-2*', 'proj-1*', 'proj-*', 'proj-1-*'], 'proj-1-x', 1, [1, 2, 3]],
			[['*-b', '*-a-b', '*b', 'x-a-b'], 'x-a-b', 0, [0, 1, 2, 3]],
			[['??????', '*?', 'x?????', 'xyzzy?'], 'xyzzy!', 0, [0, 1, 2, 3]],
			[['x?????', '*', '??????'], 'xyzzy!', 0, [0, 1, 2]],
			[['?????', '*??????*', '*'], 'xyzzy!', 1, [1, 2]],
			[['?????', '*???????*', '*'], 'xyzzy!', 2, [2]],
		] as Array<[string[], string, number, number[]]>)('%j on %j: first %d, all %j', (sources, name, first, all) => {
			const index = indexOf(sources);
			expect(index.first(name)).toBe(first);
			expect(index.all(name)).toEqual(all);
			expect(scan(sources.map(pattern), name)).toEqual({ first, all });
		});

		it('returns the entries themselves, duplicates included, and copies the list it is given', () => {
			const rules = [
				{ id: 'a', pattern: pattern('proj-*') },
				{ id: 'b', pattern: pattern('*-x') },
				{ id: 'c', pattern: pattern('proj-*') },
			];
			const index = compilePatternIndex(rules, (rule) => rule.pattern);
			rules.reverse();
			expect(index.size).toBe(3);
			expect(index.firstMatch('proj-x')?.id).toBe('a');
			expect(index.allMatches('proj-x').map((rule) => rule.id)).toEqual(['a', 'b', 'c']);
		});

		it('takes a list of patterns as it is', () => {
			const patterns = ['secret-*', '*-archive'].map(pattern);
			const index = compilePatternIndex(patterns);
			expect(index.firstMatch('sales-archive')).toBe(patterns[1]);
			expect(index.allMatches('secret-archive')).toEqual(patterns);
			expect(index.firstMatch('general')).toBeUndefined();
			expect(compilePatternIndex([]).allMatches('x')).toEqual([]);
		});
	});

	describe('patterns made elsewhere than parseNamePattern', () => {
		// Its source claims one glob and its matches() does something else: only matches() is the truth.
		const odd: NamePattern = { source: 'never-*', matches: (name) => name.length % 2 === 0 };

		it('are tried on every name with their own matches(), in their place', () => {
			const rules = [
				{ id: 'ab', pattern: pattern('ab*') },
				{ id: 'odd', pattern: odd },
				{ id: 'any', pattern: pattern('*') },
				{ id: 'odd again', pattern: odd },
			];
			const index = compilePatternIndex(rules, (rule) => rule.pattern);
			const ids = (name: string) => index.allMatches(name).map((rule) => rule.id);
			expect(ids('abcd')).toEqual(['ab', 'odd', 'any', 'odd again']);
			expect(ids('abc')).toEqual(['ab', 'any']);
			expect(ids('never-x')).toEqual(['any']);
			expect(index.firstMatch('xy')?.id).toBe('odd');
			expect(index.firstMatch('xyz')?.id).toBe('any');
		});
	});

	describe('names of any length and of any alphabet', () => {
		it('decides 100,000-character names as the scan does, quickly', () => {
			const sources = ['proj-*', '*-archive', '*secret*', `${'*a'.repeat(40)}*b`, '*a*a*a*c*b', `${'?'.repeat(150)}*`, 'x?*y', '*ab?ba*'];
			const patterns = sources.map(pattern);
			const index = indexOf(sources);
			const names = [
				'a'.repeat(100000),
				`${'a'.repeat(99999)}b`,
				`proj-${'x'.repeat(99995)}`,
				`${'x'.repeat(99992)}-archive`,
				`x${'ab'.repeat(50000)}y`,
				`${'z'.repeat(50000)}secret${'z'.repeat(50000)}`,
				`${'ab'.repeat(25000)}ba${'c'.repeat(50000)}`,
			];
			const started = Date.now();
			for (const name of names) {
				expect({ first: index.first(name), all: index.all(name) }).toEqual(scan(patterns, name));
			}
			// Linear work on 700,000 characters; a quadratic matcher would take minutes.
			expect(Date.now() - started).toBeLessThan(5000);
		});

		it.each([
			// Lower-casing may lengthen a name (İ becomes i and a combining dot); `?` is one UTF-16 unit, as in the matcher.
			[['i?*'], 'İstanbul'],
			[['i̇stanbul'], 'İstanbul'],
			[['*ß*'], 'STRASSE'],
			[['*ß*'], 'straße'],
			[['??'], '😀'],
			[['?'], '😀'],
			[['*😀'], 'party-😀'],
			[['ελλάδα-*', '*-ΑΡΧΕΊΟ'], 'ΕΛΛΆΔΑ-αρχείο'],
			[['équipe-*'], 'ÉQUIPE-nord'],
			[['*-ünïcode-*', '*ü*'], 'x-ÜNÏCODE-y'],
		] as Array<[string[], string]>)('%j on %j as the scan', (sources, name) => {
			const index = indexOf(sources);
			expect({ first: index.first(name), all: index.all(name) }).toEqual(scan(sources.map(pattern), name));
		});
	});

	describe('does work that does not grow with the list', () => {
		let matcherCalls: jest.SpyInstance;
		beforeEach(() => {
			matcherCalls = jest.spyOn(namePatternModule, 'matchSegments');
		});
		afterEach(() => matcherCalls.mockRestore());

		it('verifies identical patterns once', () => {
			const sources = Array.from({ length: 100 }, (_, i) => ['a*b*c', 'A*B*C', 'a**b*c', 'a*b**c'][i % 4]);
			const index = indexOf(sources);
			expect(index.all('axbxc')).toEqual(sources.map((_, at) => at));
			expect(matcherCalls).toHaveBeenCalledTimes(1);
		});

		it('runs the matcher on no pattern the name cannot match, in 10,000 rules', () => {
			const sources = Array.from({ length: 10000 }, (_, i) => [`proj-${i}-*`, `*-archive-${i}`, `team-${i}`, `*-ops-${i}-*`, `x?-${i}-*-y`][i % 5]);
			const index = indexOf(sources);
			expect(index.first('proj-9995-design')).toBe(9995);
			expect(index.all('chat-general')).toEqual([]);
			expect(index.all('proj-12345-x-archive-9996')).toEqual([9996]);
			expect(index.all('team-9997')).toEqual([9997]);
			expect(index.all('big-ops-9998-room')).toEqual([9998]);
			expect(index.all('xa-9999-room-y')).toEqual([9999]);
			expect(index.all('xa-9999-room-z')).toEqual([]);
			// Only `x?-9999-*-y` needs its matcher (its anchor `-9999-` is an inner piece), once per decision.
			expect(matcherCalls).toHaveBeenCalledTimes(2);
		});

		it('drops a candidate that is too short or lacks an inner piece before running its matcher', () => {
			// Both are filed under their long prefix; `-secret-` is left for the automaton to tell.
			const index = indexOf(['proj-1234-*-secret-*', 'proj-1234-*-secret-*-x', 'proj-1234-????????????????-*']);
			expect(index.all('proj-1234-public')).toEqual([]);
			expect(index.all('proj-1234-x-secrets')).toEqual([]);
			expect(matcherCalls).not.toHaveBeenCalled();
			expect(index.all('proj-1234-x-secret-y')).toEqual([0]);
			expect(matcherCalls).toHaveBeenCalledTimes(2);
		});

		it('reads a hostile pattern without backtracking', () => {
			const sources = Array.from({ length: 500 }, (_, i) => `${'*a'.repeat(3 + (i % 20))}*${String.fromCharCode(99 + (i % 24))}*b`);
			const index = indexOf(sources);
			const patterns = sources.map(pattern);
			for (const name of [`${'a'.repeat(5000)}b`, `${'a'.repeat(5000)}cb`, `${'a'.repeat(5000)}`]) {
				expect({ first: index.first(name), all: index.all(name) }).toEqual(scan(patterns, name));
			}
			// `aaa…ab` lacks every middle letter: no hostile pattern reaches its matcher.
			matcherCalls.mockClear();
			index.all(`${'a'.repeat(5000)}b`);
			expect(matcherCalls).not.toHaveBeenCalled();
		});
	});

	describe('randomized against the scan in order', () => {
		type Rng = ReturnType<typeof random>;

		const letters = (rng: Rng, alphabet: string, length: number) =>
			Array.from({ length }, () => {
				const letter = rng.pick(alphabet.split(''));
				return rng.next() < 0.1 ? letter.toUpperCase() : letter;
			}).join('');

		/** A random glob over `alphabet`, or one cut from a name (characters turned into `?`, runs into `*`). */
		function randomGlob(rng: Rng, alphabet: string, longest: number, names: readonly string[]): string {
			let glob = '';
			if (names.length > 0 && rng.next() < 0.3) {
				const name = rng.pick(names);
				for (let i = 0; i < name.length; i++) {
					const roll = rng.next();
					if (roll < 0.1) {
						glob += '?';
					} else if (roll < 0.2) {
						glob += rng.pick(['*', '**', '*?', '?*']);
						i += rng.below(3);
					} else {
						glob += rng.next() < 0.2 ? name[i].toUpperCase() : name[i];
					}
				}
			} else {
				const length = 1 + rng.below(longest);
				for (let i = 0; i < length; i++) {
					glob += rng.pick(['*', '*', '?', ...alphabet.split('')]) === '*' ? '*' : '';
					glob += rng.next() < 0.15 ? '?' : letters(rng, alphabet, 1);
				}
			}
			// Wildcards alone match most names: kept, but rare, so that the lists do not match everything.
			return glob === '' || (/^[*?]+$/.test(glob) && rng.next() < 0.95) ? randomGlob(rng, alphabet, longest, names) : glob;
		}

		/** A name the glob matches, most of the time: `*` becomes a few letters, `?` one, a letter sometimes another. */
		function nameFrom(rng: Rng, alphabet: string, glob: string): string {
			let name = '';
			for (const character of glob) {
				if (character === '*') {
					name += letters(rng, alphabet, rng.below(4));
				} else if (character === '?') {
					name += letters(rng, alphabet, 1);
				} else {
					name += rng.next() < 0.05 ? letters(rng, alphabet, 1) : character;
				}
			}
			return name;
		}

		it.each([
			// [seed, alphabet, patterns per list, longest random glob, lists, names per list]
			[1, 'ab', 30, 8, 60, 200],
			[2, 'abc', 100, 10, 30, 300],
			[3, 'ab-', 300, 14, 10, 500],
			[4, 'abcdefgh-', 3000, 16, 2, 2000],
			[5, 'aé-', 50, 8, 40, 200],
			[6, 'abcd-', 1000, 20, 3, 1000],
		])('seed %d over %j: %d patterns of up to %d characters, %d lists, %d names each', (seed, alphabet, patternCount, longest, lists, nameCount) => {
			const rng = random(seed);
			let decisions = 0;
			let late = 0;
			let pairs = 0;
			let matchedPairs = 0;
			for (let list = 0; list < lists; list++) {
				const seeds = Array.from({ length: 50 }, () => letters(rng, alphabet, rng.below(longest + 4)));
				const sources = Array.from({ length: patternCount }, () => randomGlob(rng, alphabet, longest, seeds));
				// Repeats, so that identical patterns (and their spellings) are common.
				for (let r = 0; r < patternCount / 10; r++) {
					sources[rng.below(patternCount)] = rng.pick(sources);
				}
				// Half the names come from a pattern anywhere in the list, half are random.
				const names = Array.from({ length: nameCount }, (_, n) =>
					n % 2 === 0 ? nameFrom(rng, alphabet, rng.pick(sources)) : letters(rng, alphabet, rng.below(longest + 4)),
				);
				const patterns = sources.map(pattern);
				const index = indexOf(sources);
				for (const name of names) {
					const expected = scan(patterns, name);
					const got = { first: index.first(name), all: index.all(name) };
					if (got.first !== expected.first || got.all.join() !== expected.all.join()) {
						throw new Error(`seed ${seed}, list ${list}: ${JSON.stringify({ sources, name, expected, got })}`);
					}
					decisions++;
					late += expected.first < 0 || expected.first >= patterns.length / 10 ? 1 : 0;
					pairs += patterns.length;
					matchedPairs += expected.all.length;
				}
			}
			// For the comparison to mean anything, names must match some patterns but not most, and
			// the first match must often lie past the list's head (or nowhere).
			expect(matchedPairs).toBeGreaterThan(pairs * 0.001);
			expect(matchedPairs).toBeLessThan(pairs * 0.5);
			expect(late).toBeGreaterThan(decisions * 0.2);
		});

		it('agrees on long patterns and long names', () => {
			const rng = random(7);
			for (let list = 0; list < 20; list++) {
				const seeds = Array.from({ length: 20 }, () => letters(rng, 'ab', rng.below(400)));
				const sources = Array.from({ length: 50 }, () => randomGlob(rng, 'ab', 30, seeds).slice(0, MAX_PATTERN_LENGTH));
				const patterns = sources.map(pattern);
				const index = indexOf(sources);
				const names = [...seeds, ...sources.map((source) => nameFrom(rng, 'ab', source))];
				for (const name of names) {
					expect({ first: index.first(name), all: index.all(name) }).toEqual(scan(patterns, name));
				}
			}
		});
	});
});
