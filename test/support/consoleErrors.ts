/**
 * Runs `work` with console.error captured, and returns what was written there as text. For tests
 * in which an error is the point (an injected fault, a crashing probe, an engine refusal): the
 * test asserts on it instead of letting a green run print stack traces that read as failures.
 */
export async function consoleErrorsDuring(work: () => Promise<void>): Promise<string[]> {
	const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
	try {
		await work();
		return spy.mock.calls.map((args) => args.map(describe).join(' '));
	} finally {
		spy.mockRestore();
	}
}

function describe(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value instanceof Error) return value.message;
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}
