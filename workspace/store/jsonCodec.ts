// The store's one JSON codec: every collection copies records through it (cloneData), and snapshots are written
// with it. Dates become `{ "$date": ISO string }`, so they come back as dates.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Dates are recognised by behaviour, not `instanceof`: values written by app code come out of
 * the sandbox from another realm.
 */
function isDate(value: object): value is Date {
	return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
}

export function toJsonValue(value: unknown): JsonValue | undefined {
	if (value === null) return null;
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return value;
		case 'number':
			return Number.isFinite(value) ? value : null;
		case 'object':
			break;
		default:
			return undefined;
	}
	const object = value;
	if (isDate(object)) return { $date: new Date(object.getTime()).toISOString() };
	if (Array.isArray(object)) return object.map((item) => toJsonValue(item) ?? null);
	const result: { [key: string]: JsonValue } = {};
	for (const key of Object.keys(object)) {
		const item = toJsonValue((object as Record<string, unknown>)[key]);
		if (item !== undefined) result[key] = item;
	}
	return result;
}

export function fromJsonValue(value: JsonValue): unknown {
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map(fromJsonValue);
	const keys = Object.keys(value);
	if (keys.length === 1 && keys[0] === '$date' && typeof value.$date === 'string') return new Date(value.$date);
	const result: Record<string, unknown> = {};
	for (const key of keys) result[key] = fromJsonValue(value[key]);
	return result;
}

/** A deep copy as the store keeps it: plain data, dates kept as dates, functions and undefined dropped. */
export function cloneData<T>(value: T): T {
	const json = toJsonValue(value);
	return (json === undefined ? undefined : fromJsonValue(json)) as T;
}
