import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { AuditRecord } from './auditRecord';
import { compareRecords } from './auditRecord';

const OUTBOX = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'room-events:audit-outbox');
const recordKey = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `room-events:audit-record:${id}`);

/**
 * Audit records waiting to be posted, kept in app persistence so that neither a restart nor
 * a failed post loses one. Records are stored one per document, each under the outbox
 * association and its own, so that posting one removes exactly that one.
 */
export const auditOutbox = {
	async add(persistence: IPersistence, records: readonly AuditRecord[]): Promise<void> {
		for (const record of records) {
			await persistence.createWithAssociations(record, [OUTBOX, recordKey(record.id)]);
		}
	},

	/** Oldest first. Documents that are not audit records (foreign or damaged) are left out. */
	async list(reader: IPersistenceRead): Promise<AuditRecord[]> {
		const documents = await reader.readByAssociation(OUTBOX);
		return documents.filter(isAuditRecord).sort(compareRecords);
	},

	async remove(persistence: IPersistence, record: AuditRecord): Promise<void> {
		await persistence.removeByAssociations([OUTBOX, recordKey(record.id)]);
	},
};

function isAuditRecord(document: unknown): document is AuditRecord {
	const candidate = document as Partial<AuditRecord> | null;
	return typeof candidate?.id === 'string' && typeof candidate.at === 'string' && typeof candidate.event === 'string';
}
