import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { AuditRecord } from './auditRecord';
import { compareRecords } from './auditRecord';
import type { ExportPage } from './exportFormat';
import type { ExportQuery } from './exportQuery';
import { daysToRead, encodeCursor, matchesExportQuery } from './exportQuery';
import type { ExportedRecord } from './exportRecord';
import { exportRecord } from './exportRecord';

const association = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, id);
const HISTORY = association('room-events:audit-history');
const dayKey = (day: string) => association(`room-events:audit-history-day:${day}`);
const recordKey = (id: string) => association(`room-events:audit-history-record:${id}`);
const INDEX = association('room-events:audit-history-index');

/** How many records each day of the history holds: what retention and queries read first. */
export interface HistoryIndex {
	readonly days: Readonly<Record<string, number>>;
}

/** The UTC day of a record: the history is kept, read and dropped a day at a time. */
export function dayOf(at: string): string {
	return at.slice(0, 10);
}

/**
 * Every audit record once it is delivered (in full or inside a digest), kept in the app's
 * persistence for queries and exports. Records are stored a day to a document set (associations:
 * the history, the day), so that a query reads only the days it asks for and retention drops
 * whole days. Only the delivery job writes here (one instance at a time), so the index of days
 * it keeps is never written by two at once.
 */
export const auditHistory = {
	/** Keeps a record; keeping it again (a delivery retried after a crash) replaces it, never doubles it. */
	async keep(persistence: IPersistence, record: AuditRecord): Promise<void> {
		await persistence.updateByAssociations([HISTORY, dayKey(dayOf(record.at)), recordKey(record.id)], record, true);
	},

	/** Counts a delivery's records in the index of days (a retried record may be counted twice: the counts are close, not exact). */
	async count(persistence: IPersistence, index: HistoryIndex, records: readonly AuditRecord[]): Promise<HistoryIndex> {
		if (records.length === 0) {
			return index;
		}
		const days = { ...index.days };
		for (const record of records) {
			days[dayOf(record.at)] = (days[dayOf(record.at)] ?? 0) + 1;
		}
		const updated = { days };
		await persistence.updateByAssociations([INDEX], updated, true);
		return updated;
	},

	async index(reader: IPersistenceRead): Promise<HistoryIndex> {
		const [stored] = (await reader.readByAssociation(INDEX)) as Array<Partial<HistoryIndex> | null>;
		return { days: stored?.days ?? {} };
	},

	/** The records of the given days, oldest first. */
	async readDays(reader: IPersistenceRead, days: readonly string[]): Promise<AuditRecord[]> {
		const records: AuditRecord[] = [];
		for (const day of days) {
			records.push(...((await reader.readByAssociations([HISTORY, dayKey(day)])) as AuditRecord[]));
		}
		return records.filter((record) => typeof record?.id === 'string' && typeof record.at === 'string').sort(compareRecords);
	},

	/**
	 * The newest `count` records that `wanted` keeps, newest first, reading a day at a time from the
	 * newest day and at most `maxDays` days: what `/room-events log` and `status` show.
	 */
	async latest(reader: IPersistenceRead, count: number, wanted: (record: AuditRecord) => boolean, maxDays: number): Promise<AuditRecord[]> {
		const days = Object.keys((await auditHistory.index(reader)).days)
			.sort()
			.reverse()
			.slice(0, maxDays);
		const found: AuditRecord[] = [];
		for (const day of days) {
			const records = (await auditHistory.readDays(reader, [day])).filter(wanted).reverse();
			found.push(...records.slice(0, count - found.length));
			if (found.length >= count) {
				break;
			}
		}
		return found;
	},

	/**
	 * One page of an export, oldest first: only the days in the query's range that the history
	 * holds are read (so no query reads more than the retention keeps), a day at a time, until the
	 * page is full; `next` is set when a record past the page matched.
	 */
	async exportPage(reader: IPersistenceRead, query: ExportQuery): Promise<ExportPage> {
		const days = daysToRead(query, Object.keys((await auditHistory.index(reader)).days));
		const records: ExportedRecord[] = [];
		for (const day of days) {
			for (const record of await auditHistory.readDays(reader, [day])) {
				const exported = exportRecord(record);
				if (!matchesExportQuery(query, exported)) {
					continue;
				}
				if (records.length === query.limit) {
					return { records, next: encodeCursor(records[records.length - 1]) };
				}
				records.push(exported);
			}
		}
		return { records, next: null };
	},

	/**
	 * Drops whole days older than `keepDays` before `now`, then the oldest days until at most
	 * `maxRecords` remain (a day is kept or dropped whole). Answers how many records went.
	 */
	async enforceRetention(
		persistence: IPersistence,
		index: HistoryIndex,
		now: Date,
		keepDays: number,
		maxRecords: number,
	): Promise<{ index: HistoryIndex; dropped: number }> {
		const oldestKept = dayOf(new Date(now.getTime() - (keepDays - 1) * 24 * 60 * 60 * 1000).toISOString());
		const days = Object.keys(index.days).sort();
		let total = days.reduce((sum, day) => sum + index.days[day], 0);
		const dropping: string[] = [];
		for (const day of days) {
			if (day < oldestKept || total > maxRecords) {
				dropping.push(day);
				total -= index.days[day];
			}
		}
		if (dropping.length === 0) {
			return { index, dropped: 0 };
		}
		const remaining: Record<string, number> = { ...index.days };
		let dropped = 0;
		for (const day of dropping) {
			await persistence.removeByAssociations([HISTORY, dayKey(day)]);
			dropped += remaining[day];
			delete remaining[day];
		}
		const updated = { days: remaining };
		await persistence.updateByAssociations([INDEX], updated, true);
		return { index: updated, dropped };
	},
};
