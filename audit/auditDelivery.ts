import type { ILogger, IModify, IPersistence, IPersistenceRead, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { auditHistory } from './auditHistory';
import { formatAuditMessage } from './auditMessage';
import type { TrailState } from './auditOutbox';
import { auditOutbox } from './auditOutbox';
import type { AuditRecord, NewAuditRecord } from './auditRecord';
import { compareRecords, stampRecord } from './auditRecord';
import { digestsOf, summaryOf } from './auditSummary';
import type { AuditTarget } from './auditTarget';
import { lookUpAuditTarget } from './auditTarget';
import type { AuditTrail } from './auditTrail';
import { webhookOutbox } from './webhookDelivery';
import { errorText } from '../lib/errorText';
import type { RoomEventsConfig } from '../settings/settings';

/** Records kept at most while the audit room is unreachable; past it the oldest are folded into one summary. */
export const OUTBOX_LIMIT = 5000;

/** How long a reshaped room's record waits for its creation record before the room is looked up. */
export const SHAPE_GRACE_MS = 30_000;

export interface DeliveryAccess {
	readonly read: IRead;
	readonly modify: IModify;
	readonly persistence: IPersistence;
}

export interface DeliveryReport {
	readonly posted: number;
	readonly folded: number;
	readonly waiting: number;
	readonly problem?: string;
}

/**
 * One delivery of the outbox, run by the recurring job alone (one instance of a cluster at a
 * time): oldest first, each record once. A record's message has an id made from the record's
 * (Rocket.Chat keeps an id an app sets, and refuses a second message with it), so a record
 * posted whose removal then failed, or whose process died before the removal, is found posted
 * and removed next time, never posted again. Folds (digests of a burst, overflow while the room
 * is unreachable) write their summary before removing what it holds, and a summary lists its
 * members, so an interrupted fold is finished, never counted twice.
 */
export async function deliverAuditTrail(
	trail: AuditTrail,
	config: RoomEventsConfig,
	logger: ILogger,
	access: DeliveryAccess,
	now: Date,
): Promise<DeliveryReport> {
	try {
		return await deliver(trail, config, logger, access, now);
	} catch (error) {
		// A read or write of the outbox failed: what is done stays done, the rest waits for the next run.
		trail.target = undefined;
		const problem = errorText(error);
		logger.warn(`Room Events stopped delivering the audit trail: ${problem}. What waits is delivered with the next run, none of it twice.`);
		return { posted: 0, folded: 0, waiting: 0, problem };
	}
}

async function deliver(trail: AuditTrail, config: RoomEventsConfig, logger: ILogger, access: DeliveryAccess, now: Date): Promise<DeliveryReport> {
	await trail.flush(logger, access.persistence);
	const listed = await auditOutbox.list(access.read.getPersistenceReader());
	if (listed.length === 0) {
		return { posted: 0, folded: 0, waiting: 0 };
	}
	let pending = await finishInterruptedFolds(access.persistence, listed);
	const lookup = await findTarget(trail, config, access);
	if ('problem' in lookup) {
		return waitForTheRoom(config, logger, access.persistence, access.read.getPersistenceReader(), pending, lookup, now);
	}
	const notices = await noticesFor(config, access.persistence, lookup.state, lookup.target, pending.length, now);
	pending = pending.filter((record) => record.event !== 'audit-notice');
	const { ready, held, discarded } = await pairReshapedRooms(access.read, pending, now);
	await removeAll(access.persistence, discarded);
	let folded = 0;
	let toPost = ready;
	// What reaches the history this run: records posted, and records folded into a digest.
	const historyKept: AuditRecord[] = [];
	if (ready.filter((record) => record.event !== 'summary').length > config.auditDigestThreshold) {
		const digests = digestsOf(ready.filter((record) => !record.pairedWith));
		for (const { summary, members } of digests) {
			await fold(config, access.persistence, summary, members);
			historyKept.push(...members);
		}
		const digested = new Set(digests.flatMap(({ members }) => members.map((member) => member.id)));
		folded = digested.size;
		toPost = [...ready.filter((record) => !digested.has(record.id)), ...digests.map(({ summary }) => stampSummary(summary))].sort(compareRecords);
	}
	// Notices first: they say how to read what follows. Notices of an earlier, interrupted run are in the outbox too.
	const earlier = listed.filter((record) => record.event === 'audit-notice' && !notices.some((notice) => notice.id === record.id));
	toPost = [...earlier, ...notices, ...toPost];
	let posted = 0;
	for (const record of toPost) {
		try {
			await post(access, lookup.target, record);
		} catch (error) {
			trail.target = undefined;
			const problem = errorText(error);
			logger.warn(
				`Room Events could not post to the audit room "${config.auditRoom}": ${problem}. ${toPost.length - posted + held} record(s) wait in the outbox.`,
			);
			await auditOutbox.writeState(access.persistence, {
				...lookup.state,
				unreachableSince: now.toISOString(),
				unreachableReason: problem,
				waitedMost: toPost.length - posted,
			});
			await keepHistory(config, logger, access, historyKept, now);
			return { posted, folded, waiting: toPost.length - posted + held, problem };
		}
		const { pairedWith, ...delivered } = record;
		// A summary's members are in the history already (folded there); the summary joins them, as a digest.
		await keepDelivered(config, access.persistence, delivered);
		historyKept.push(delivered);
		await removeAll(access.persistence, [record, ...(pairedWith ?? [])]);
		posted++;
	}
	await keepHistory(config, logger, access, historyKept, now);
	return { posted, folded, waiting: held };
}

/** Counts what reached the history, and drops the days past the retention the admin set. */
async function keepHistory(config: RoomEventsConfig, logger: ILogger, access: DeliveryAccess, records: readonly AuditRecord[], now: Date): Promise<void> {
	if (records.length === 0) {
		return;
	}
	const index = await auditHistory.count(access.persistence, await auditHistory.index(access.read.getPersistenceReader()), records);
	const { dropped } = await auditHistory.enforceRetention(access.persistence, index, now, config.historyDays, config.historyMaxRecords);
	if (dropped > 0) {
		logger.info(
			`Room Events dropped ${dropped} audit record(s) from its history, past the retention (${config.historyDays} days, at most ${config.historyMaxRecords} records).`,
		);
	}
}

/** A record, and the records merged into its message (a reshaped room's facts into its creation). */
type Deliverable = AuditRecord & { pairedWith?: AuditRecord[] };

async function findTarget(trail: AuditTrail, config: RoomEventsConfig, access: DeliveryAccess) {
	const state = await auditOutbox.readState(access.read.getPersistenceReader());
	if (trail.target?.roomName === config.auditRoom) {
		return { target: trail.target.value, state };
	}
	const lookup = await lookUpAuditTarget(config.auditRoom, access.read, access.persistence);
	if ('target' in lookup) {
		trail.target = { roomName: config.auditRoom, value: lookup.target };
	}
	return lookup;
}

/** Records a summary already holds (its fold was interrupted before their removal) are removed, not posted again. */
async function finishInterruptedFolds(persistence: IPersistence, listed: AuditRecord[]): Promise<AuditRecord[]> {
	const folded = new Set(listed.flatMap((record) => record.summary?.memberIds ?? []));
	const leftovers = listed.filter((record) => folded.has(record.id));
	await removeAll(persistence, leftovers);
	return listed.filter((record) => !folded.has(record.id));
}

async function waitForTheRoom(
	config: RoomEventsConfig,
	logger: ILogger,
	persistence: IPersistence,
	reader: IPersistenceRead,
	pending: AuditRecord[],
	lookup: { problem: string; state: TrailState },
	now: Date,
): Promise<DeliveryReport> {
	let waiting = pending;
	let folded = 0;
	if (pending.length > OUTBOX_LIMIT) {
		const oldest = pending.slice(0, pending.length - OUTBOX_LIMIT + 1);
		const summary = summaryOf('overflow', oldest);
		await fold(config, persistence, summary, oldest);
		await auditHistory.count(persistence, await auditHistory.index(reader), oldest);
		folded = oldest.length;
		waiting = [stampSummary(summary), ...pending.slice(oldest.length)];
		logger.error(
			`Room Events folded the ${oldest.length} oldest audit record(s) into one summary (counts by event, rule and room): the outbox holds at most ${OUTBOX_LIMIT} while the audit room "${config.auditRoom}" is unreachable.`,
		);
	}
	const { state } = lookup;
	if (!state.unreachableSince) {
		logger.warn(`Room Events cannot post to the audit room "${config.auditRoom}": ${lookup.problem}. ${waiting.length} record(s) wait in the outbox.`);
	}
	const waitedMost = Math.max(state.waitedMost ?? 0, pending.length);
	if (!state.unreachableSince || waitedMost > (state.waitedMost ?? 0) || state.unreachableReason !== lookup.problem) {
		await auditOutbox.writeState(persistence, {
			...state,
			unreachableSince: state.unreachableSince ?? now.toISOString(),
			unreachableReason: lookup.problem,
			waitedMost,
		});
	}
	return { posted: 0, folded, waiting: waiting.length, problem: lookup.problem };
}

/**
 * What the trail tells the admins of itself, once: that records waited while the room was
 * unreachable, and that a public audit room lets anyone read the trail. Each notice has an id of
 * its own making, so a delivery interrupted after writing one does not post it twice.
 */
async function noticesFor(
	config: RoomEventsConfig,
	persistence: IPersistence,
	state: TrailState,
	target: AuditTarget,
	waiting: number,
	now: Date,
): Promise<AuditRecord[]> {
	const notices: AuditRecord[] = [];
	if (state.unreachableSince) {
		notices.push({
			id: `notice-unreachable-${state.unreachableSince}`,
			at: state.unreachableSince,
			event: 'audit-notice',
			reason: `The audit room could not be reached from ${state.unreachableSince} (${state.unreachableReason ?? 'unknown reason'}); ${Math.max(state.waitedMost ?? 0, waiting)} record(s) waited, and are posted after this notice.`,
		});
	}
	if (target.isPublic && state.warnedPublicRoomId !== target.room.id) {
		notices.push({
			id: `notice-public-${target.room.id}`,
			at: now.toISOString(),
			event: 'audit-notice',
			reason: `"${config.auditRoom}" is a public channel: anyone in the workspace can join it and read the audit trail. Make it a private group, or name a private room in the audit room setting.`,
		});
	}
	for (const notice of notices) {
		await auditOutbox.add(persistence, notice);
	}
	if (notices.length > 0) {
		// The outage is over: what is kept is the confirmed room and the public-room warning.
		await auditOutbox.writeState(persistence, {
			confirmedRoom: state.confirmedRoom,
			warnedPublicRoomId: target.isPublic ? target.room.id : state.warnedPublicRoomId,
		});
	}
	return notices;
}

/**
 * A reshaped room's facts belong in its creation message, once the room exists: its record waits
 * for the creation record (the engine does not await IPostRoomCreate); past the grace period the
 * room is looked up, and a room that was never created (Rocket.Chat refused it after Modify) gets
 * no message at all.
 */
async function pairReshapedRooms(read: IRead, pending: AuditRecord[], now: Date): Promise<{ ready: Deliverable[]; held: number; discarded: AuditRecord[] }> {
	const consumed = new Set<string>();
	const merged = new Map<string, Deliverable>();
	const discarded: AuditRecord[] = [];
	let held = 0;
	for (const shape of pending.filter((record) => record.event === 'room-shaped')) {
		const created = pending.find(
			(record) =>
				record.event === 'room-created' &&
				!merged.has(record.id) &&
				record.room?.name.toLowerCase() === shape.room?.name.toLowerCase() &&
				record.actor?.id === shape.actor?.id &&
				record.at >= shape.at,
		);
		if (created) {
			const reason = [shape.reason, created.reason].filter((part) => part !== undefined).join('; ') || undefined;
			merged.set(created.id, { ...created, updated: shape.updated, renamedFrom: shape.renamedFrom, reason, dryRun: shape.dryRun, pairedWith: [shape] });
			consumed.add(shape.id);
		} else if (now.getTime() - Date.parse(shape.at) < SHAPE_GRACE_MS) {
			consumed.add(shape.id);
			held++;
		} else if (!shape.room || !(await read.getRoomReader().getByName(shape.room.name))) {
			consumed.add(shape.id);
			discarded.push(shape);
		}
	}
	const ready = pending.filter((record) => !consumed.has(record.id)).map((record) => merged.get(record.id) ?? record);
	return { ready, held, discarded };
}

/** Writes the summary, keeps its members in the history (they are posted inside it), then removes them. */
async function fold(config: RoomEventsConfig, persistence: IPersistence, summary: NewAuditRecord, members: readonly AuditRecord[]): Promise<void> {
	await auditOutbox.add(persistence, stampSummary(summary));
	for (const member of members) {
		await keepDelivered(config, persistence, member);
	}
	await removeAll(persistence, members);
}

/** A record that reached the trail (posted, or folded into a summary): into the history, and to the webhook when there is one. */
async function keepDelivered(config: RoomEventsConfig, persistence: IPersistence, record: AuditRecord): Promise<void> {
	await auditHistory.keep(persistence, record);
	if (config.webhookUrl !== '') {
		await webhookOutbox.add(persistence, record);
	}
}

/** A summary sorts by its first record; its id follows from its members', so writing it twice posts it once. */
function stampSummary(summary: NewAuditRecord): AuditRecord {
	const first = summary.summary?.first ?? new Date().toISOString();
	const stamped = stampRecord(summary, new Date(first));
	return { ...stamped, id: `summary-${summary.summary?.memberIds[0] ?? stamped.id}-${summary.summary?.count ?? 0}` };
}

async function removeAll(persistence: IPersistence, records: readonly AuditRecord[]): Promise<void> {
	for (const record of records) {
		await auditOutbox.remove(persistence, record);
	}
}

/** The message id of a record: Rocket.Chat ids are letters and digits. */
export function messageIdOf(record: AuditRecord): string {
	return `RE${record.id.replace(/[^A-Za-z0-9]/g, '')}`;
}

/**
 * Posts a record's message under the record's own id (through `_unmappedProperties_`, which
 * Rocket.Chat's message converter copies onto the message it stores). When the server refuses
 * it, the message may be there already (posted before a removal that failed): then it counts as
 * posted.
 */
async function post(access: DeliveryAccess, target: AuditTarget, record: AuditRecord): Promise<void> {
	const id = messageIdOf(record);
	const creator = access.modify.getCreator();
	const message = creator
		.startMessage({ _unmappedProperties_: { _id: id } } as unknown as IMessage)
		.setRoom(target.room)
		.setSender(target.sender)
		.setText(formatAuditMessage(record))
		.setGroupable(false);
	try {
		await creator.finish(message);
	} catch (error) {
		const existing = await access.read
			.getMessageReader()
			.getById(id)
			.catch(() => undefined);
		if (!existing) {
			throw error;
		}
	}
}
