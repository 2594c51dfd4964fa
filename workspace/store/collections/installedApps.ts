import type { IAppStorageItem } from 'apps-engine-deno/server/storage';

import { cloneData } from '../jsonCodec';
import type { StoreConstructor } from './storeBase';

/** Installed apps: the engine's metadata (with the app's settings) and the package itself. */
export function withInstalledApps<TBase extends StoreConstructor>(Base: TBase) {
	return class extends Base {
		saveInstalledApp(item: IAppStorageItem): IAppStorageItem {
			const copy = cloneData(item);
			const index = this.state.apps.findIndex((app) => app.id === item.id);
			if (index === -1) this.state.apps.push(copy);
			else this.state.apps[index] = copy;
			this.changed();
			return cloneData(copy);
		}

		getInstalledApp(appId: string): IAppStorageItem | undefined {
			return cloneData(this.state.apps.find((app) => app.id === appId));
		}

		listInstalledApps(): IAppStorageItem[] {
			return cloneData(this.state.apps);
		}

		removeInstalledApp(appId: string): boolean {
			const before = this.state.apps.length;
			this.state.apps = this.state.apps.filter((app) => app.id !== appId);
			this.changed();
			return this.state.apps.length < before;
		}

		saveAppPackage(appId: string, zip: Buffer): void {
			this.state.appPackages[appId] = zip.toString('base64');
			this.changed();
		}

		getAppPackage(appId: string): Buffer | undefined {
			const base64 = this.state.appPackages[appId];
			return base64 === undefined ? undefined : Buffer.from(base64, 'base64');
		}

		removeAppPackage(appId: string): void {
			delete this.state.appPackages[appId];
			this.changed();
		}
	};
}
