/**
 * The UTF-8 bytes of a string, as TextEncoder gives them: a surrogate pair becomes its code
 * point's four bytes, and a lone surrogate (which no UTF-8 can hold) becomes U+FFFD.
 * TextEncoder is not a global of the vm2 sandbox that older Rocket.Chat servers run apps in.
 */
export function utf8Bytes(text: string): Uint8Array {
	// A UTF-16 code unit never takes more than three bytes (a pair, two units, takes four).
	const bytes = new Uint8Array(text.length * 3);
	let length = 0;
	for (let i = 0; i < text.length; i++) {
		let code = text.charCodeAt(i);
		if (code < 0x80) {
			bytes[length++] = code;
			continue;
		}
		if (code < 0x800) {
			bytes[length++] = 0xc0 | (code >> 6);
			bytes[length++] = 0x80 | (code & 0x3f);
			continue;
		}
		if (code >= 0xd800 && code <= 0xdfff) {
			const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
			if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
				const point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
				bytes[length++] = 0xf0 | (point >> 18);
				bytes[length++] = 0x80 | ((point >> 12) & 0x3f);
				bytes[length++] = 0x80 | ((point >> 6) & 0x3f);
				bytes[length++] = 0x80 | (point & 0x3f);
				i++;
				continue;
			}
			code = 0xfffd;
		}
		bytes[length++] = 0xe0 | (code >> 12);
		bytes[length++] = 0x80 | ((code >> 6) & 0x3f);
		bytes[length++] = 0x80 | (code & 0x3f);
	}
	// A copy, not a view: the spare capacity is not kept alive with the result.
	return bytes.slice(0, length);
}
