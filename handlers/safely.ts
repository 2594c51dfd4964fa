import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';

import { errorText } from '../lib/errorText';

/**
 * Runs a handler's work so that an unexpected error is logged and the room action goes on,
 * as Rocket.Chat itself does for errors that are not AppsEngineExceptions (fail-open):
 * only a policy's own denial, raised by the caller after this returns, blocks anything. A
 * decision that could not be made is reported through `onFailure` (kept for the audit room).
 */
export async function safely<T>(
	logger: ILogger,
	event: string,
	work: () => Promise<T>,
	onFailure?: (problem: string) => Promise<void>,
): Promise<T | undefined> {
	try {
		return await work();
	} catch (error) {
		const problem = errorText(error);
		logger.error(`Room Events: ${event} failed and changed nothing: ${problem}`);
		await onFailure?.(problem).catch((failure: unknown) => logger.error(`Room Events could not audit the failure of ${event}: ${errorText(failure)}`));
		return undefined;
	}
}
