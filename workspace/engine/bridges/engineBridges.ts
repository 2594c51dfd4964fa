// What the engine asks of the host about itself: room members for its Room wrapper, the key pair
// that signs installed apps, and the lifecycle notices it sends, which a cluster's instances pass
// on to each other as Rocket.Chat's bridges do (clusterBroadcasts.ts).
import { generateKeyPairSync } from 'node:crypto';

import type { AppStatus } from 'apps-engine-deno/definition/AppStatus';
import type { ISetting } from 'apps-engine-deno/definition/settings';
import type { ProxiedApp } from 'apps-engine-deno/server/ProxiedApp';
import type { AppActivationBridge, AppDetailChangesBridge, IInternalFederationBridge, IListenerBridge } from 'apps-engine-deno/server/bridges';
import type { InternalBridge } from 'apps-engine-deno/server/bridges/InternalBridge';

import type { BridgeContext } from './bridgeContext';
import { serverSetting } from './serverBridges';
import type { WorkspaceKeys } from '../../store/workspaceStore';

export function createInternalBridge(base: typeof InternalBridge, context: BridgeContext): InternalBridge {
	const usernamesOfRoom = (roomId: string): string[] => {
		const { store } = context;
		return store
			.getMemberIds(roomId)
			.map((userId) => store.getUser(userId)?.username)
			.filter((username): username is string => username !== undefined);
	};

	// Both read the members through one helper: a bridge method calling another would count as two calls (withFaults).
	class LocalInternalBridge extends base {
		protected async getUsernamesOfRoomById(roomId: string): Promise<string[]> {
			return usernamesOfRoom(roomId);
		}

		protected getUsernamesOfRoomByIdSync(roomId: string): string[] {
			return usernamesOfRoom(roomId);
		}

		/** Only marketplace licences use the cloud workspace key; a local workspace has none. */
		protected async getWorkspacePublicKey(): Promise<ISetting> {
			return serverSetting('Cloud_Workspace_PublicKey', '');
		}
	}

	return new LocalInternalBridge();
}

/** Generating a key pair takes a noticeable moment: one per process serves every store that has none yet. */
let processKeys: WorkspaceKeys | undefined;

/** Signs installed apps: the key pair is kept in the store so signatures still verify after a restart. */
export function createFederationBridge(context: BridgeContext): IInternalFederationBridge {
	class LocalFederationBridge implements IInternalFederationBridge {
		async getPrivateKey(): Promise<string> {
			return this.keys().privateKey;
		}

		async getPublicKey(): Promise<string> {
			return this.keys().publicKey;
		}

		private keys(): WorkspaceKeys {
			const { store } = context;
			const stored = store.getKeys();
			if (stored) return stored;
			processKeys ??= generateKeyPairSync('rsa', {
				modulusLength: 2048,
				publicKeyEncoding: { type: 'spki', format: 'pem' },
				privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
			});
			store.setKeys(processKeys);
			return processKeys;
		}
	}
	return new LocalFederationBridge();
}

/**
 * Rocket.Chat's activation bridge (app/apps/server/bridges/activation.ts) announces removals and
 * status changes to the cluster, and not additions or updates: the REST handlers announce those once
 * done (the host does, in install and update).
 */
export function createAppActivationBridge(base: typeof AppActivationBridge, context: BridgeContext): AppActivationBridge {
	class LocalAppActivationBridge extends base {
		protected async appAdded(app: ProxiedApp): Promise<void> {
			return undefined;
		}

		protected async appUpdated(app: ProxiedApp): Promise<void> {
			return undefined;
		}

		protected async appRemoved(app: ProxiedApp): Promise<void> {
			context.notifier.appRemoved(app.getID());
		}

		protected async appStatusChanged(app: ProxiedApp, status: AppStatus): Promise<void> {
			context.notifier.appStatusUpdated(app.getID(), status);
		}

		protected async actionsChanged(): Promise<void> {
			return undefined;
		}
	}
	return new LocalAppActivationBridge();
}

/** A setting stored (after onPreSettingUpdate) is announced to the cluster (app/apps/server/bridges/details.ts). */
export function createAppDetailChangesBridge(base: typeof AppDetailChangesBridge, context: BridgeContext): AppDetailChangesBridge {
	class LocalAppDetailChangesBridge extends base {
		protected onAppSettingsChange(appId: string, setting: ISetting): void {
			context.notifier.appSettingsChange(appId, setting);
		}
	}
	return new LocalAppDetailChangesBridge();
}

/** Rocket.Chat uses this bridge to hand events to apps from its side; the host fires them through the listener manager. */
export const listenerBridge: IListenerBridge = {
	messageEvent: async () => undefined,
	roomEvent: async () => undefined,
	uiKitInteractionEvent: async () => undefined,
};
