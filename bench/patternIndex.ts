/**
 * The compiled pattern index (lib/patternIndex.ts) against itself at two sizes, and against the
 * scan in order the policies make of short lists, measured side by side in one run (a section of
 * `npm run bench`). Prints ratios, which hold on a shared, noisy machine where absolute times do
 * not; the variants of a comparison are timed in turns, round after round, so that a change of
 * load hits them all, and the machine's load is printed with the figures.
 */
import type { BenchOptions } from './benchSupport';
import { fmt, heapOf, load, now, perDecision } from './benchSupport';
import { NONE_MATCHING, lastMatching, realisticRules } from './ruleShapes';
import type { NamePattern } from '../lib/namePattern';
import { parseNamePattern } from '../lib/namePattern';
import { compilePatternIndex } from '../lib/patternIndex';

function pattern(source: string): NamePattern {
	const parsed = parseNamePattern(source);
	if ('error' in parsed) throw new Error(parsed.error);
	return parsed;
}

/** The scan in order, as lib/patternLookup.ts makes it of lists under 16 patterns. */
const scanFirst = (patterns: readonly NamePattern[]) => (name: string) => patterns.find((candidate) => candidate.matches(name));
const scanAll = (patterns: readonly NamePattern[]) => (name: string) => patterns.filter((candidate) => candidate.matches(name));

export function benchPatternIndex(options: BenchOptions): void {
	const rounds = options.quick ? 11 : 31;
	// 1. 10,000 realistic rules against 10.
	const small = realisticRules(10);
	const large = realisticRules(10000);
	const smallPatterns = small.map(pattern);
	const largePatterns = large.map(pattern);
	const smallIndex = compilePatternIndex(smallPatterns);
	const largeIndex = compilePatternIndex(largePatterns);
	const lastSmall = lastMatching(small);
	const lastLarge = lastMatching(large);
	for (const [names, patterns, index] of [
		[lastSmall, smallPatterns, smallIndex],
		[lastLarge, largePatterns, largeIndex],
		[NONE_MATCHING, largePatterns, largeIndex],
	] as const) {
		for (const name of names) {
			const expected = patterns.filter((candidate) => candidate.matches(name));
			const got = index.allMatches(name);
			if (got.length !== expected.length || got.some((found, at) => found !== expected[at]) || index.firstMatch(name) !== expected[0]) {
				throw new Error(`the index and the scan disagree on ${name}`);
			}
		}
	}
	console.log(`1. Realistic rules (40% exact, 40% prefix, 15% suffix, 5% inner): ns per decision, fastest of ${rounds} interleaved rounds`);
	console.log('names                       | index, 10 | index, 10,000 | 10,000 ÷ 10 | scan, 10 | scan, 10,000 | scan ÷ index at 10,000');
	const realistic: number[] = [];
	for (const [label, smallNames, largeNames, question] of [
		['none matching, firstMatch', NONE_MATCHING, NONE_MATCHING, 'first'],
		['last matching, firstMatch', lastSmall, lastLarge, 'first'],
		['none matching, allMatches', NONE_MATCHING, NONE_MATCHING, 'all'],
		['last matching, allMatches', lastSmall, lastLarge, 'all'],
	] as const) {
		const first = question === 'first';
		const ask = (index: typeof smallIndex) => (first ? (name: string) => index.firstMatch(name) : (name: string) => index.allMatches(name));
		const scan = first ? scanFirst : scanAll;
		const times = perDecision(
			{
				small: { decide: ask(smallIndex), names: smallNames },
				large: { decide: ask(largeIndex), names: largeNames },
				scanSmall: { decide: scan(smallPatterns), names: smallNames },
			},
			rounds,
		);
		// The scan of 10,000 costs a thousand times more: timed apart, in fewer rounds.
		const { scanLarge } = perDecision({ scanLarge: { decide: scan(largePatterns), names: largeNames } }, 3);
		const ratio = times.large / times.small;
		realistic.push(ratio);
		console.log(
			`${label.padEnd(27)} | ${fmt(times.small).padStart(9)} | ${fmt(times.large).padStart(13)} | ${fmt(ratio).padStart(11)} | ${fmt(times.scanSmall).padStart(8)} | ${fmt(scanLarge).padStart(12)} | ${fmt(scanLarge / times.large).padStart(22)}`,
		);
	}
	const worstRealistic = Math.max(...realistic);
	console.log(`target 10,000 ÷ 10 ≤ 2 per decision: worst ${fmt(worstRealistic)} → ${worstRealistic <= 2 ? 'met' : 'NOT met'}; load now ${load()}\n`);

	// 2. 500 hostile patterns against 500 benign ones, on everyday names and on the names that
	// make backtracking explode (every `a`, the final `b`, no middle letter, or every letter).
	const hostile = Array.from({ length: 500 }, (_, i) => {
		const as = '*a'.repeat(3 + (i % 20));
		const middle = String.fromCharCode(99 + ((i >> 2) % 24)); // c … z
		return [`${as}*${middle}*b`, `${as}*${middle}*b*`, `a${as}*${middle}*b`, `*a?a${as}*${middle}*b`][i % 4];
	});
	const benign = realisticRules(500);
	const hostilePatterns = hostile.map(pattern);
	const benignPatterns = benign.map(pattern);
	const hostileIndex = compilePatternIndex(hostilePatterns);
	const benignIndex = compilePatternIndex(benignPatterns);
	const everyday = [...NONE_MATCHING, ...lastMatching(benign)];
	const lengths = [20, 40, 80];
	// Bait that no hostile pattern matches (no middle letter, or no final `b`), and bait that many match.
	const baitMissing = lengths.flatMap((length) => [`${'a'.repeat(length - 1)}b`, `${'a'.repeat(length)}`, `${'ab'.repeat(length / 2)}`]);
	const baitMatching = lengths.map((length) => `${'a'.repeat(length - 2)}cb`);
	for (const name of [...everyday, ...baitMissing, ...baitMatching]) {
		for (const [patterns, index] of [
			[hostilePatterns, hostileIndex],
			[benignPatterns, benignIndex],
		] as const) {
			if (index.firstMatch(name) !== patterns.find((candidate) => candidate.matches(name))) throw new Error(`the index and the scan disagree on ${name}`);
		}
	}
	const matchesPerBait = baitMatching.map((name) => hostileIndex.allMatches(name).length).join(', ');
	console.log(`2. 500 hostile patterns (\`*a*a*…*a*c*b\` and variants) against 500 benign ones (as in 1.): ns per decision, fastest of ${rounds} rounds`);
	console.log('names                                  | index, benign | index, hostile | hostile ÷ benign | scan, benign | scan, hostile');
	const hostileRatios: number[] = [];
	for (const [label, names, question] of [
		['everyday, firstMatch', everyday, 'first'],
		['everyday, allMatches', everyday, 'all'],
		['bait no hostile matches, firstMatch', baitMissing, 'first'],
		['bait no hostile matches, allMatches', baitMissing, 'all'],
		['bait hostile ones match, firstMatch', baitMatching, 'first'],
		['bait hostile ones match, allMatches', baitMatching, 'all'],
	] as const) {
		const first = question === 'first';
		const ask = (index: typeof hostileIndex) => (first ? (name: string) => index.firstMatch(name) : (name: string) => index.allMatches(name));
		const scan = first ? scanFirst : scanAll;
		const times = perDecision(
			{
				benign: { decide: ask(benignIndex), names },
				hostile: { decide: ask(hostileIndex), names },
				scanBenign: { decide: scan(benignPatterns), names },
				scanHostile: { decide: scan(hostilePatterns), names },
			},
			rounds,
		);
		hostileRatios.push(times.hostile / times.benign);
		console.log(
			`${label.padEnd(38)} | ${fmt(times.benign).padStart(13)} | ${fmt(times.hostile).padStart(14)} | ${fmt(times.hostile / times.benign).padStart(16)} | ${fmt(times.scanBenign).padStart(12)} | ${fmt(times.scanHostile).padStart(13)}`,
		);
	}
	console.log(
		`(bait names: \`aaa…ab\`, \`aaa…a\`, \`abab…\` and \`aaa…acb\` of ${lengths.join(', ')} characters; the last is matched by ${matchesPerBait} hostile patterns, each verified)`,
	);
	console.log(`hostile ÷ benign: ${hostileRatios.map(fmt).join(', ')}; load now ${load()}\n`);

	// 3. Growth with the name's length: every part of a decision reads the name a bounded number
	// of times, so doubling the name should double the time, whatever the patterns.
	console.log('3. Growth with the name length (no length cap): µs per decision, and growth when the name doubles (linear is ×2)');
	console.log('name length | 500 hostile, `aaa…ab` | ×      | 10,000 realistic, `proj-…` | ×');
	let previous: { hostile: number; realistic: number } | undefined;
	for (const length of options.quick ? [1000, 2000, 4000, 8000] : [1000, 2000, 4000, 8000, 16000, 32000]) {
		const times = perDecision(
			{
				hostile: { decide: (name) => hostileIndex.allMatches(name), names: [`${'a'.repeat(length - 1)}b`] },
				realistic: { decide: (name) => largeIndex.allMatches(name), names: [`proj-1001-${'x'.repeat(length - 10)}`] },
			},
			9,
		);
		const growth = (current: number, before: number | undefined) => (before === undefined ? '' : `×${fmt(current / before)}`);
		console.log(
			`${String(length).padStart(11)} | ${fmt(times.hostile / 1000).padStart(21)} | ${growth(times.hostile, previous?.hostile).padEnd(6)} | ${fmt(times.realistic / 1000).padStart(26)} | ${growth(times.realistic, previous?.realistic)}`,
		);
		previous = times;
	}
	console.log(`load now ${load()}\n`);

	// 4. Compiling 10,000 rules: time, and the heap the index holds (the patterns themselves exist
	// already, parsed with the settings, and are measured apart).
	/** Milliseconds to compile `patterns`: the fastest and the median of `runs`. */
	function compileMs(patterns: readonly NamePattern[], runs = 7): { fastest: number; median: number } {
		const samples: number[] = [];
		for (let run = 0; run < runs; run++) {
			const started = now();
			compilePatternIndex(patterns);
			samples.push(now() - started);
		}
		samples.sort((a, b) => a - b);
		return { fastest: samples[0], median: samples[Math.floor(runs / 2)] };
	}
	const innerOnly = Array.from({ length: 10000 }, (_, i) => `*-ops-${1000 + i}-*`).map(pattern);
	const mixedHostile = Array.from({ length: 10000 }, (_, i) => `${hostile[i % 500].replace('*b', `*b${i}`)}`).map(pattern);
	console.log('4. Compiling 10,000 patterns: ms, fastest and median of 7 (after one to warm up), and heap held per index (mean of 10 copies)');
	console.log('set                                  | compile ms, fastest (median) | index heap MB | patterns heap MB');
	for (const [label, patterns] of [
		['realistic (as in 1.)', largePatterns],
		['all inner (`*-ops-1234-*`)', innerOnly],
		['all hostile (`*a*a*…*c*b1234`)', mixedHostile],
	] as const) {
		compilePatternIndex(patterns);
		const ms = compileMs(patterns);
		const sources = patterns.map((candidate) => candidate.source);
		const patternsMb = heapOf(() => sources.map(pattern)) / 2 ** 20;
		const indexMb = heapOf(() => compilePatternIndex(patterns)) / 2 ** 20;
		console.log(
			`${label.padEnd(36)} | ${`${fmt(ms.fastest)} (${fmt(ms.median)})`.padStart(28)} | ${fmt(indexMb).padStart(13)} | ${fmt(patternsMb).padStart(16)}`,
		);
	}
	console.log(`load now ${load()}`);
}
