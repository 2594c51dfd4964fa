import type { AuditEvent, AuditRecord, AuditSummary, NewAuditRecord, SummaryCount } from './auditRecord';
import { compareRecords } from './auditRecord';

/** The kind of record a digest gathers: the event family and the rule that decided. */
const FAMILY: Record<AuditEvent, string> = {
	'room-created': 'creation',
	'creation-decided': 'creation',
	'room-shaped': 'creation',
	'members-added': 'creation',
	'room-deleted': 'deletion',
	'deletion-decided': 'deletion',
	'user-joined': 'join',
	'join-decided': 'join',
	'user-left': 'leave',
	'leave-decided': 'leave',
	'decision-failed': 'failure',
	'setting-refused': 'setting',
	'room-locked': 'lock',
	'room-unlocked': 'lock',
	'audit-room-activity': 'audit-room',
	'audit-notice': 'notice',
	'summary': 'summary',
};

/** Records a digest never folds: each is news of its own. */
const NEVER_DIGESTED: readonly AuditEvent[] = [
	'setting-refused',
	'room-locked',
	'room-unlocked',
	'audit-room-activity',
	'audit-notice',
	'summary',
	'room-shaped',
];

export function digestKey(record: AuditRecord): string {
	return `${FAMILY[record.event]}|${record.outcome ?? ''}|${record.rule?.setting ?? ''}`;
}

/**
 * The burst in `records` as digests: one per kind of record (family × outcome × rule), each
 * folding at least `minimum` records; smaller kinds, and records of their own, stay as they are.
 */
export function digestsOf(records: readonly AuditRecord[], minimum = 3): Array<{ summary: NewAuditRecord; members: AuditRecord[] }> {
	const groups = new Map<string, AuditRecord[]>();
	for (const record of records) {
		if (NEVER_DIGESTED.includes(record.event)) {
			continue;
		}
		const key = digestKey(record);
		const group = groups.get(key);
		if (group) {
			group.push(record);
		} else {
			groups.set(key, [record]);
		}
	}
	return [...groups.values()].filter((members) => members.length >= minimum).map((members) => ({ summary: summaryOf('digest', members), members }));
}

/** The records as one summary record: counts by event, outcome, rule and room, the first names, the time span. */
export function summaryOf(kind: AuditSummary['kind'], records: readonly AuditRecord[]): NewAuditRecord {
	const sorted = [...records].sort(compareRecords);
	// A summary folded into another counts by its own counts and members.
	const flattened = sorted.flatMap((record) => (record.summary ? [] : [record]));
	const inner = sorted.flatMap((record) => (record.summary ? [record.summary] : []));
	const counts = new Map<string, SummaryCount>();
	const add = (entry: Omit<SummaryCount, 'count'>, count: number) => {
		const key = `${entry.event}|${entry.outcome ?? ''}|${entry.setting ?? ''}|${entry.room ?? ''}`;
		counts.set(key, { ...entry, count: (counts.get(key)?.count ?? 0) + count });
	};
	flattened.forEach((record) => add({ event: record.event, outcome: record.outcome, setting: record.rule?.setting, room: record.room?.name }, 1));
	inner.forEach((summary) => summary.counts.forEach(({ count, ...entry }) => add(entry, count)));
	const rooms = distinct([...inner.flatMap((summary) => summary.rooms), ...flattened.map((record) => record.room?.name)]);
	const users = distinct([
		...inner.flatMap((summary) => summary.users),
		...flattened.flatMap((record) => [record.subject?.username, record.actor?.username]),
	]);
	const times = [...inner.flatMap((summary) => [summary.first, summary.last]), ...flattened.map((record) => record.at)].sort();
	const summary: AuditSummary = {
		kind,
		count: flattened.length + inner.reduce((total, summaryOfMembers) => total + summaryOfMembers.count, 0),
		first: times[0],
		last: times[times.length - 1],
		counts: [...counts.values()].sort((a, b) => b.count - a.count),
		rooms,
		users,
		memberIds: sorted.map((record) => record.id),
	};
	return { event: 'summary', summary };
}

function distinct(names: ReadonlyArray<string | undefined>): string[] {
	return [...new Set(names.filter((name): name is string => name !== undefined && name !== ''))];
}
