/** An error's message for a log line or an audit record, whatever was thrown. */
export function errorText(error: unknown): string {
	if (error instanceof Error) {
		return error.message;
	}
	// Errors that crossed the sandbox boundary arrive as plain objects.
	const message = (error as { message?: unknown } | null)?.message;
	if (message === undefined) {
		return String(error);
	}
	return typeof message === 'string' ? message : JSON.stringify(message);
}
