import type { ILogger, IPersistence } from '@rocket.chat/apps-engine/definition/accessors';

import { auditOutbox } from './auditOutbox';
import type { AuditRecord, NewAuditRecord } from './auditRecord';
import { asAuditRoomActivity, isAudited, stampRecord } from './auditRecord';
import type { AuditTarget } from './auditTarget';
import { errorText } from '../lib/errorText';
import type { RoomEventsConfig } from '../settings/settings';

/** Records this process holds when persistence refuses them, until a later write succeeds. */
export const UNSAVED_LIMIT = 5000;

/**
 * The audit trail's side in every handler: each record is kept in the outbox with one write, and
 * only the delivery job (which a cluster's scheduler runs on one instance at a time) posts, so no
 * event waits for other records and no record is posted by two instances. A write that fails is
 * tried again at once; one that fails twice is held in this process and written with the next
 * record or delivery, and the logs say so.
 */
export class AuditTrail {
	private unsaved: AuditRecord[] = [];

	/** The audit room as this instance last found it: a lookup costs several round trips. */
	public target?: { readonly roomName: string; readonly value: AuditTarget };

	constructor(private readonly now: () => Date = () => new Date()) {}

	public async keep(config: RoomEventsConfig, logger: ILogger, persistence: IPersistence, records: readonly NewAuditRecord[]): Promise<void> {
		const now = this.now();
		const wanted = records
			.map((record) => asAuditRoomActivity(config, record, this.target?.value.room.id))
			.filter((record) => isAudited(config, record))
			.map((record) => stampRecord(record, now));
		for (const record of wanted) {
			if (record.event === 'audit-room-activity') {
				logger.info(
					`Room Events: the audit room "${record.room?.name}" had activity (${record.activity}) by @${record.actor?.username ?? record.subject?.username ?? 'unknown'}.`,
				);
			}
		}
		await this.write(logger, persistence, [...this.unsaved.splice(0), ...wanted]);
	}

	/** Writes what this process still holds; the delivery job calls it before it reads the outbox. */
	public async flush(logger: ILogger, persistence: IPersistence): Promise<void> {
		if (this.unsaved.length > 0) {
			await this.write(logger, persistence, this.unsaved.splice(0));
		}
	}

	private async write(logger: ILogger, persistence: IPersistence, records: AuditRecord[]): Promise<void> {
		const failed: AuditRecord[] = [];
		let lastError: unknown;
		for (const record of records) {
			try {
				await auditOutbox.add(persistence, record);
			} catch {
				try {
					await auditOutbox.add(persistence, record);
				} catch (error) {
					lastError = error;
					failed.push(record);
				}
			}
		}
		if (failed.length === 0) {
			return;
		}
		this.unsaved = [...failed, ...this.unsaved];
		const dropped = this.unsaved.length - UNSAVED_LIMIT;
		if (dropped > 0) {
			this.unsaved.splice(0, dropped);
			logger.error(
				`Room Events lost the ${dropped} oldest audit record(s) it held while persistence refused writes (it holds at most ${UNSAVED_LIMIT}).`,
			);
		}
		logger.warn(
			`Room Events could not keep ${failed.length} audit record(s) (${errorText(lastError)}): this process holds ${this.unsaved.length} and writes them with the next record or delivery.`,
		);
	}
}
