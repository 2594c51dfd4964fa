// App persistence, with the semantics of Rocket.Chat's bridge.
import type { RocketChatAssociationRecord } from 'apps-engine-deno/definition/metadata';
import type { PersistenceBridge } from 'apps-engine-deno/server/bridges';

import type { BridgeContext } from './bridgeContext';
import { requireObject, toAssociations } from './bridgeContext';

export function createPersistenceBridge(base: typeof PersistenceBridge, context: BridgeContext): PersistenceBridge {
	/**
	 * Rocket.Chat's persistence bridge: records belong to one app; reads match with `$all` on
	 * associations, updates with an exact association list; update by id is not implemented.
	 */
	class LocalPersistenceBridge extends base {
		protected async purge(appId: string): Promise<void> {
			context.store.purgeRecords(appId);
		}

		protected async create(data: object, appId: string): Promise<string> {
			return context.store.createRecord(appId, requireObject(data));
		}

		protected async createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string> {
			return context.store.createRecord(appId, requireObject(data), toAssociations(associations));
		}

		protected async readById(id: string, appId: string): Promise<object> {
			return context.store.readRecord(appId, id) as object;
		}

		protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
			return context.store.readRecordsByAssociations(appId, toAssociations(associations));
		}

		protected async remove(id: string, appId: string): Promise<object | undefined> {
			return context.store.removeRecord(appId, id);
		}

		protected async removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined> {
			return context.store.removeRecordsByAssociations(appId, toAssociations(associations));
		}

		protected async update(id: string, data: object, upsert: boolean, appId: string): Promise<string> {
			requireObject(data);
			throw new Error('Not implemented. (Rocket.Chat does not implement persistence update by id: use updateByAssociation(s).)');
		}

		protected async updateByAssociations(associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string): Promise<string> {
			return context.store.updateRecordByAssociations(appId, toAssociations(associations), requireObject(data), upsert) as string;
		}
	}
	return new LocalPersistenceBridge();
}
