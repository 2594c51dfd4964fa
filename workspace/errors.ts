// Errors as Rocket.Chat raises them, so that the REST layer can answer with Rocket.Chat's shapes.
import { EssentialAppDisabledException as DenoEssentialAppDisabled } from 'apps-engine-deno/definition/exceptions';
import { EssentialAppDisabledException as Vm2EssentialAppDisabled } from 'apps-engine-vm2/definition/exceptions';

/** Rocket.Chat's Meteor.Error: an error code, a reason for people and optional details; its message reads `<reason> [<error>]`. */
export class MeteorError extends Error {
	constructor(
		readonly error: string,
		readonly reason?: string,
		readonly details?: Record<string, unknown>,
	) {
		super(reason ? `${reason} [${error}]` : `[${error}]`);
		this.name = 'Meteor.Error';
	}
}

/**
 * An AppsEngineException (or subclass) an app threw. Errors leave the runtime from another realm and
 * without their subclass, so Rocket.Chat, and this workspace, recognise them by name.
 */
export function isAppsEngineException(error: unknown): error is { name: string; message: string } {
	return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AppsEngineException';
}

/**
 * The listener manager's refusal of an event that an essential app, disabled, locks. Rocket.Chat's
 * orchestrator tells it by its class; each runtime's engine throws its own package's class.
 */
export function isEssentialAppDisabled(error: unknown): boolean {
	return error instanceof DenoEssentialAppDisabled || error instanceof Vm2EssentialAppDisabled;
}

/** The message of anything thrown, whatever realm it comes from. */
export function errorMessage(error: unknown): string {
	if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
	return String(error);
}

/** An error that keeps the error it explains (set by hand: Error's `cause` option is newer than the project's ES2017 library). */
export function errorCausedBy(message: string, cause: unknown): Error {
	return Object.assign(new Error(message), { cause });
}
