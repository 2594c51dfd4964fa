/**
 * A Date as the vm2 runtime hands one of the host's to app code: a proxy whose methods run on the
 * host's Date. It has no date value of its own, so `new Date(proxy)` reads it through its string
 * form (to the second), as in the sandbox, while `Number(proxy)` and `getTime()` give its milliseconds.
 */
export function otherRealmDate(iso: string): Date {
	const date = new Date(iso);
	return new Proxy(date, {
		get(target, property) {
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
