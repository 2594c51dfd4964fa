/**
 * `npx tsc -p tsconfig.bench.json && node build/bench/bench/hmac.js`: the app's HMAC-SHA256
 * (lib/sha256.ts, plain TypeScript, as the app runtimes allow) against node:crypto's native one,
 * signing 1 KB webhook bodies. The two take turns, round after round, so that a busy machine slows
 * both alike; the load average is printed beside the figures, and nothing is asserted on time.
 */
import { createHmac } from 'node:crypto';
import { cpus, loadavg } from 'node:os';

import { hmacSha256, toHex } from '../lib/sha256';

const BODY_BYTES = 1024;
const ROUNDS = 7;
const SIGNATURES_PER_ROUND = 5000;

const secret = 'whsec_5f0c1e9a7b3d4c2e8f6a1b0c9d8e7f6a';
const record = JSON.stringify({ event: 'created', room: { id: 'GENERAL', name: 'proj-x' }, user: 'alice', reason: 'naming rule priv-*', dryRun: false });
// An audit record padded to exactly 1 KB of JSON (ASCII, so characters are bytes).
const head = `${record.slice(0, -1)},"padding":"`;
const body = `${head}${'x'.repeat(BODY_BYTES - head.length - 2)}"}`;
if (body.length !== BODY_BYTES) throw new Error(`the body is ${body.length} bytes, not ${BODY_BYTES}`);

type Signer = (timestamp: number) => string;
const ours: Signer = (timestamp) => toHex(hmacSha256(secret, `${timestamp}.${body}`));
const native: Signer = (timestamp) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** Signatures per second over one round; the last signature is kept so no work can be skipped. */
function round(sign: Signer, start: number): { perSecond: number; last: string } {
	let last = '';
	const started = process.hrtime.bigint();
	for (let i = 0; i < SIGNATURES_PER_ROUND; i++) last = sign(start + i);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { perSecond: SIGNATURES_PER_ROUND / seconds, last };
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

const load = () =>
	loadavg()
		.map((value) => value.toFixed(2))
		.join(' / ');

const timestamp = 1767225600;
for (const t of [timestamp, timestamp + 1]) {
	if (ours(t) !== native(t)) throw new Error(`the two HMACs disagree at timestamp ${t}`);
}

console.log(`HMAC-SHA256 of a timestamp and a ${BODY_BYTES}-byte JSON body, hex digest; median of ${ROUNDS} rounds of ${SIGNATURES_PER_ROUND} signatures each`);
console.log(`Machine: ${cpus().length} cores, load average (1 / 5 / 15 min) ${load()}`);

// A warm-up round each, so both are measured after the JIT has compiled them.
round(ours, 0);
round(native, 0);
const oursRates: number[] = [];
const nativeRates: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
	const first = r * SIGNATURES_PER_ROUND;
	// Alternate which goes first, so neither always runs on the warmer or the quieter half of a round.
	if (r % 2 === 0) {
		oursRates.push(round(ours, first).perSecond);
		nativeRates.push(round(native, first).perSecond);
	} else {
		nativeRates.push(round(native, first).perSecond);
		oursRates.push(round(ours, first).perSecond);
	}
}

const row = (name: string, perSecond: number) =>
	`${name.padEnd(22)} ${perSecond.toFixed(0).padStart(12)} ${((perSecond * BODY_BYTES) / 1e6).toFixed(1).padStart(9)} ${(1e6 / perSecond).toFixed(1).padStart(9)}`;
const oursMedian = median(oursRates);
const nativeMedian = median(nativeRates);
console.log(`${''.padEnd(22)} ${'signatures/s'.padStart(12)} ${'body MB/s'.padStart(9)} ${'µs each'.padStart(9)}`);
console.log(row('lib/sha256 (ours)', oursMedian));
console.log(row('node:crypto', nativeMedian));
console.log(`node:crypto / ours: ${(nativeMedian / oursMedian).toFixed(2)}`);
console.log(`Load average after the run: ${load()}`);
