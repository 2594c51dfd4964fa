// What the engine asks of the host about itself: room members for its Room wrapper, the key pair
// that signs installed apps, and the lifecycle notices it sends.
import { generateKeyPairSync } from 'node:crypto';

import type { ISetting } from 'apps-engine-deno/definition/settings';
import type { ProxiedApp } from 'apps-engine-deno/server/ProxiedApp';
import type { AppActivationBridge, AppDetailChangesBridge, IInternalFederationBridge, IListenerBridge } from 'apps-engine-deno/server/bridges';
import type { InternalBridge } from 'apps-engine-deno/server/bridges/InternalBridge';

import type { BridgeContext } from './bridgeContext';
import { serverSetting } from './serverBridges';
import type { WorkspaceKeys } from '../../store/workspaceStore';

export function createInternalBridge(base: typeof InternalBridge, context: BridgeContext): InternalBridge {
	class LocalInternalBridge extends base {
		protected async getUsernamesOfRoomById(roomId: string): Promise<string[]> {
			return this.getUsernamesOfRoomByIdSync(roomId);
		}

		protected getUsernamesOfRoomByIdSync(roomId: string): string[] {
			const { store } = context;
			return store
				.getMemberIds(roomId)
				.map((userId) => store.getUser(userId)?.username)
				.filter((username): username is string => username !== undefined);
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

export function createAppActivationBridge(base: typeof AppActivationBridge): AppActivationBridge {
	class LocalAppActivationBridge extends base {
		protected async appAdded(app: ProxiedApp): Promise<void> {
			return undefined;
		}

		protected async appUpdated(app: ProxiedApp): Promise<void> {
			return undefined;
		}

		protected async appRemoved(app: ProxiedApp): Promise<void> {
			return undefined;
		}

		protected async appStatusChanged(): Promise<void> {
			return undefined;
		}

		protected async actionsChanged(): Promise<void> {
			return undefined;
		}
	}
	return new LocalAppActivationBridge();
}

export function createAppDetailChangesBridge(base: typeof AppDetailChangesBridge): AppDetailChangesBridge {
	class LocalAppDetailChangesBridge extends base {
		protected onAppSettingsChange(): void {
			return undefined;
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
