// Query strings as Express 4 reads `req.query` (its 'extended' parser, qs): repeated keys become
// arrays, `a[b]=1` an object, `a[]=1` and `a[0]=1` arrays (indices up to 20), at most 5 levels
// deep and 1000 parameters; keys named like Object.prototype's members are dropped. Where qs
// would merge an object into a string or the like, the later parameter is dropped here.
const MAX_DEPTH = 5;
const MAX_ARRAY_INDEX = 20;
const MAX_PARAMETERS = 1000;

type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };

function decode(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		return spaced;
	}
}

/** `a[b][]` → ['a', 'b', '']; brackets past the depth limit stay one literal segment, as qs keeps them. */
function keySegments(key: string): string[] {
	const first = /^([^[]*)/.exec(key)?.[1] ?? '';
	const segments = first === '' && key.startsWith('[') ? [] : [first];
	const child = /\[([^[\]]*)\]/g;
	child.lastIndex = first.length;
	let depth = 0;
	let consumed = first.length;
	for (let match = child.exec(key); match !== null && depth < MAX_DEPTH; match = child.exec(key)) {
		if (match.index !== consumed) break;
		segments.push(match[1]);
		consumed = child.lastIndex;
		depth += 1;
	}
	if (consumed < key.length) segments.push(key.slice(consumed));
	return segments;
}

const isArrayIndex = (segment: string) => /^\d+$/.test(segment) && Number(segment) <= MAX_ARRAY_INDEX;

function isContainer(value: QueryValue | undefined): value is QueryValue[] | { [key: string]: QueryValue } {
	return typeof value === 'object';
}

/** Puts one value at its place; false when the place holds something of another shape. */
function assign(container: QueryValue[] | { [key: string]: QueryValue }, segments: string[], value: string): boolean {
	const [segment, ...rest] = segments;
	if (Object.prototype.hasOwnProperty.call(Object.prototype, segment)) return true;
	let slot: string | number = segment;
	if (Array.isArray(container)) slot = segment === '' ? container.length : Number(segment);
	const entries = container as Record<string | number, QueryValue | undefined>;
	const existing = entries[slot];
	if (rest.length === 0) {
		if (existing === undefined) entries[slot] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else if (typeof existing === 'string') entries[slot] = [existing, value];
		else return false;
		return true;
	}
	const wantsArray = rest[0] === '' || isArrayIndex(rest[0]);
	if (existing === undefined) {
		const created: QueryValue[] | { [key: string]: QueryValue } = wantsArray ? [] : {};
		entries[slot] = created;
		return assign(created, rest, value);
	}
	if (!isContainer(existing) || Array.isArray(existing) !== wantsArray) return false;
	return assign(existing, rest, value);
}

/** Arrays filled by index lose their holes, as qs compacts them. */
function compact(value: QueryValue): QueryValue {
	if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compact);
	if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, compact(item)]));
	return value;
}

/** A URL's query (with or without its `?`) as Express 4 hands it to a route. */
export function parseQuery(search: string): Record<string, QueryValue> {
	const result: Record<string, QueryValue> = {};
	const pairs = search.replace(/^\?/, '').split('&').slice(0, MAX_PARAMETERS);
	for (const pair of pairs) {
		if (pair === '') continue;
		const bracketEquals = pair.indexOf(']=');
		const split = bracketEquals === -1 ? pair.indexOf('=') : bracketEquals + 1;
		const key = decode(split === -1 ? pair : pair.slice(0, split));
		const value = split === -1 ? '' : decode(pair.slice(split + 1));
		if (key === '') continue;
		const segments = keySegments(key);
		if (segments.length > 0) assign(result, segments, value);
	}
	return compact(result) as Record<string, QueryValue>;
}
