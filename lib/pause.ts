/**
 * Both runtimes give app code their host's timers (vm2's NodeVM, Deno); the app's type library
 * (es2020, no DOM or Node types) does not declare them.
 */
declare function setTimeout(callback: () => void, ms: number): unknown;

export function pause(ms: number): Promise<void> {
	return new Promise((resolve) => {
		setTimeout(resolve, ms);
	});
}
