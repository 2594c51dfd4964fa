import { cloneData } from '../jsonCodec';
import type { WorkspaceKeys } from '../records';
import type { StoreConstructor } from './storeBase';

/** Server settings (Rocket.Chat's own settings, such as Site_Url) and the workspace key pair. */
export function withServerSettings<TBase extends StoreConstructor>(Base: TBase) {
	return class extends Base {
		getServerSetting(id: string): unknown {
			return cloneData(this.state.serverSettings[id]);
		}

		setServerSetting(id: string, value: unknown): void {
			this.state.serverSettings[id] = cloneData(value);
			this.changed();
		}

		listServerSettings(): Record<string, unknown> {
			return cloneData(this.state.serverSettings);
		}

		// The workspace key pair

		getKeys(): WorkspaceKeys | undefined {
			return cloneData(this.state.keys);
		}

		setKeys(keys: WorkspaceKeys): void {
			this.state.keys = cloneData(keys);
			this.changed();
		}
	};
}
