import { randomInt } from 'node:crypto';

import { utf8Bytes } from '../../../lib/utf8';

const nodeUtf8 = (text: string): number[] => [...Buffer.from(text, 'utf8')];
const ours = (text: string): number[] => [...utf8Bytes(text)];

describe('UTF-8 encoding', () => {
	it.each([
		['the empty string', ''],
		['ASCII', 'room-events: {"event":"created"}\n'],
		['two-byte characters', 'Grüße, café, ß, Ωμέγα'],
		['three-byte characters', '€ 日本語 한국어 ‰'],
		['emoji (surrogate pairs)', '😀🎉🚀'],
		// Escaped: the linter takes a joiner written as itself for hidden text.
		['a ZWJ family and a flag', '\u{1f469}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466} \u{1f1eb}\u{1f1f7}'],
		['mixed text', 'Réunion 📅 à 10h — salle « Ω » 会議'],
		['the edges of each length', '\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\u{10000}\u{10ffff}'],
		['a NUL', 'a\u0000b'],
	])('encodes %s as Buffer does', (_, text) => {
		expect(ours(text)).toEqual(nodeUtf8(text));
	});

	it.each([
		['a lone high surrogate at the end', 'ab\ud83d'],
		['a lone high surrogate before a letter', '\ud83dx'],
		['a lone low surrogate', 'x\ude00y'],
		['a pair in the wrong order', '\ude00\ud83d'],
		['two high surrogates, then a low one', '\ud83d\ud83d\ude00'],
	])('encodes %s as U+FFFD, as Buffer and TextEncoder do', (_, text) => {
		expect(ours(text)).toEqual(nodeUtf8(text));
		expect(ours(text)).toEqual([...new TextEncoder().encode(text)]);
		expect(Buffer.from(utf8Bytes(text)).toString('hex')).toContain('efbfbd');
	});

	it('encodes a code point by its documented bytes', () => {
		expect(ours('€')).toEqual([0xe2, 0x82, 0xac]);
		expect(ours('😀')).toEqual([0xf0, 0x9f, 0x98, 0x80]);
	});

	it('returns exactly the encoded bytes, not the spare capacity behind them', () => {
		const bytes = utf8Bytes('abc');
		expect(bytes.length).toBe(3);
		expect(bytes.buffer.byteLength).toBe(3);
	});

	it('agrees with Buffer on 1,000 random strings of any UTF-16 code units, surrogates included', () => {
		const mismatches: string[] = [];
		for (let run = 0; run < 1000; run++) {
			const units = Array.from({ length: randomInt(0, 40) }, () => {
				// Weighted towards the interesting ranges: ASCII, two bytes, surrogates, the rest of the BMP.
				const range = [
					[0, 0x80],
					[0x80, 0x800],
					[0xd800, 0xe000],
					[0x800, 0x10000],
				][randomInt(0, 4)];
				return randomInt(range[0], range[1]);
			});
			const text = String.fromCharCode(...units);
			if (ours(text).join() !== nodeUtf8(text).join()) mismatches.push(JSON.stringify(text));
		}
		expect(mismatches).toEqual([]);
	});
});
