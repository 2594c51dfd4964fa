/**
 * The name-pattern matcher against the regular expression a naive port of the same globs would
 * build, measured side by side in one run (a section of `npm run bench`). Prints ratios, which
 * hold on a shared, noisy machine where absolute times do not.
 */
import { fmt, load } from './benchSupport';
import { parseNamePattern } from '../lib/namePattern';

function matcherOf(source: string): (name: string) => boolean {
	const parsed = parseNamePattern(source);
	if ('error' in parsed) throw new Error(parsed.error);
	return (name) => parsed.matches(name);
}

/** What a glob usually becomes when ported by hand: `*` → `.*`, `?` → `.`, anchored. */
function naiveRegexOf(source: string): (name: string) => boolean {
	const body = source
		.replace(/[.+^${}()|[\]\\]/g, '\\$&')
		.replace(/\*/g, '.*')
		.replace(/\?/g, '.');
	const regex = new RegExp(`^${body}$`, 'i');
	return (name) => regex.test(name);
}

/** Median milliseconds of `runs` timings of `work`. */
function time(work: () => void, runs = 7): number {
	const samples: number[] = [];
	for (let run = 0; run < runs; run++) {
		const started = process.hrtime.bigint();
		work();
		samples.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export function benchPatternMatching(): void {
	// 1. Growth with the name's length, on a pattern that makes backtracking explode: the name
	// holds every `a` and the final `b` but no `c`, so a backtracking engine tries every placement
	// of the `a`s before it gives up, while a single left-to-right pass reads the name once.
	const hostile = '*a*a*a*a*a*c*b';
	const ours = matcherOf(hostile);
	const naive = naiveRegexOf(hostile);
	console.log(`Pattern "${hostile}" against "aaa…ab" (no match): time per match, and growth when the name doubles`);
	console.log('name length | Room Events ms | naive regex ms | regex / Room Events');
	let previous: { ours: number; naive: number } | undefined;
	const growth: Array<{ ours: number; naive: number }> = [];
	for (const length of [20, 40, 80]) {
		const name = `${'a'.repeat(length - 1)}b`;
		const repeat = 20000;
		const oursMs =
			time(() => {
				for (let i = 0; i < repeat; i++) ours(name);
			}) / repeat;
		if (ours(name) !== naive(name)) throw new Error(`the matchers disagree on ${name}`);
		const naiveMs = time(() => naive(name), 3);
		if (previous) growth.push({ ours: oursMs / previous.ours, naive: naiveMs / previous.naive });
		previous = { ours: oursMs, naive: naiveMs };
		console.log(`${String(length).padStart(11)} | ${fmt(oursMs).padStart(14)} | ${fmt(naiveMs).padStart(14)} | ${fmt(naiveMs / oursMs).padStart(19)}`);
	}
	for (const [i, step] of growth.entries()) {
		console.log(`doubling ${i + 1}: Room Events ×${fmt(step.ours)} (linear would be ×2), naive regex ×${fmt(step.naive)}`);
	}

	// 2. Everyday load: 40 patterns of the shapes admins write, checked against 20,000 names.
	const everyday = Array.from({ length: 10 }, (_, i) => [`proj-${i}*`, `*-archive-${i}`, `team-?${i}`, `sec*${i}*ops`]).flat();
	const names = Array.from({ length: 20000 }, (_, i) => `${['proj', 'team', 'sec', 'chat'][i % 4]}-${i % 97}-room-${i}${i % 5 === 0 ? '-archive-3' : ''}`);
	const oursAll = everyday.map(matcherOf);
	const naiveAll = everyday.map(naiveRegexOf);
	const check = (matchers: Array<(name: string) => boolean>) => () => names.forEach((name) => matchers.some((match) => match(name)));
	const agree = names.every((name) => oursAll.some((m) => m(name)) === naiveAll.some((m) => m(name)));
	const oursEveryday = time(check(oursAll));
	const naiveEveryday = time(check(naiveAll));
	console.log(`\nEveryday patterns (${everyday.length} patterns × ${names.length} names): both agree on every name: ${agree}`);
	console.log(`Room Events ${fmt(oursEveryday)} ms, naive regex ${fmt(naiveEveryday)} ms: Room Events / regex = ${fmt(oursEveryday / naiveEveryday)}`);
	console.log(`per event with ${everyday.length} patterns: ${fmt((oursEveryday / names.length) * 1000)} µs`);
	if (!agree) throw new Error('the matcher and the regex disagree on an everyday name');
	console.log(`load now ${load()}`);
}
