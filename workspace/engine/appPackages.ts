// What the host makes of app packages and of the engine's answers about them: a package read with
// the engine's parser, an install's reported failures as errors, an app's logged errors as text.
import type { IAppInfo } from 'apps-engine-deno/definition/metadata';
import type { AppManager } from 'apps-engine-deno/server/AppManager';
import type { AppFabricationFulfillment, IParseAppPackageResult } from 'apps-engine-deno/server/compiler';

import { errorCausedBy, errorMessage } from '../errors';

export async function unpackageApp(manager: AppManager, zip: Buffer): Promise<IParseAppPackageResult> {
	try {
		return await manager.getParser().unpackageApp(zip);
	} catch (error) {
		throw errorCausedBy(`Not a Rocket.Chat App package: ${errorMessage(error)}`, error);
	}
}

/** A package's contents as they matter: manifest, code and translations, whatever the dates inside the zip (each packaging writes new ones). */
export function packageContents({ info, files, languageContent }: IParseAppPackageResult): string {
	return JSON.stringify({ info, files, languageContent });
}

/** Runs an install or update, turning the engine's reported failures into errors. */
export async function fabricate(info: IAppInfo, build: () => Promise<AppFabricationFulfillment>): Promise<void> {
	let fulfillment: AppFabricationFulfillment;
	try {
		fulfillment = await build();
	} catch (error) {
		throw errorCausedBy(`The app "${info.name}" could not be loaded: ${errorMessage(error)}`, error);
	}
	if (fulfillment.hasStorageError()) throw new Error(`The app "${info.name}" could not be stored: ${fulfillment.getStorageError()}`);
	if (fulfillment.hasAppUserError()) {
		throw new Error(`The app "${info.name}" could not get its user: ${(fulfillment.getAppUserError() as { message?: string }).message}`);
	}
}

/** Log arguments are JSON text for errors (the engine stringifies them) or plain values. */
export function describeLogArgument(arg: unknown): string {
	if (typeof arg === 'string') {
		try {
			const parsed = JSON.parse(arg) as { message?: unknown };
			if (parsed && typeof parsed.message === 'string') return parsed.message;
		} catch {
			return arg;
		}
		return arg;
	}
	return JSON.stringify(arg);
}
