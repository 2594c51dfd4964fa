import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { AuditRecord } from './auditRecord';
import { compareRecords } from './auditRecord';

const association = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, id);
const OUTBOX = association('room-events:audit-outbox');
const recordKey = (id: string) => association(`room-events:audit-record:${id}`);
const TRAIL_STATE = association('room-events:audit-trail-state');

/**
 * What the trail remembers between deliveries, whichever instance runs them: the audit room it
 * confirmed, and since when (and how full) the outbox waited for an unreachable room.
 */
export interface TrailState {
	/** The room confirmed as the audit room, by id; a room that later takes its name is not trusted. */
	readonly confirmedRoom?: { readonly id: string; readonly name: string };
	/** The room already warned about being public, so the warning is posted once. */
	readonly warnedPublicRoomId?: string;
	readonly unreachableSince?: string;
	readonly unreachableReason?: string;
	/** The most records that waited during the outage. */
	readonly waitedMost?: number;
}

/**
 * Audit records waiting to be posted, kept in app persistence so that neither a restart nor a
 * failed post loses one. Records are stored one per document, each under the outbox
 * association and its own (always in this order: Rocket.Chat matches association lists
 * exactly on update), so that posting one removes exactly that one.
 */
export const auditOutbox = {
	async add(persistence: IPersistence, record: AuditRecord): Promise<void> {
		await persistence.createWithAssociations(record, [OUTBOX, recordKey(record.id)]);
	},

	/** Oldest first. Documents that are not audit records (foreign or damaged) are left out. */
	async list(reader: IPersistenceRead): Promise<AuditRecord[]> {
		const documents = await reader.readByAssociation(OUTBOX);
		return documents.map(withoutNulls).filter(isAuditRecord).sort(compareRecords);
	},

	async remove(persistence: IPersistence, record: AuditRecord): Promise<void> {
		await persistence.removeByAssociations([OUTBOX, recordKey(record.id)]);
	},

	async readState(reader: IPersistenceRead): Promise<TrailState> {
		const [state] = await reader.readByAssociation(TRAIL_STATE);
		return (withoutNulls(state) as TrailState | undefined) ?? {};
	},

	async writeState(persistence: IPersistence, state: TrailState): Promise<void> {
		await persistence.updateByAssociations([TRAIL_STATE], state, true);
	},
};

/** The subprocess runtime hands fields stored as undefined back as null: they are absent again. */
function withoutNulls(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map(withoutNulls);
	}
	if (value === null || typeof value !== 'object' || value instanceof Date) {
		return value;
	}
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, field]) => field !== null)
			.map(([key, field]) => [key, withoutNulls(field)]),
	);
}

function isAuditRecord(document: unknown): document is AuditRecord {
	const candidate = document as Partial<AuditRecord> | null;
	return typeof candidate?.id === 'string' && typeof candidate.at === 'string' && typeof candidate.event === 'string';
}
