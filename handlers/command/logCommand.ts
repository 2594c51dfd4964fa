import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { Say } from './commandAnswer';
import { auditHistory } from '../../audit/auditHistory';
import { formatLogLine } from '../../audit/auditMessage';
import { auditOutbox } from '../../audit/auditOutbox';
import type { AuditEvent, AuditRecord } from '../../audit/auditRecord';

/** Days of history `log` reads at most, newest first: the bound on one command's reads. */
export const LOG_DAYS_READ = 31;

/** Records that tell what a policy did (or could not do), beside plain room events. */
const DECISION_EVENTS: readonly AuditEvent[] = ['decision-failed', 'setting-refused', 'room-shaped', 'members-added', 'room-locked', 'room-unlocked'];

export function isDecision(record: AuditRecord): boolean {
	return record.outcome !== undefined || DECISION_EVENTS.includes(record.event);
}

/**
 * The newest `count` records `wanted` keeps: those still waiting in the outbox first (not yet in
 * the audit room), then the delivered ones from the history, newest first.
 */
export async function latestRecords(
	read: IRead,
	count: number,
	wanted: (record: AuditRecord) => boolean,
	maxDays: number,
): Promise<Array<{ record: AuditRecord; waiting: boolean }>> {
	const reader = read.getPersistenceReader();
	const waiting = (await auditOutbox.list(reader)).filter(wanted).reverse().slice(0, count);
	const delivered = waiting.length < count ? await auditHistory.latest(reader, count - waiting.length, wanted, maxDays) : [];
	// A record delivered just before a crash may be in both until the next delivery removes it.
	const waitingIds = new Set(waiting.map((record) => record.id));
	return [
		...waiting.map((record) => ({ record, waiting: true })),
		...delivered.filter((record) => !waitingIds.has(record.id)).map((record) => ({ record, waiting: false })),
	];
}

/** `log [n]`: the last n decisions, newest first. */
export async function logCommand(count: number, read: IRead, say: Say): Promise<string[]> {
	const found = await latestRecords(read, count, isDecision, LOG_DAYS_READ);
	if (found.length === 0) {
		return [say('command_log_empty', { days: LOG_DAYS_READ })];
	}
	const lines = [`*${say('command_log_title', { count: found.length })}*`];
	lines.push(...found.map(({ record, waiting }) => (waiting ? `${formatLogLine(record)} · ${say('command_log_waiting')}` : formatLogLine(record))));
	if (found.length < count) {
		lines.push(say('command_log_fewer', { count: found.length, days: LOG_DAYS_READ }));
	}
	return lines;
}
