import { parseQuery } from '../../workspace/server/queryString';

describe("query strings as Express 4's extended parser (qs) reads them", () => {
	it('decodes values and keys, with + as a space, and keeps a key without value as empty text', () => {
		expect(parseQuery('?q=two+words&name=Zo%C3%AB&flag&bad=%E0%A4%A')).toEqual({ q: 'two words', name: 'Zoë', flag: '', bad: '%E0%A4%A' });
	});

	it('makes repeated keys and [] keys arrays, indices up to 20 arrays (holes closed), larger ones object keys', () => {
		expect(parseQuery('tags=a&tags=b&ids[]=1&ids[]=2&slot[3]=x&slot[1]=y&big[21]=z')).toEqual({
			tags: ['a', 'b'],
			ids: ['1', '2'],
			slot: ['y', 'x'],
			big: { 21: 'z' },
		});
	});

	it('nests bracketed keys five levels deep and keeps the rest as one key', () => {
		expect(parseQuery('filter[room][kind]=c&a[b][c][d][e][f][g]=deep')).toEqual({
			filter: { room: { kind: 'c' } },
			a: { b: { c: { d: { e: { f: { '[g]': 'deep' } } } } } },
		});
	});

	it("drops keys named like Object.prototype's members, and a parameter of another shape than the one before", () => {
		expect(parseQuery('toString=1&hasOwnProperty[x]=2&ok=3&ok[x]=4')).toEqual({ ok: '3' });
	});
});
