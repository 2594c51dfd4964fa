import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';

import { errorText } from '../lib/errorText';

/**
 * Runs a handler's work so that an unexpected error is logged and the room action goes on,
 * as Rocket.Chat itself does for errors that are not AppsEngineExceptions (fail-open):
 * only a policy's own denial, raised by the caller after this returns, blocks anything.
 */
export async function safely<T>(logger: ILogger, event: string, work: () => Promise<T>): Promise<T | undefined> {
	try {
		return await work();
	} catch (error) {
		logger.error(`Room Events: ${event} failed and changed nothing: ${errorText(error)}`);
		return undefined;
	}
}
