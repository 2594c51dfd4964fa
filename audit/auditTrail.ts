import type { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { formatAuditMessage } from './auditMessage';
import { auditOutbox } from './auditOutbox';
import type { AuditRecord, NewAuditRecord } from './auditRecord';
import { isAudited, stampRecord } from './auditRecord';
import { errorText } from '../lib/errorText';
import type { RoomEventsConfig } from '../settings/settings';

/** Outbox records kept at most while the audit room stays unreachable; older ones are dropped, loudly. */
export const OUTBOX_LIMIT = 5000;

interface AuditTarget {
	readonly roomName: string;
	readonly room: IRoom;
	readonly sender: IUser;
}

export interface PostingAccess {
	readonly read: IRead;
	readonly modify: IModify;
	readonly persistence: IPersistence;
}

/**
 * The audit trail: pre-handlers, which cannot post, keep records in the outbox; whoever
 * can post delivers the outbox first, oldest first, then its own records, so the audit room
 * reads in the order things happened. Nothing here throws: a failure keeps the records
 * and logs a warning, and the room action goes on untouched.
 */
export class AuditTrail {
	/** One delivery at a time in this process, so two handlers never post a record twice. */
	private delivery: Promise<unknown> = Promise.resolve();

	/** The audit room (by name) and the app's bot user, looked up once: each lookup is a round trip. */
	private auditTarget?: AuditTarget;

	constructor(private readonly now: () => Date = () => new Date()) {}

	/** For pre-handlers and any code without a modifier. */
	public async keep(config: RoomEventsConfig, logger: ILogger, persistence: IPersistence, records: readonly NewAuditRecord[]): Promise<void> {
		const wanted = this.wanted(config, records);
		if (wanted.length === 0) {
			return;
		}
		try {
			await auditOutbox.add(persistence, wanted);
		} catch (error) {
			logger.error('Room Events could not keep audit records; they are lost:', errorText(error), wanted);
		}
	}

	/** For code that can post: delivers what waits in the outbox, then `records`. */
	public publish(config: RoomEventsConfig, logger: ILogger, access: PostingAccess, records: readonly NewAuditRecord[] = []): Promise<void> {
		const fresh = this.wanted(config, records);
		const run = this.delivery.then(() => this.deliver(config, logger, access, fresh));
		this.delivery = run.catch(() => undefined);
		return run;
	}

	private wanted(config: RoomEventsConfig, records: readonly NewAuditRecord[]): AuditRecord[] {
		const now = this.now();
		return records.filter((record) => isAudited(config, record)).map((record) => stampRecord(record, now));
	}

	private async deliver(config: RoomEventsConfig, logger: ILogger, access: PostingAccess, fresh: AuditRecord[]): Promise<void> {
		let waiting = 0;
		const posted = new Set<string>();
		try {
			const pending = await this.trimmed(logger, access, await auditOutbox.list(access.read.getPersistenceReader()));
			waiting = pending.length;
			if (pending.length === 0 && fresh.length === 0) {
				return;
			}
			const target = await this.findAuditTarget(config, access.read);
			for (const record of pending) {
				await this.post(access, target, record);
				await auditOutbox.remove(access.persistence, record);
				waiting--;
			}
			for (const record of fresh) {
				await this.post(access, target, record);
				posted.add(record.id);
			}
		} catch (error) {
			// The room may be gone or renamed: look it up again next time.
			this.auditTarget = undefined;
			const unposted = fresh.filter((record) => !posted.has(record.id));
			try {
				await auditOutbox.add(access.persistence, unposted);
			} catch (keepError) {
				logger.error('Room Events could not keep audit records; they are lost:', errorText(keepError), unposted);
			}
			logger.warn(
				`Room Events could not post to the audit room "${config.auditRoom}": ${errorText(error)}. ${waiting + unposted.length} record(s) wait in the outbox.`,
			);
		}
	}

	private async trimmed(logger: ILogger, access: PostingAccess, pending: AuditRecord[]): Promise<AuditRecord[]> {
		const excess = pending.length - OUTBOX_LIMIT;
		if (excess <= 0) {
			return pending;
		}
		for (const record of pending.slice(0, excess)) {
			await auditOutbox.remove(access.persistence, record);
		}
		logger.error(`Room Events dropped the ${excess} oldest audit record(s): the outbox holds at most ${OUTBOX_LIMIT}. Check the audit room setting.`);
		return pending.slice(excess);
	}

	private async findAuditTarget(config: RoomEventsConfig, read: IRead): Promise<AuditTarget> {
		if (this.auditTarget?.roomName === config.auditRoom) {
			return this.auditTarget;
		}
		const room = await read.getRoomReader().getByName(config.auditRoom);
		if (!room) {
			throw new Error(`no room is named "${config.auditRoom}"`);
		}
		const sender = await read.getUserReader().getAppUser();
		if (!sender) {
			throw new Error("the app's bot user was not found");
		}
		this.auditTarget = { roomName: config.auditRoom, room, sender };
		return this.auditTarget;
	}

	private async post(access: PostingAccess, target: AuditTarget, record: AuditRecord): Promise<void> {
		const creator = access.modify.getCreator();
		const message = creator.startMessage().setRoom(target.room).setSender(target.sender).setText(formatAuditMessage(record)).setGroupable(false);
		await creator.finish(message);
	}
}
