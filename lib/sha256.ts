/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) in plain TypeScript, for signing webhooks
 * from inside Rocket.Chat's app runtimes: apps get no npm packages and no Node built-ins there,
 * and Web Crypto is not a global of the vm2 sandbox that older servers run apps in.
 */
import { utf8Bytes } from './utf8';

/** What is hashed: bytes, or a string, which is hashed as its UTF-8 bytes. */
export type HashInput = string | Uint8Array;

const BLOCK_BYTES = 64;

// Round constants and initial state (FIPS 180-4 §4.2.2, §5.3.3). Held as signed 32-bit words:
// every sum below is cut back to 32 bits with `| 0`, so the sign never matters.
const K = new Int32Array([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
	0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
	0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
	0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL_STATE = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** One 64-byte block of `bytes` at `offset` into `state`; `w` is the message schedule's scratch space. */
function compress(state: Int32Array, w: Int32Array, bytes: Uint8Array, offset: number): void {
	for (let t = 0; t < 16; t++) {
		const i = offset + t * 4;
		w[t] = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
	}
	for (let t = 16; t < 64; t++) {
		const w15 = w[t - 15];
		const w2 = w[t - 2];
		const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
		const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
		w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
	}
	let a = state[0];
	let b = state[1];
	let c = state[2];
	let d = state[3];
	let e = state[4];
	let f = state[5];
	let g = state[6];
	let h = state[7];
	for (let t = 0; t < 64; t++) {
		const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
		const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
		const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
		const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
		h = g;
		g = f;
		f = e;
		e = (d + t1) | 0;
		d = c;
		c = b;
		b = a;
		a = (t1 + t2) | 0;
	}
	state[0] = (state[0] + a) | 0;
	state[1] = (state[1] + b) | 0;
	state[2] = (state[2] + c) | 0;
	state[3] = (state[3] + d) | 0;
	state[4] = (state[4] + e) | 0;
	state[5] = (state[5] + f) | 0;
	state[6] = (state[6] + g) | 0;
	state[7] = (state[7] + h) | 0;
}

/**
 * The digest of one block `first` (if any) followed by `message`. HMAC's padded key is exactly
 * one block, so its hashes take it that way and the message is never copied behind it; only the
 * message's last partial block is, with the padding (FIPS 180-4 §5.1.1).
 */
function digestOf(first: Uint8Array | undefined, message: Uint8Array): Uint8Array {
	const state = Int32Array.from(INITIAL_STATE);
	const w = new Int32Array(64);
	if (first) compress(state, w, first, 0);
	const whole = message.length - (message.length % BLOCK_BYTES);
	for (let offset = 0; offset < whole; offset += BLOCK_BYTES) compress(state, w, message, offset);

	// The 0x80 byte and the 8-byte length need 9 bytes: a rest of 56 bytes or more spills into a second block.
	const rest = message.length - whole;
	const tail = new Uint8Array(rest < BLOCK_BYTES - 8 ? BLOCK_BYTES : 2 * BLOCK_BYTES);
	tail.set(message.subarray(whole));
	tail[rest] = 0x80;
	// The length in bits as a 64-bit big-endian number, in two halves: bit operators only reach 32 bits.
	const bytes = (first ? BLOCK_BYTES : 0) + message.length;
	const high = Math.floor(bytes / 0x20000000);
	const low = (bytes * 8) >>> 0;
	for (let i = 0; i < 4; i++) {
		tail[tail.length - 8 + i] = high >>> (24 - 8 * i);
		tail[tail.length - 4 + i] = low >>> (24 - 8 * i);
	}
	for (let offset = 0; offset < tail.length; offset += BLOCK_BYTES) compress(state, w, tail, offset);

	const digest = new Uint8Array(32);
	for (let i = 0; i < 32; i++) digest[i] = state[i >> 2] >>> (24 - 8 * (i & 3));
	return digest;
}

function bytesOf(input: HashInput): Uint8Array {
	// typeof, not instanceof: a Uint8Array made in another realm (a sandbox's) is no instance of this one's.
	return typeof input === 'string' ? utf8Bytes(input) : input;
}

/** The 32-byte SHA-256 digest of `message`. */
export function sha256(message: HashInput): Uint8Array {
	return digestOf(undefined, bytesOf(message));
}

/** The 32-byte HMAC-SHA256 of `message` under `key` (RFC 2104; a key longer than a block is hashed first). */
export function hmacSha256(key: HashInput, message: HashInput): Uint8Array {
	let keyBytes = bytesOf(key);
	if (keyBytes.length > BLOCK_BYTES) keyBytes = sha256(keyBytes);
	const innerPad = new Uint8Array(BLOCK_BYTES);
	const outerPad = new Uint8Array(BLOCK_BYTES);
	for (let i = 0; i < BLOCK_BYTES; i++) {
		const byte = i < keyBytes.length ? keyBytes[i] : 0;
		innerPad[i] = byte ^ 0x36;
		outerPad[i] = byte ^ 0x5c;
	}
	return digestOf(outerPad, digestOf(innerPad, bytesOf(message)));
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Bytes as lower-case hex, two digits a byte. */
export function toHex(bytes: Uint8Array): string {
	let hex = '';
	for (let i = 0; i < bytes.length; i++) hex += HEX_PAIRS[bytes[i]];
	return hex;
}

const HEX = /^[0-9a-f]+$/i;

/**
 * Whether two hex digests are the same, in either case, in a time that depends on their length
 * only: a receiver that stopped at the first differing digit would tell a forger, by its response
 * time, how much of a guessed signature is right. The length is no secret (a SHA-256 digest is 64
 * digits), so digests of different lengths are unequal at once, and so is anything that is not
 * hex or is empty (two empty signatures must never pass as equal).
 */
export function hexDigestsEqual(a: string, b: string): boolean {
	if (a.length !== b.length || !HEX.test(a) || !HEX.test(b)) return false;
	let difference = 0;
	// Setting bit 0x20 lower-cases A–F and leaves the digits as they are.
	for (let i = 0; i < a.length; i++) difference |= (a.charCodeAt(i) | 0x20) ^ (b.charCodeAt(i) | 0x20);
	return difference === 0;
}
