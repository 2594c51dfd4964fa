import { MAX_MESSAGE_LENGTH, formatAuditMessage, formatTime, roomLabel } from '../../../audit/auditMessage';
import type { AuditEvent, AuditRecord } from '../../../audit/auditRecord';
import type { RoomKind } from '../../../policy/eventFacts';

const AT = '2026-03-04T05:06:07.089Z';
const TIME = 'At: 2026-03-04 05:06:07 UTC';

function record(event: AuditEvent, more: Partial<AuditRecord> = {}): AuditRecord {
	return { id: 'id-1', at: AT, event, room: { id: 'R42', name: 'project-x', kind: 'channel' }, ...more };
}

const alice = { id: 'u1', username: 'alice' };
const bob = { id: 'u2', username: 'bob' };

describe('formatAuditMessage: each event kind', () => {
	it.each<[AuditEvent, string, string | undefined, string | undefined]>([
		['room-created', 'Room created', 'Created by', undefined],
		['room-deleted', 'Room deleted', 'Creator', undefined],
		['user-joined', 'User joined', 'Added by', 'User'],
		['user-left', 'User left', 'Removed by', 'User'],
		['creation-decided', 'Room creation', 'Requested by', undefined],
		['room-shaped', 'New room reshaped by policy', 'Requested by', undefined],
		['members-added', 'Members added to new room', 'By', undefined],
		['deletion-decided', 'Room deletion', 'By', undefined],
		['join-decided', 'Join', 'Added by', 'User'],
		['leave-decided', 'Leave', 'Removed by', 'User'],
		['setting-refused', 'Setting value refused', 'By', undefined],
	])('%s: title %j, actor as %j, subject as %j', (event, title, actorLabel, subjectLabel) => {
		const message = formatAuditMessage(record(event, { actor: alice, subject: bob }));
		const lines = message.split('\n');
		expect(lines[0]).toBe(`*${title}* · #project-x (public channel, id \`R42\`)`);
		expect(lines).toContain(`${actorLabel}: @alice`);
		expect(lines).toContain(`${subjectLabel ?? 'User'}: @bob`);
		expect(lines[lines.length - 1]).toBe(TIME);
	});
});

describe('formatAuditMessage: facts', () => {
	it('writes a user join with inviter and member count', () => {
		expect(formatAuditMessage(record('user-joined', { actor: alice, subject: bob, memberCount: 12 }))).toBe(
			['*User joined* · #project-x (public channel, id `R42`)', 'Added by: @alice', 'User: @bob', 'Members now: 12', TIME].join('\n'),
		);
	});

	it('writes a self-leave with the user alone', () => {
		expect(formatAuditMessage(record('user-left', { subject: bob, memberCount: 0 }))).toBe(
			['*User left* · #project-x (public channel, id `R42`)', 'User: @bob', 'Members now: 0', TIME].join('\n'),
		);
	});

	it.each([
		['denied', false, '*Join denied* · #project-x'],
		['would-deny', true, '*Join would have been denied (dry run, not enforced)* · #project-x'],
		['allowed', true, '*Join allowed* (dry run) · #project-x'],
		['allowed', false, '*Join allowed* · #project-x'],
	] as const)('words a %s decision (dry run %s) in the title', (outcome, dryRun, title) => {
		const message = formatAuditMessage(record('join-decided', { outcome, dryRun, subject: bob }));
		expect(message.split('\n')[0].startsWith(title)).toBe(true);
	});

	it('writes a decision with its rule and reason', () => {
		const message = formatAuditMessage(
			record('creation-decided', {
				room: { name: 'secret-x', kind: 'private-group' },
				actor: alice,
				outcome: 'denied',
				reason: 'Room names matching "secret-*" are not allowed in this workspace.',
				rule: { setting: 'creation_blocked_names', matched: 'secret-*' },
				dryRun: false,
			}),
		);
		expect(message).toBe(
			[
				'*Room creation denied* · #secret-x (private group)',
				'Requested by: @alice',
				'Rule: `creation_blocked_names` (secret-*)',
				'Reason: Room names matching "secret-*" are not allowed in this workspace.',
				TIME,
			].join('\n'),
		);
	});

	it('lists what changed in a new room, in words, with its former name', () => {
		const message = formatAuditMessage(record('room-created', { updated: ['name', 'read-only'], renamedFrom: 'Project X' }));
		expect(message.split('\n')).toEqual(expect.arrayContaining(['Renamed from: Project X', 'Changed: name, read-only']));
		const dryRun = formatAuditMessage(record('room-created', { updated: ['name'], dryRun: true }));
		expect(dryRun.split('\n')).toContain('Would change: name');
	});

	it('cuts a long value to a readable length, stating its full length, and caps the message', () => {
		const long = 'x'.repeat(100_000);
		const refusal = formatAuditMessage(record('setting-refused', { setting: { id: 'creation_blocked_names', value: long }, reason: long }));
		expect(refusal.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
		expect(refusal).toContain('… (100,000 characters in all)');
		expect(refusal.split('\n').every((line) => line.length < 400)).toBe(true);
	});

	it('never shows a value the record left empty (a secret)', () => {
		expect(formatAuditMessage(record('setting-refused', { setting: { id: 'webhook_secret', value: '' } }))).toContain(
			'Refused value:\n```\n(not shown)\n```',
		);
	});

	it('says the member count is unknown when the server did not give it', () => {
		expect(formatAuditMessage(record('user-joined', { memberCount: 'unknown' })).split('\n')).toContain('Members now: unknown');
	});

	it('lists the members added', () => {
		const message = formatAuditMessage(
			record('members-added', { members: ['compliance.bot', 'alice'], rule: { setting: 'naming_auto_members', matched: 'proj-*: compliance.bot' } }),
		);
		expect(message.split('\n')).toEqual(
			expect.arrayContaining(['Members added: @compliance.bot, @alice', 'Rule: `naming_auto_members` (proj-*: compliance.bot)']),
		);
	});

	it('writes a refused setting without a room, its multi-line value last in a code block', () => {
		const message = formatAuditMessage({
			id: 'x',
			at: AT,
			event: 'setting-refused',
			reason: 'the line "a,,b" has an empty item',
			setting: { id: 'join_rules', value: 'a-*: admin\na,,b ```' },
		});
		expect(message).toBe(
			[
				'*Setting value refused*',
				'Reason: the line "a,,b" has an empty item',
				'Setting: `join_rules`',
				TIME,
				'Refused value:',
				'```',
				'a-*: admin',
				"a,,b '''",
				'```',
			].join('\n'),
		);
	});

	it('folds user-written names onto one line, so a title cannot forge a line', () => {
		const message = formatAuditMessage({
			id: 'x',
			at: AT,
			event: 'room-created',
			room: { name: 'Hi\nRule: `fake`', kind: 'discussion' },
			reason: 'two\nlines',
		});
		expect(message.split('\n')).toEqual(['*Room created* · Hi Rule: `fake` (discussion)', 'Reason: two lines', TIME]);
	});

	it('leaves out the facts a record does not have', () => {
		expect(formatAuditMessage(record('room-created'))).toBe(['*Room created* · #project-x (public channel, id `R42`)', TIME].join('\n'));
	});

	it('leaves out an empty reason and empty lists', () => {
		expect(formatAuditMessage(record('room-shaped', { reason: '', updated: [], members: [] }))).toBe(
			['*New room reshaped by policy* · #project-x (public channel, id `R42`)', TIME].join('\n'),
		);
	});
});

describe('formatAuditMessage: users', () => {
	it.each([
		[{ id: 'u9', username: '' }, 'Created by: user id `u9`'],
		[{ username: '' }, 'Created by: user id `unknown`'],
		[{ id: 'u9', username: 'zed' }, 'Created by: @zed'],
	])('writes %j as %j', (actor, line) => {
		expect(formatAuditMessage(record('room-created', { actor })).split('\n')).toContain(line);
	});
});

describe('roomLabel', () => {
	it.each<[RoomKind, string | undefined, string, string]>([
		['channel', 'R1', 'general', '#general (public channel, id `R1`)'],
		['private-group', 'R2', 'hr', '#hr (private group, id `R2`)'],
		['team', 'R3', 'red', '#red (team, id `R3`)'],
		['discussion', 'R4', 'Why X Broke', 'Why X Broke (discussion, id `R4`)'],
		['direct-message', 'R5', 'alicebob', 'alicebob (direct message, id `R5`)'],
		['livechat', 'R6', 'visitor', 'visitor (omnichannel room, id `R6`)'],
		['channel', undefined, 'new-room', '#new-room (public channel)'],
		['direct-message', undefined, '', '(unnamed) (direct message)'],
	])('a %s with id %s named %j is %j', (kind, id, name, expected) => {
		expect(roomLabel({ kind, name, ...(id ? { id } : {}) })).toBe(expected);
	});

	it('puts the room of a record without id in the title without an id', () => {
		const message = formatAuditMessage(record('creation-decided', { room: { name: 'new-room', kind: 'channel' } }));
		expect(message.split('\n')[0]).toBe('*Room creation* · #new-room (public channel)');
		expect(message).not.toContain('id `');
	});
});

describe('formatTime', () => {
	it.each([
		['2026-03-04T05:06:07.089Z', '2026-03-04 05:06:07 UTC'],
		['1999-12-31T23:59:59.999Z', '1999-12-31 23:59:59 UTC'],
	])('%s → %s', (iso, expected) => {
		expect(formatTime(iso)).toBe(expected);
	});
});
