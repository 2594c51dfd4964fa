// Runs Rocket.Chat Apps on the real Apps-Engine against the workspace store, in either runtime
// (engineRuntime.ts): Deno 1.62.0 as current servers run apps, or vm2 1.42.1 as 6.3–6.9 did.
// Install and update packages, fire events, change settings, run scheduled jobs. EngineHostBase
// (engineHostBase.ts) runs the engine and carries the calls into the apps; EngineHost adds what an
// admin does: install, update, uninstall, enable, disable.
import { AppStatus, AppStatusUtils } from 'apps-engine-deno/definition/AppStatus';
import type { IAppInfo } from 'apps-engine-deno/definition/metadata';
import type { IUser } from 'apps-engine-deno/definition/users';
import type { IParseAppPackageResult } from 'apps-engine-deno/server/compiler';

import { describeLogArgument, fabricate, packageContents, unpackageApp } from './appPackages';
import { toAppUser } from './converters';
import { EngineHostBase } from './engineHostBase';

export type { EngineEvent, EngineHostOptions } from './engineHostBase';
export type { AppLogEntry, LogLevel, StoredLogRecord } from './engineStorages';
export type { RegisteredCommand } from './bridges/commandBridge';
export type { CommandRun } from './commandContext';
export type { JobRun } from './jobScheduler';

export interface AppSummary {
	id: string;
	name: string;
	version: string;
	status: AppStatus;
	enabled: boolean;
}

/**
 * The engine host: one Apps-Engine AppManager, on a copy of the engine's modules of its own (the
 * engine allows one manager per copy), with the workspace bridges, plus a job scheduler that runs
 * the store's jobs on this host (jobScheduler.ts; a cluster has one for all its instances).
 */
export class EngineHost extends EngineHostBase {
	/**
	 * Installs and enables an app package, as an admin does in Rocket.Chat: the permissions the app
	 * declares are granted. Answers the app id; throws when the package is not an app, or when the
	 * app installed but did not end up enabled (it then stays installed, disabled, with its logs).
	 */
	async install(zip: Buffer, options: { installedBy?: string } = {}): Promise<string> {
		const { manager, runtime } = this.requireEngine();
		const info = await this.readPackage(zip);
		if (manager.getOneById(info.id)) throw new Error(`The app "${info.name}" (${info.id}) is already installed: update it instead.`);
		const user = this.installingUser(options.installedBy);
		try {
			await fabricate(info, () => runtime.run(() => manager.add(zip, { enable: true, user, permissionsGranted: info.permissions })));
		} catch (error) {
			// The engine stores the package before compiling it, and leaves it behind when compiling fails.
			if (!manager.getOneById(info.id)) this.store.removeAppPackage(info.id);
			throw error;
		}
		// As Rocket.Chat's install endpoint, once the app is in: the other instances load it from the storage.
		await this.announce(() => this.notifier.appAdded(info.id));
		return this.requireEnabled(info, 'installed');
	}

	/** Replaces an installed app's package, keeping its settings, persistence and jobs; answers the app id. */
	async update(zip: Buffer): Promise<string> {
		const { manager, runtime } = this.requireEngine();
		const info = await this.readPackage(zip);
		if (!manager.getOneById(info.id)) throw new Error(`The app "${info.name}" (${info.id}) is not installed: install it first.`);
		await fabricate(info, () => runtime.run(() => manager.update(zip, info.permissions ?? [])));
		await this.announce(() => this.notifier.appUpdated(info.id));
		return this.requireEnabled(info, 'updated');
	}

	/** Removes the app with its user, persistence, settings and jobs. */
	async uninstall(appId: string, options: { uninstalledBy?: string } = {}): Promise<void> {
		const { manager } = this.requireEngine();
		this.requireApp(appId);
		await manager.remove(appId, { user: this.installingUser(options.uninstalledBy) });
		await this.announce();
	}

	/** Enables the app as an admin does (status manually_enabled); throws with the app's errors when it would not start. */
	async enable(appId: string): Promise<void> {
		const app = this.requireApp(appId);
		if (AppStatusUtils.isEnabled(await app.getStatus())) return;
		await this.requireEngine().manager.changeStatus(appId, AppStatus.MANUALLY_ENABLED);
		await this.announce();
		await this.requireEnabled(app.getInfo(), 'enabled');
	}

	/** Disables the app as an admin does; its scheduled jobs are kept but do not run while it is disabled. */
	async disable(appId: string): Promise<void> {
		const app = this.requireApp(appId);
		if (!AppStatusUtils.isEnabled(await app.getStatus())) return;
		await this.requireEngine().manager.changeStatus(appId, AppStatus.MANUALLY_DISABLED);
		await this.announce();
	}

	/** In the Deno runtime an app's status is a question to its subprocess, hence a promise. */
	async listApps(): Promise<AppSummary[]> {
		const apps = await this.requireEngine().manager.get();
		return Promise.all(
			apps.map(async (app) => {
				const status = await app.getStatus();
				return { id: app.getID(), name: app.getName(), version: app.getVersion(), status, enabled: AppStatusUtils.isEnabled(status) };
			}),
		);
	}

	/**
	 * The app's subprocess in the Deno runtime (its process id and the controller's state: ready,
	 * restarting, stopped...); undefined in vm2, which runs apps in this process.
	 */
	appProcess(appId: string): { pid?: number; state: string } | undefined {
		const controller = this.requireApp(appId).getRuntimeController?.() as { deno?: { pid?: number }; getProcessState?(): string } | undefined;
		if (!controller?.getProcessState) return undefined;
		return { pid: controller.deno?.pid, state: controller.getProcessState() };
	}

	isInstalled(appId: string): boolean {
		return this.requireEngine().manager.getOneById(appId) !== undefined;
	}

	async getAppStatus(appId: string): Promise<AppStatus> {
		return this.requireApp(appId).getStatus();
	}

	/** The manifest of an app package; throws when the file is not an app package. */
	async readPackage(zip: Buffer): Promise<IAppInfo> {
		return (await this.unpackage(zip)).info;
	}

	/**
	 * Whether the installed app with this package's id runs this very package: the same manifest,
	 * icon, code and translations, whatever the dates inside the zip (each packaging writes new ones).
	 */
	async isInstalledAs(zip: Buffer): Promise<boolean> {
		const candidate = await this.unpackage(zip);
		const installed = this.store.getAppPackage(candidate.info.id);
		if (!installed || !this.isInstalled(candidate.info.id)) return false;
		return packageContents(await this.unpackage(installed)) === packageContents(candidate);
	}

	private unpackage(zip: Buffer): Promise<IParseAppPackageResult> {
		return unpackageApp(this.requireEngine().manager, zip);
	}

	private async requireEnabled(info: IAppInfo, what: string): Promise<string> {
		const status = await this.requireApp(info.id).getStatus();
		if (AppStatusUtils.isEnabled(status)) return info.id;
		const errors = this.getLogs(info.id, { level: 'error' }).map((entry) => `${entry.method}: ${entry.args.map(describeLogArgument).join(' ')}`);
		throw new Error(
			`The app "${info.name}" was ${what} but is not enabled (status ${status}).${errors.length ? ` Errors logged: ${errors.join('; ')}` : ''}`,
		);
	}

	/** The user an install is done as: the one given, else the workspace's first active admin. */
	private installingUser(userId?: string): IUser {
		const user =
			userId === undefined
				? this.store.listUsers().find((candidate) => candidate.active && candidate.roles.includes('admin'))
				: this.store.getUser(userId);
		if (!user) throw new Error(userId === undefined ? 'No active admin in the workspace to install apps as.' : `No user with id "${userId}".`);
		return toAppUser(user);
	}
}
