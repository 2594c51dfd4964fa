// How a change made on one instance of a cluster reaches the others, as in current Rocket.Chat
// (paths under RC's apps/meteor; docs/rocketchat-fidelity.md §8.1):
// - the instance that made it tells the cluster (its AppServerNotifier, which calls
//   `api.broadcast('apps.added' | 'apps.removed' | 'apps.updated' | 'apps.statusUpdate' |
//   'apps.settingUpdated', …)`, ee/server/apps/communication/websockets.ts): an install and an update
//   are announced by the REST handler once done (ee/server/apps/communication/rest.ts), a removal
//   and each status change by the engine's activation bridge (app/apps/server/bridges/activation.ts),
//   a setting change by the detail-changes bridge (bridges/details.ts);
// - every other instance replays it on its own AppManager, with the guards of AppsEngineService
//   (server/services/apps-engine/service.ts): addLocal unless it has the app, removeLocal if it has
//   it, updateAndStartupLocal from the shared storage, enable or a silent disable unless the status
//   is the same, updateAppSetting (onPreSettingUpdate, store, onSettingUpdated, facts §5a) unless the
//   value is the same;
// - what an instance replays it announces again, as any change (the guards end the echo there).
// Rocket.Chat does not wait for the others; the workspace does (hosts await delivered()), so that a
// request served by another instance right after sees the change. A test can make an instance miss
// a broadcast, as an instance that was briefly cut off would (Apps-Engine #293).
import type { AppStatus } from 'apps-engine-deno/definition/AppStatus';
import { AppStatusUtils } from 'apps-engine-deno/definition/AppStatus';
import type { ISetting } from 'apps-engine-deno/definition/settings';
import type { AppManager } from 'apps-engine-deno/server/AppManager';
import type { IAppStorageItem } from 'apps-engine-deno/server/storage';

import type { EngineStorages } from './engineStorages';
import { errorMessage } from '../errors';

export type AppBroadcast =
	| { event: 'apps.added' | 'apps.removed' | 'apps.updated'; appId: string }
	| { event: 'apps.statusUpdate'; appId: string; status: AppStatus }
	| { event: 'apps.settingUpdated'; appId: string; setting: ISetting };

export type BroadcastEvent = AppBroadcast['event'];

/** What an instance tells the others (Rocket.Chat's AppServerNotifier); each call returns at once, as `void api.broadcast` does. */
export interface AppNotifier {
	appAdded(appId: string): void;
	appUpdated(appId: string): void;
	appRemoved(appId: string): void;
	appStatusUpdated(appId: string, status: AppStatus): void;
	appSettingsChange(appId: string, setting: ISetting): void;
	/** Resolves once every broadcast sent so far, and every broadcast their replays sent, has been handled. */
	delivered(): Promise<void>;
}

/** A host on its own has nobody to tell. */
export const LONE_INSTANCE: AppNotifier = {
	appAdded: () => undefined,
	appUpdated: () => undefined,
	appRemoved: () => undefined,
	appStatusUpdated: () => undefined,
	appSettingsChange: () => undefined,
	delivered: async () => undefined,
};

/** How an instance took a broadcast: replayed it, had nothing to do (a guard), missed it, or failed to replay it. */
export type BroadcastOutcome = 'applied' | 'unchanged' | 'missed' | 'failed';

export interface BroadcastDelivery {
	from: number;
	to: number;
	broadcast: AppBroadcast;
	outcome: BroadcastOutcome;
	error?: string;
}

/** An instance that replays what the others announce (an engine host). */
export interface BroadcastReceiver {
	readonly instanceIndex: number;
	/** Replays a broadcast; 'missed' when the instance is not running. */
	receiveBroadcast(broadcast: AppBroadcast): Promise<Exclude<BroadcastOutcome, 'failed'>>;
}

/** How many deliveries the cluster remembers for tests and for reading what happened. */
const KEPT_DELIVERIES = 1000;

/** The cluster's message bus for app changes: deliveries happen one at a time, in the order they were sent. */
export class ClusterBroadcasts {
	private readonly receivers: BroadcastReceiver[] = [];

	private deliveries: Promise<void> = Promise.resolve();

	/** Per instance, the broadcasts it is to miss next (undefined: whatever comes). */
	private readonly misses = new Map<number, Array<BroadcastEvent | undefined>>();

	private readonly recent: BroadcastDelivery[] = [];

	join(receiver: BroadcastReceiver): void {
		this.receivers.push(receiver);
	}

	notifierFor(instanceIndex: number): AppNotifier {
		const send = (broadcast: AppBroadcast) => this.send(instanceIndex, broadcast);
		return {
			appAdded: (appId) => send({ event: 'apps.added', appId }),
			appUpdated: (appId) => send({ event: 'apps.updated', appId }),
			appRemoved: (appId) => send({ event: 'apps.removed', appId }),
			appStatusUpdated: (appId, status) => send({ event: 'apps.statusUpdate', appId, status }),
			appSettingsChange: (appId, setting) => send({ event: 'apps.settingUpdated', appId, setting }),
			delivered: () => this.delivered(),
		};
	}

	/** The next broadcast `instanceIndex` would get (of this event, if given) never reaches it. */
	missNextBroadcast(instanceIndex: number, event?: BroadcastEvent): void {
		if (!this.receivers.some((receiver) => receiver.instanceIndex === instanceIndex)) throw new Error(`No instance ${instanceIndex} in the cluster.`);
		this.misses.set(instanceIndex, [...(this.misses.get(instanceIndex) ?? []), event]);
	}

	async delivered(): Promise<void> {
		for (;;) {
			const pending = this.deliveries;
			await pending;
			if (pending === this.deliveries) return;
		}
	}

	/** The latest deliveries, oldest first. */
	recentDeliveries(): BroadcastDelivery[] {
		return this.recent.map((delivery) => ({ ...delivery }));
	}

	private send(from: number, broadcast: AppBroadcast): void {
		for (const receiver of this.receivers) {
			if (receiver.instanceIndex === from) continue;
			this.deliveries = this.deliveries.then(() => this.deliver(from, receiver, broadcast));
		}
	}

	private async deliver(from: number, receiver: BroadcastReceiver, broadcast: AppBroadcast): Promise<void> {
		const delivery: BroadcastDelivery = { from, to: receiver.instanceIndex, broadcast, outcome: 'missed' };
		if (!this.takeMiss(receiver.instanceIndex, broadcast.event)) {
			try {
				delivery.outcome = await receiver.receiveBroadcast(broadcast);
			} catch (error) {
				// Rocket.Chat logs a failed replay (SystemLogger.error) and the instance carries on.
				delivery.outcome = 'failed';
				delivery.error = errorMessage(error);
				console.error(`Instance ${receiver.instanceIndex} could not replay ${broadcast.event} of app ${broadcast.appId}:`, delivery.error);
			}
		}
		this.recent.push(delivery);
		if (this.recent.length > KEPT_DELIVERIES) this.recent.shift();
	}

	private takeMiss(instanceIndex: number, event: BroadcastEvent): boolean {
		const misses = this.misses.get(instanceIndex) ?? [];
		const index = misses.findIndex((missed) => missed === undefined || missed === event);
		if (index === -1) return false;
		misses.splice(index, 1);
		return true;
	}
}

/**
 * Replays a broadcast on an instance's AppManager, as AppsEngineService does on every instance that
 * gets it. The 1.42.1 engine has no updateAndStartupLocal: its updateLocal starts the app itself.
 */
export async function replayBroadcast(manager: AppManager, storages: EngineStorages, broadcast: AppBroadcast): Promise<'applied' | 'unchanged'> {
	const app = manager.getOneById(broadcast.appId);
	switch (broadcast.event) {
		case 'apps.added':
			if (app) return 'unchanged';
			await manager.addLocal(broadcast.appId);
			return 'applied';
		case 'apps.removed':
			if (!app) return 'unchanged';
			await manager.removeLocal(broadcast.appId);
			return 'applied';
		case 'apps.updated':
			return replayUpdate(manager, storages, broadcast.appId);
		case 'apps.statusUpdate':
			if (!app || (await app.getStatus()) === broadcast.status) return 'unchanged';
			if (AppStatusUtils.isEnabled(broadcast.status)) await manager.enable(broadcast.appId);
			else if (AppStatusUtils.isDisabled(broadcast.status)) await manager.disable(broadcast.appId, broadcast.status, true);
			else return 'unchanged';
			return 'applied';
		default: {
			const { setting } = broadcast;
			// Compared as JSON, as Rocket.Chat does (values may be arrays).
			if (JSON.stringify(app?.getStorageItem().settings[setting.id]?.value) === JSON.stringify(setting.value)) return 'unchanged';
			await manager.getSettingsManager().updateAppSetting(broadcast.appId, setting);
			return 'applied';
		}
	}
}

async function replayUpdate(manager: AppManager, storages: EngineStorages, appId: string): Promise<'applied' | 'unchanged'> {
	const storageItem = await manager.getStorage().retrieveOne(appId);
	if (!storageItem) return 'unchanged';
	const appPackage = await storages.sourceStorage.fetch(storageItem);
	if (!appPackage) return 'unchanged';
	const engine = manager as AppManager & { updateAndStartupLocal?: unknown };
	if (engine.updateAndStartupLocal === undefined) {
		await (manager as unknown as { updateLocal(item: IAppStorageItem, zip: Buffer): Promise<unknown> }).updateLocal(storageItem, appPackage);
	} else if (AppStatusUtils.isEnabled(storageItem.status)) {
		await manager.updateAndStartupLocal(storageItem, appPackage);
	} else {
		await manager.updateAndInitializeLocal(storageItem, appPackage);
	}
	return 'applied';
}
