import type { AuditEvent, AuditRecord } from '../../../audit/auditRecord';
import { EXPORT_ACTIONS, exportActionOf, exportRecord } from '../../../audit/exportRecord';

const AT = '2026-11-24T08:00:00.000Z';
const town = { id: 'rid-town', name: 'town', kind: 'channel' as const };
const alice = { id: 'uid-alice', username: 'alice' };
const bob = { id: 'uid-bob', username: 'bob' };
const record = (event: AuditEvent, more: Partial<AuditRecord> = {}): AuditRecord => ({ id: `r-${event}`, at: AT, event, room: town, ...more });

describe('the export vocabulary', () => {
	it.each<[string, AuditRecord, string]>([
		['a room created', record('room-created', { actor: alice }), 'room.created'],
		['a creation refused', record('creation-decided', { outcome: 'denied' }), 'room.create_denied'],
		['a creation that dry-run mode let through', record('creation-decided', { outcome: 'would-deny' }), 'room.create_denied'],
		['a creation an exemption let through', record('creation-decided', { outcome: 'allowed' }), 'policy.exempted'],
		['a room reshaped by policy', record('room-shaped', { updated: ['name'] }), 'room.updated'],
		['members added by policy', record('members-added', { members: ['bob'] }), 'member.added_by_policy'],
		['a room deleted', record('room-deleted'), 'room.deleted'],
		['a deletion refused', record('deletion-decided', { outcome: 'denied' }), 'room.delete_denied'],
		['a join', record('user-joined'), 'member.joined'],
		['a join refused', record('join-decided', { outcome: 'denied' }), 'member.join_denied'],
		['a leave', record('user-left'), 'member.left'],
		['a leave refused', record('leave-decided', { outcome: 'denied' }), 'member.leave_denied'],
		['a setting refused', record('setting-refused', { room: undefined }), 'setting.refused'],
		['a room locked', record('room-locked'), 'room.updated'],
		['a room unlocked', record('room-unlocked'), 'room.updated'],
		['a digest', record('summary', { room: undefined }), 'digest'],
		['a notice of the trail', record('audit-notice', { room: undefined }), 'audit.notice'],
		['a join that failed closed', record('decision-failed', { failedDecision: 'join-decided', outcome: 'denied' }), 'member.join_denied'],
		['a deletion that failed open', record('decision-failed', { failedDecision: 'deletion-decided' }), 'policy.undecided'],
		['a join to the audit room', record('audit-room-activity', { activity: 'user-joined' }), 'member.joined'],
	])('names %s %s', (_what, given, action) => {
		expect(exportActionOf(given)).toBe(action);
		expect(EXPORT_ACTIONS).toContain(action);
	});

	it('splits a record into actor, action, entity and details', () => {
		const refused = record('join-decided', {
			actor: alice,
			subject: bob,
			outcome: 'denied',
			reason: 'The room "town" is locked.',
			rule: { setting: 'join_locked_rooms', matched: 'town' },
			dryRun: false,
		});
		expect(exportRecord(refused)).toEqual({
			id: 'r-join-decided',
			at: AT,
			action: 'member.join_denied',
			actor: { id: 'uid-alice', username: 'alice' },
			entity: { id: 'rid-town', name: 'town', type: 'c' },
			details: { rule: 'join_locked_rooms', matched: 'town', reason: 'The room "town" is locked.', outcome: 'denied', dryRun: false, user: bob },
		});
	});

	it('takes the user for the actor of a self-join, and names no other user', () => {
		const exported = exportRecord(record('user-joined', { subject: bob, memberCount: 7 }));
		expect(exported.actor).toEqual(bob);
		expect(exported.details).toEqual({ dryRun: false, memberCount: 7 });
	});

	it('says a lock changed the room: room.updated, updated ["locked"], and which way', () => {
		expect(exportRecord(record('room-locked', { actor: alice }))).toMatchObject({ action: 'room.updated', updated: ['locked'], details: { locked: true } });
		expect(exportRecord(record('room-unlocked', { actor: alice }))).toMatchObject({
			action: 'room.updated',
			updated: ['locked'],
			details: { locked: false },
		});
	});

	it('marks a dry-run refusal as dry-run, a reshaped creation with what changed, and the audit room as such', () => {
		expect(exportRecord(record('creation-decided', { outcome: 'would-deny' })).details.dryRun).toBe(true);
		expect(exportRecord(record('room-created', { updated: ['name', 'read-only'], renamedFrom: 'Town' }))).toMatchObject({
			action: 'room.created',
			updated: ['name', 'read-only'],
			details: { renamedFrom: 'Town' },
		});
		expect(exportRecord(record('audit-room-activity', { activity: 'room-created' })).details.auditRoom).toBe(true);
	});

	it("gives a digest's counts and the ids of the records it holds, which are exported one by one too", () => {
		const digest = record('summary', {
			room: undefined,
			summary: {
				kind: 'digest',
				count: 2,
				first: AT,
				last: AT,
				counts: [{ event: 'user-joined', count: 2 }],
				rooms: ['town'],
				users: ['a', 'b'],
				memberIds: ['r1', 'r2'],
			},
		});
		expect(exportRecord(digest)).toMatchObject({
			action: 'digest',
			entity: null,
			actor: null,
			details: { digest: { kind: 'digest', count: 2, records: ['r1', 'r2'] } },
		});
	});

	it('names room types as Rocket.Chat does', () => {
		const typeOf = (kind: 'private-group' | 'direct-message' | 'discussion' | 'team') =>
			exportRecord(record('room-created', { room: { name: 'x', kind } })).entity?.type;
		expect([typeOf('private-group'), typeOf('direct-message'), typeOf('discussion'), typeOf('team')]).toEqual(['p', 'd', 'discussion', 'team']);
		expect(exportRecord(record('room-created', { room: { name: 'x', kind: 'channel' } })).entity).toEqual({ id: null, name: 'x', type: 'c' });
	});
});
