import type { AuditEvent, AuditRecord, NewAuditRecord } from '../../../audit/auditRecord';
import { asAuditRoomActivity, compareRecords, decisionRecords, isAudited, stampRecord } from '../../../audit/auditRecord';
import { text } from '../../../lib/translate';
import { NO_RULE_MATCHED, deny } from '../../../policy/decision';
import { configFor } from '../../fakes/configFor';

const FAMILIES: Array<[string, AuditEvent[]]> = [
	['audit_room_created', ['room-created', 'creation-decided', 'room-shaped', 'members-added']],
	['audit_room_deleted', ['room-deleted', 'deletion-decided']],
	['audit_user_joined', ['user-joined', 'join-decided']],
	['audit_user_left', ['user-left', 'leave-decided']],
];
const EVENTS: AuditEvent[] = [...FAMILIES.flatMap(([, events]) => events), 'setting-refused'];

const about = (event: AuditEvent, name = 'project-x'): NewAuditRecord => ({ event, room: { id: 'r1', name, kind: 'channel' } });

describe('isAudited', () => {
	const on = configFor({ audit_enabled: true });

	it.each(EVENTS)('with the master switch off, %s is not audited', (event) => {
		expect(isAudited(configFor(), about(event))).toBe(false);
		expect(isAudited(configFor({ audit_enabled: false }), { event })).toBe(false);
	});

	it.each(EVENTS)('with audit on and every event switch at its default, %s is audited', (event) => {
		expect(isAudited(on, about(event))).toBe(true);
	});

	const perSwitch = FAMILIES.flatMap(([setting, events]) => EVENTS.map((event) => [setting, event, !events.includes(event)] as const));

	it.each(perSwitch)('with %s off, %s is audited: %s', (setting, event, audited) => {
		expect(isAudited(configFor({ audit_enabled: true, [setting]: false }), about(event))).toBe(audited);
	});

	it('audits a refused setting with every event switch off', () => {
		const quiet = configFor(Object.fromEntries([['audit_enabled', true], ...FAMILIES.map(([setting]) => [setting, false])]));
		expect(isAudited(quiet, { event: 'setting-refused', setting: { id: 'join_rules', value: 'x' } })).toBe(true);
		expect(isAudited(quiet, about('room-created'))).toBe(false);
	});

	it.each([
		['everything', ['user-joined', 'join-decided allowed', 'join-decided denied', 'setting-refused', 'audit-notice']],
		['decisions', ['join-decided allowed', 'join-decided denied', 'setting-refused', 'audit-notice']],
		['denials', ['join-decided denied', 'setting-refused', 'audit-notice']],
	])('at the level %s keeps %j', (level, kept) => {
		const config = configFor({ audit_enabled: true, audit_level: level });
		const records: Array<[string, Parameters<typeof isAudited>[1]]> = [
			['user-joined', about('user-joined')],
			['join-decided allowed', { ...about('join-decided'), outcome: 'allowed' }],
			['join-decided denied', { ...about('join-decided'), outcome: 'denied' }],
			['setting-refused', { event: 'setting-refused' }],
			['audit-notice', { event: 'audit-notice' }],
		];
		expect(records.filter(([, record]) => isAudited(config, record)).map(([name]) => name)).toEqual(kept);
	});
});

describe('asAuditRoomActivity', () => {
	const config = configFor({ audit_enabled: true, audit_room: '#Ops-Audit' });

	it.each([
		['ops-audit', 'audit-room-activity'],
		['OPS-AUDIT', 'audit-room-activity'],
		['ops-audit-2', 'user-joined'],
	])('makes a join of %s a record of event %s', (name, event) => {
		expect(asAuditRoomActivity(config, about('user-joined', name)).event).toBe(event);
	});

	it('knows the audit room by its confirmed id whatever its name, and leaves decisions as they are', () => {
		const joinedRenamed = { event: 'user-joined' as const, room: { id: 'rid-confirmed', name: 'renamed', kind: 'private-group' as const } };
		expect(asAuditRoomActivity(config, joinedRenamed, 'rid-confirmed')).toMatchObject({ event: 'audit-room-activity', activity: 'user-joined' });
		expect(asAuditRoomActivity(config, about('join-decided', 'ops-audit')).event).toBe('join-decided');
	});
});

describe('stampRecord', () => {
	const now = new Date('2026-03-04T05:06:07.089Z');

	it('keeps the record and adds the time', () => {
		const stamped = stampRecord({ event: 'user-left', reason: 'r' }, now);
		expect(stamped).toEqual({ id: expect.any(String), at: '2026-03-04T05:06:07.089Z', event: 'user-left', reason: 'r' });
	});

	it('gives unique, increasing ids within one millisecond', () => {
		const ids = Array.from({ length: 200 }, () => stampRecord({ event: 'room-created' }, now).id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual(ids);
	});

	it('gives later milliseconds larger ids', () => {
		const first = stampRecord({ event: 'room-created' }, now);
		const second = stampRecord({ event: 'room-created' }, new Date(now.getTime() + 1));
		const third = stampRecord({ event: 'room-created' }, new Date(now.getTime() + 1000 * 60 * 60 * 24 * 365));
		expect(first.id < second.id).toBe(true);
		expect(second.id < third.id).toBe(true);
	});
});

describe('compareRecords', () => {
	const record = (at: string, id: string): AuditRecord => ({ id, at, event: 'room-created' });

	it.each([
		[record('2026-01-01T00:00:00.000Z', 'b'), record('2026-01-01T00:00:00.001Z', 'a'), -1],
		[record('2026-01-01T00:00:00.001Z', 'a'), record('2026-01-01T00:00:00.000Z', 'b'), 1],
		[record('2026-01-01T00:00:00.000Z', 'a'), record('2026-01-01T00:00:00.000Z', 'b'), -1],
		[record('2026-01-01T00:00:00.000Z', 'b'), record('2026-01-01T00:00:00.000Z', 'a'), 1],
		[record('2026-01-01T00:00:00.000Z', 'a'), record('2026-01-01T00:00:00.000Z', 'a'), 0],
	])('orders %j before or after %j: %s', (a, b, expected) => {
		expect(Math.sign(compareRecords(a, b))).toBe(expected);
	});

	it('sorts stamped records back into the order they were made, by time then id', () => {
		const t0 = new Date('2026-05-01T10:00:00.000Z');
		const t1 = new Date('2026-05-01T10:00:00.001Z');
		const made = [
			stampRecord({ event: 'room-created', reason: '1' }, t0),
			stampRecord({ event: 'room-created', reason: '2' }, t0),
			stampRecord({ event: 'room-created', reason: '3' }, t0),
			stampRecord({ event: 'room-created', reason: '4' }, t1),
			stampRecord({ event: 'room-created', reason: '5' }, t1),
		];
		const shuffled = [made[4], made[1], made[3], made[0], made[2]];
		expect(shuffled.sort(compareRecords).map((r) => r.reason)).toEqual(['1', '2', '3', '4', '5']);
	});
});

describe('decisionRecords', () => {
	const refs = { room: { id: 'r1', name: 'secret-x', kind: 'channel' as const }, actor: { id: 'u1', username: 'alice' } };
	const denial = deny('creation_blocked_names', 'secret-*', text('reason_name_blocked', { pattern: 'secret-*' }));

	it.each([false, true])('gives none for a decision without a rule (dry run %s)', (dryRun) => {
		expect(decisionRecords('creation-decided', NO_RULE_MATCHED, dryRun, refs)).toEqual([]);
	});

	it.each([
		[false, 'denied'],
		[true, 'would-deny'],
	] as const)('gives one record for a denial, dry run %s: %s', (dryRun, outcome) => {
		expect(decisionRecords('creation-decided', denial, dryRun, refs)).toEqual([
			{
				event: 'creation-decided',
				room: refs.room,
				actor: refs.actor,
				outcome,
				reason: 'Room names matching "secret-*" are not allowed in this workspace.',
				rule: { setting: 'creation_blocked_names', matched: 'secret-*' },
				dryRun,
			},
		]);
	});

	it('gives an allowed record for an allow a rule made (an exemption)', () => {
		const exempt = {
			verdict: 'allow' as const,
			reason: text('reason_exempt_user', { user: 'carol', reason: text('reason_guests_kept_out') }),
			rule: { setting: 'join_exempt_users', matched: 'carol' },
		};
		const records = decisionRecords('join-decided', exempt, true, { room: refs.room, subject: { username: 'carol' } });
		expect(records).toHaveLength(1);
		expect(records[0]).toEqual(expect.objectContaining({ event: 'join-decided', outcome: 'allowed', subject: { username: 'carol' }, rule: exempt.rule }));
	});
});

describe('stampRecord when the clock steps back', () => {
	it('keeps ids increasing within a millisecond stamped again after another one', () => {
		const t1 = new Date('2026-05-01T10:00:00.000Z');
		const t2 = new Date('2026-05-01T10:00:00.005Z');
		const first = stampRecord({ event: 'room-created', reason: 'first' }, t1);
		stampRecord({ event: 'room-created' }, t2);
		const second = stampRecord({ event: 'room-created', reason: 'second' }, t1);
		expect(compareRecords(first, second)).toBeLessThan(0);
	});
});
