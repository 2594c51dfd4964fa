import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { runInNewContext } from 'node:vm';

import { hexDigestsEqual, hmacSha256, sha256, toHex } from '../../../lib/sha256';

const nodeSha256 = (message: string | Uint8Array): string => createHash('sha256').update(message).digest('hex');
const nodeHmac = (key: string | Uint8Array, message: string | Uint8Array): string => createHmac('sha256', key).update(message).digest('hex');
const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const repeated = (byte: number, length: number): Uint8Array => new Uint8Array(length).fill(byte);

describe('SHA-256', () => {
	// FIPS 180-2, appendix B (the same messages as NIST's SHA-256 examples), and the empty message.
	it.each([
		['"abc" (one block)', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
		[
			'the 448-bit message (two blocks)',
			'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
			'248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
		],
		['one million "a"', 'a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
		['the empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
	])('hashes %s as FIPS 180-2 gives it', (_, message, expected) => {
		expect(toHex(sha256(message))).toBe(expected);
		expect(nodeSha256(message)).toBe(expected);
	});

	// 55 bytes leave room for the padding in the block, 56 do not; 64 is a whole block of message.
	const lengths = [0, 1, 54, 55, 56, 57, 62, 63, 64, 65, 118, 119, 120, 121, 127, 128, 129, 183, 184, 191, 192, 193];
	it.each(lengths)('hashes %i random bytes as node:crypto does', (length) => {
		const message = Uint8Array.from(randomBytes(length));
		expect(toHex(sha256(message))).toBe(nodeSha256(message));
	});

	it('hashes every length from 0 to 300 bytes as node:crypto does', () => {
		const mismatches = [];
		for (let length = 0; length <= 300; length++) {
			const message = 'x'.repeat(length);
			if (toHex(sha256(message)) !== nodeSha256(message)) mismatches.push(length);
		}
		expect(mismatches).toEqual([]);
	});

	it('hashes a string as its UTF-8 bytes', () => {
		const text = 'Réunion 📅 会議 \ud83d';
		expect(toHex(sha256(text))).toBe(nodeSha256(Buffer.from(text, 'utf8')));
		expect(toHex(sha256(text))).toBe(toHex(sha256(Uint8Array.from(Buffer.from(text, 'utf8')))));
	});

	it('hashes a view into a larger buffer by the view alone, and leaves the input as it was', () => {
		const buffer = Uint8Array.from(randomBytes(200));
		const view = buffer.subarray(13, 13 + 77);
		const before = Buffer.from(buffer).toString('hex');
		expect(toHex(sha256(view))).toBe(nodeSha256(view));
		expect(Buffer.from(buffer).toString('hex')).toBe(before);
	});

	it('hashes a Uint8Array made in another realm, as a sandbox hands it over', () => {
		const foreign = runInNewContext('new Uint8Array([0x61, 0x62, 0x63])') as Uint8Array;
		expect(foreign instanceof Uint8Array).toBe(false);
		expect(toHex(sha256(foreign))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
	});

	it('returns 32 bytes', () => {
		expect(sha256('abc')).toBeInstanceOf(Uint8Array);
		expect(sha256('abc').length).toBe(32);
	});
});

describe('HMAC-SHA256', () => {
	const longKey = repeated(0xaa, 131);
	// RFC 4231 §4.2–4.8, each case's key, data and HMAC-SHA256.
	it.each([
		['1', repeated(0x0b, 20), 'Hi There', 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
		['2 (a key shorter than the digest)', 'Jefe', 'what do ya want for nothing?', '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
		['3 (50 bytes of data)', repeated(0xaa, 20), repeated(0xdd, 50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
		[
			'4 (a 25-byte key)',
			bytes('0102030405060708090a0b0c0d0e0f10111213141516171819'),
			repeated(0xcd, 50),
			'82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
		],
		[
			'6 (a key longer than a block)',
			longKey,
			'Test Using Larger Than Block-Size Key - Hash Key First',
			'60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
		],
		[
			'7 (a key and data longer than a block)',
			longKey,
			'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
			'9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
		],
	])('RFC 4231 test case %s', (_, key, data, expected) => {
		expect(toHex(hmacSha256(key, data))).toBe(expected);
		expect(nodeHmac(key, data)).toBe(expected);
	});

	it('RFC 4231 test case 5 (truncated to 128 bits)', () => {
		const mac = hmacSha256(repeated(0x0c, 20), 'Test With Truncation');
		expect(toHex(mac.subarray(0, 16))).toBe('a3b6167473100ee06e0c796c2955552b');
	});

	it('takes a key of exactly one block as it is, and one byte longer hashed', () => {
		for (const length of [63, 64, 65]) {
			const key = Uint8Array.from(randomBytes(length));
			expect(toHex(hmacSha256(key, 'body'))).toBe(nodeHmac(key, 'body'));
		}
	});

	it('signs an empty key and an empty message as node:crypto does', () => {
		expect(toHex(hmacSha256('', ''))).toBe(nodeHmac('', ''));
	});

	it('agrees with node:crypto createHmac on 1,000 random keys and messages', () => {
		const mismatches: Array<{ key: string; message: string }> = [];
		for (let run = 0; run < 1000; run++) {
			// Keys around and beyond the 64-byte block, messages across several blocks and their padding edges.
			const key = randomBytes(randomInt(0, 160));
			const message = randomBytes(randomInt(0, 400));
			// Every fourth case signs text (the webhook signs JSON), which both sides encode as UTF-8.
			const text = run % 4 === 0 ? `${Date.now()}.${JSON.stringify({ room: message.toString('latin1'), emoji: '🎉' })}` : undefined;
			const ours = text === undefined ? hmacSha256(Uint8Array.from(key), Uint8Array.from(message)) : hmacSha256(Uint8Array.from(key), text);
			const theirs = nodeHmac(key, text ?? message);
			if (toHex(ours) !== theirs) mismatches.push({ key: key.toString('hex'), message: text ?? message.toString('hex') });
		}
		expect(mismatches).toEqual([]);
	});
});

describe('hex', () => {
	it('writes each byte as two lower-case digits', () => {
		expect(toHex(Uint8Array.from([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff');
		expect(toHex(new Uint8Array(0))).toBe('');
	});

	it('writes digests as node:crypto does', () => {
		expect(toHex(hmacSha256('key', 'message'))).toBe(nodeHmac('key', 'message'));
	});
});

describe('comparing hex digests', () => {
	const digest = toHex(hmacSha256('secret', '1767225600.{"event":"created"}'));

	it('finds a digest equal to itself, in either case', () => {
		expect(hexDigestsEqual(digest, digest)).toBe(true);
		expect(hexDigestsEqual(digest, digest.toUpperCase())).toBe(true);
		expect(hexDigestsEqual(digest.toUpperCase(), digest)).toBe(true);
	});

	it.each([
		['the first digit', 0],
		['a middle digit', 31],
		['the last digit', 63],
	])('finds digests unequal when only %s differs', (_, position) => {
		const other = `${digest.slice(0, position)}${digest[position] === '0' ? '1' : '0'}${digest.slice(position + 1)}`;
		expect(hexDigestsEqual(digest, other)).toBe(false);
		expect(hexDigestsEqual(other, digest)).toBe(false);
	});

	it.each([
		['a shorter digest', digest.slice(0, 63)],
		['a longer digest', `${digest}0`],
		['a prefixed header value', `sha256=${digest}`.slice(0, 64)],
		['the empty string', ''],
		['non-hex of the same length', `${digest.slice(0, 63)}g`],
	])('finds a digest unequal to %s', (_, other) => {
		expect(hexDigestsEqual(digest, other)).toBe(false);
		expect(hexDigestsEqual(other, digest)).toBe(false);
	});

	it('does not let the case folding make other characters equal to digits', () => {
		// 0x10 | 0x20 is "0" and 0x01 | 0x20 is "!", as "A" | 0x20 is "a".
		expect(hexDigestsEqual(`${digest.slice(0, 63)}0`, `${digest.slice(0, 63)}\u0010`)).toBe(false);
		expect(hexDigestsEqual('a0', 'A\u0010')).toBe(false);
	});

	it('never finds two empty strings equal', () => {
		expect(hexDigestsEqual('', '')).toBe(false);
	});
});
