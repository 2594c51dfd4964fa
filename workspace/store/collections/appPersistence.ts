import { newObjectId } from '../ids';
import { cloneData } from '../jsonCodec';
import type { AssociationRecord, PersistenceRecord } from '../records';
import type { StoreConstructor } from './storeBase';

function sameAssociation(a: AssociationRecord, b: AssociationRecord): boolean {
	return a.model === b.model && a.id === b.id;
}

/** App persistence, with the semantics of Rocket.Chat's persistence bridge. */
export function withAppPersistence<TBase extends StoreConstructor>(Base: TBase) {
	return class extends Base {
		createRecord(appId: string, data: object, associations: AssociationRecord[] = []): string {
			const record: PersistenceRecord = {
				id: newObjectId(),
				appId,
				associations: associations.map(({ model, id }) => ({ model, id })),
				data: cloneData(data) as Record<string, unknown>,
			};
			this.state.persistence.push(record);
			this.changed();
			return record.id;
		}

		readRecord(appId: string, id: string): Record<string, unknown> | undefined {
			return cloneData(this.state.persistence.find((record) => record.appId === appId && record.id === id)?.data);
		}

		/** Records carrying every one of the given associations (and possibly more): Mongo's `$all`. */
		readRecordsByAssociations(appId: string, associations: AssociationRecord[]): Array<Record<string, unknown>> {
			return cloneData(this.recordsWithAll(appId, associations).map((record) => record.data));
		}

		/** Removes the record and returns its data; undefined when there was none. */
		removeRecord(appId: string, id: string): Record<string, unknown> | undefined {
			const record = this.state.persistence.find((candidate) => candidate.appId === appId && candidate.id === id);
			if (!record) return undefined;
			this.state.persistence = this.state.persistence.filter((candidate) => candidate !== record);
			this.changed();
			return record.data;
		}

		/** Removes every record carrying all the given associations; undefined when none matched. */
		removeRecordsByAssociations(appId: string, associations: AssociationRecord[]): Array<Record<string, unknown>> | undefined {
			const matched = this.recordsWithAll(appId, associations);
			if (matched.length === 0) return undefined;
			this.state.persistence = this.state.persistence.filter((record) => !matched.includes(record));
			this.changed();
			return matched.map((record) => record.data);
		}

		/**
		 * Replaces the data of the first record whose association list equals the given one exactly
		 * (same records, same order: Rocket.Chat queries `{ associations }`, an exact array match,
		 * unlike the `$all` of reads). With `upsert`, creates the record when none matches.
		 * Returns the id written, or undefined when nothing matched and `upsert` was false.
		 */
		updateRecordByAssociations(appId: string, associations: AssociationRecord[], data: object, upsert: boolean): string | undefined {
			const record = this.state.persistence.find(
				(candidate) =>
					candidate.appId === appId &&
					candidate.associations.length === associations.length &&
					candidate.associations.every((association, index) => sameAssociation(association, associations[index])),
			);
			if (record) {
				record.data = cloneData(data) as Record<string, unknown>;
				this.changed();
				return record.id;
			}
			return upsert ? this.createRecord(appId, data, associations) : undefined;
		}

		purgeRecords(appId: string): void {
			this.state.persistence = this.state.persistence.filter((record) => record.appId !== appId);
			this.changed();
		}

		listRecords(appId: string): PersistenceRecord[] {
			return cloneData(this.state.persistence.filter((record) => record.appId === appId));
		}

		private recordsWithAll(appId: string, associations: AssociationRecord[]): PersistenceRecord[] {
			return this.state.persistence.filter(
				(record) => record.appId === appId && associations.every((wanted) => record.associations.some((held) => sameAssociation(held, wanted))),
			);
		}
	};
}
