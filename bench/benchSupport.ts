/**
 * What every section of `npm run bench` shares: the machine's load beside each figure, ratios
 * rather than pass/fail on time, timings taken in turns so that a change of load hits every
 * variant of a comparison alike, and heap readings after a collection.
 */
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `npm run bench -- --quick`: fewer rounds and smaller bursts, for a first look (figures are noisier). */
export interface BenchOptions {
	readonly quick: boolean;
}

export function benchOptions(argv: readonly string[]): BenchOptions {
	const unknown = argv.filter((argument) => argument !== '--quick');
	if (unknown.length > 0) throw new Error(`npm run bench takes --quick alone, not ${unknown.join(' ')}`);
	return { quick: argv.includes('--quick') };
}

/** The load average over 1, 5 and 15 minutes. */
export const load = () =>
	loadavg()
		.map((value) => value.toFixed(2))
		.join(' / ');

export const machine = () => `${cpus().length} cores, load average (1 / 5 / 15 min) ${load()}`;

/** Three significant figures, or whole numbers from 100 up. */
export const fmt = (value: number) => (value >= 100 ? value.toFixed(0) : value.toPrecision(3));

/** A count per event (round trips): whole numbers as they are, others to two decimals. */
export const perEventCount = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** Milliseconds, to the microsecond. */
export const now = () => Number(process.hrtime.bigint()) / 1e6;

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
	const started = now();
	const result = await work();
	return { result, ms: now() - started };
}

export interface Variant {
	readonly decide: (name: string) => unknown;
	readonly names: readonly string[];
}

/**
 * Nanoseconds per decision of each variant: `rounds` rounds, each timing every variant once in
 * turn, on its names repeated until the run lasts about `runMs`; the fastest round of each. On a
 * loaded machine other processes only ever add time to a run, so the fastest of many short runs
 * is the steadiest estimate of a variant's own cost, and the turns keep the variants' chances even.
 */
export function perDecision<K extends string>(variants: Record<K, Variant>, rounds = 31, runMs = 5): Record<K, number> {
	const entries = Object.entries(variants) as Array<[K, Variant]>;
	const repeats = new Map<K, number>();
	for (const [label, { decide, names }] of entries) {
		for (let repeat = 1; ; repeat *= 4) {
			const started = now();
			for (let r = 0; r < repeat; r++) for (const name of names) decide(name);
			const elapsed = now() - started;
			if (elapsed > runMs / 4 || repeat > 1e6) {
				repeats.set(label, Math.max(1, Math.round((repeat * runMs) / Math.max(elapsed, 0.001))));
				break;
			}
		}
	}
	const samples = new Map<K, number[]>(entries.map(([label]) => [label, []]));
	let sink = 0;
	for (let round = 0; round < rounds; round++) {
		for (const [label, { decide, names }] of entries) {
			const repeat = repeats.get(label) as number;
			const started = now();
			for (let r = 0; r < repeat; r++) for (const name of names) sink += decide(name) === undefined ? 0 : 1;
			(samples.get(label) as number[]).push(((now() - started) * 1e6) / (repeat * names.length));
		}
	}
	// Keeps the decisions' results alive, so that no engine can drop them as unused.
	if (sink < 0) console.log(sink);
	const fastest = {} as Record<K, number>;
	for (const [label, values] of samples) fastest[label] = Math.min(...values);
	return fastest;
}

// Heap figures need a collection before each reading; the bench is run without --expose-gc.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Bytes held per copy of what `make` makes: the JS heap, and the typed arrays' buffers, which V8 keeps outside it. */
export function heapOf(make: () => unknown, copies = 10): number {
	const held = () => {
		collect();
		const usage = process.memoryUsage();
		return usage.heapUsed + usage.arrayBuffers;
	};
	const before = held();
	const kept = Array.from({ length: copies }, make);
	const after = held();
	if (kept.length !== copies) throw new Error('lost a copy');
	return (after - before) / copies;
}

/** A table row: the first cell padded right, the others left, to the widths given. */
export function row(cells: ReadonlyArray<string | number>, widths: readonly number[]): string {
	return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i] ?? 0) : String(cell).padStart(widths[i] ?? 0))).join(' | ');
}
