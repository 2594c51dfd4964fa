import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import { OUTBOX_LIMIT, SHAPE_GRACE_MS, deliverAuditTrail, messageIdOf } from '../../../audit/auditDelivery';
import type { AuditRecord, NewAuditRecord } from '../../../audit/auditRecord';
import { AuditTrail } from '../../../audit/auditTrail';
import type { RoomEventsConfig } from '../../../settings/settings';
import { configFor } from '../../fakes/configFor';
import { FakeLogger, FakeWorkspace, room, user } from '../../fakes/fakeAccessors';

const T0 = new Date('2026-11-23T10:00:00Z');
const config = configFor({ audit_enabled: true, audit_room: 'audit' });
const root = user('root', ['admin']);

const joined = (username: string, roomName = 'town'): NewAuditRecord => ({
	event: 'user-joined',
	room: { id: `rid-${roomName}`, name: roomName, kind: 'channel' },
	subject: { username },
});
const refused = (username: string, roomName = 'vault'): NewAuditRecord => ({
	event: 'join-decided',
	room: { id: `rid-${roomName}`, name: roomName, kind: 'channel' },
	subject: { username },
	outcome: 'denied',
	reason: 'locked',
	rule: { setting: 'join_locked_rooms', matched: roomName },
});

function setUp(options: { auditRoom?: boolean; auditRoomType?: RoomType; creator?: ReturnType<typeof user> } = {}) {
	const ws = new FakeWorkspace().addUser(root, user('alice'));
	if (options.auditRoom !== false) {
		ws.addRoom(room('audit', options.auditRoomType ?? RoomType.PRIVATE_GROUP, { creator: options.creator ?? root }));
	}
	const clock = { now: T0 };
	const trail = new AuditTrail(() => clock.now);
	const logger = new FakeLogger();
	const keep = (records: NewAuditRecord[], cfg: RoomEventsConfig = config) => trail.keep(cfg, logger.asLogger(), ws.persistence(), records);
	const deliver = (cfg: RoomEventsConfig = config) =>
		deliverAuditTrail(trail, cfg, logger.asLogger(), { read: ws.read(), modify: ws.modify(), persistence: ws.persistence() }, clock.now);
	const titles = () => ws.messages.map((message) => message.text.split('\n')[0]);
	return { ws, clock, trail, logger, keep, deliver, titles };
}

describe('delivering the audit trail', () => {
	it('posts every record oldest first with its original time, under an id of its own, and empties the outbox', async () => {
		const { ws, clock, keep, deliver } = setUp();
		await keep([joined('first')]);
		clock.now = new Date(T0.getTime() + 5000);
		await keep([joined('second')]);
		const kept = ws.outbox() as unknown as AuditRecord[];
		await expect(deliver()).resolves.toEqual({ posted: 2, folded: 0, waiting: 0 });
		expect(ws.messages.map((m) => [m.id, m.text.match(/User: @(\w+)/)?.[1], m.text.match(/At: (.*)/)?.[1]])).toEqual([
			[messageIdOf(kept[0]), 'first', '2026-11-23 10:00:00 UTC'],
			[messageIdOf(kept[1]), 'second', '2026-11-23 10:00:05 UTC'],
		]);
		expect(ws.outbox()).toEqual([]);
	});

	it('costs one read when there is nothing to deliver', async () => {
		const { ws, deliver } = setUp();
		await deliver();
		expect(ws.calls).toEqual(['readByAssociation']);
	});

	it('posts a record once when its post succeeded and its removal failed', async () => {
		const { ws, keep, deliver } = setUp();
		await keep([joined('a'), joined('b')]);
		ws.failing.set('removeByAssociations', 1);
		await deliver();
		expect(ws.messages).toHaveLength(1);
		await deliver();
		expect(ws.messages.map((m) => m.text.match(/User: @(\w+)/)?.[1])).toEqual(['a', 'b']);
		expect(ws.outbox()).toEqual([]);
	});

	it('posts a record once when the process died between its post and its removal', async () => {
		const { ws, logger, keep, deliver } = setUp();
		await keep([joined('a')]);
		// The post went out; the process died before the removal (here: the removal is lost).
		ws.failing.set('removeByAssociations', 1);
		await deliver();
		// A new process, which knows nothing of the last one, delivers again.
		const restarted = new AuditTrail(() => T0);
		await deliverAuditTrail(restarted, config, logger.asLogger(), { read: ws.read(), modify: ws.modify(), persistence: ws.persistence() }, T0);
		expect(ws.messages.map((m) => m.text.match(/User: @(\w+)/)?.[1])).toEqual(['a']);
		expect(ws.outbox()).toEqual([]);
	});

	it('keeps the records while the audit room is missing, says so once, and posts a notice of what waited when it is back', async () => {
		const { ws, logger, keep, deliver, titles } = setUp({ auditRoom: false });
		await keep([joined('a'), refused('b')]);
		await expect(deliver()).resolves.toMatchObject({ posted: 0, waiting: 2, problem: 'no room is named "audit"' });
		await deliver();
		expect(logger.at('warn')).toEqual([
			expect.stringContaining('cannot post to the audit room "audit": no room is named "audit". 2 record(s) wait in the outbox.'),
		]);
		ws.addRoom(room('audit', RoomType.PRIVATE_GROUP, { creator: root }));
		await deliver();
		expect(titles()).toEqual([
			'*Audit trail notice*',
			'*User joined* · #town (public channel, id `rid-town`)',
			'*Join denied* · #vault (public channel, id `rid-vault`)',
		]);
		expect(ws.messages[0].text).toContain('2 record(s) waited, and are posted after this notice.');
		await keep([joined('c')]);
		await deliver();
		expect(titles()).toHaveLength(4);
	});

	it('does not trust a room under the audit room name that no admin created, and keeps the records', async () => {
		const { ws, keep, deliver } = setUp({ creator: user('alice') });
		await keep([joined('a')]);
		await expect(deliver()).resolves.toMatchObject({
			posted: 0,
			problem: expect.stringContaining('created by @alice, who is no admin: it is not trusted with the audit trail'),
		});
		expect(ws.messages).toEqual([]);
	});

	it('keeps trusting the audit room it confirmed, and no other room that later takes the name', async () => {
		const { ws, keep, deliver, trail } = setUp();
		await keep([joined('a')]);
		await deliver();
		// The audit room is deleted; a user creates a room of the same name.
		ws.rooms.delete('rid-audit');
		trail.target = undefined;
		ws.addRoom(room('audit', RoomType.PRIVATE_GROUP, { id: 'rid-impostor', creator: user('alice') }));
		await keep([joined('b')]);
		await deliver();
		expect(ws.messages.map((m) => m.roomId)).toEqual(['rid-audit']);
		expect(ws.outbox()).toHaveLength(1);
	});

	it('warns once, in the room, that a public audit room lets anyone read the trail', async () => {
		const { ws, keep, deliver, titles } = setUp({ auditRoomType: RoomType.CHANNEL });
		await keep([joined('a')]);
		await deliver();
		await keep([joined('b')]);
		await deliver();
		expect(titles().filter((title) => title === '*Audit trail notice*')).toHaveLength(1);
		expect(ws.messages[0].text).toContain('is a public channel: anyone in the workspace can join it and read the audit trail');
	});

	it('folds a burst above the digest threshold into one digest per kind of record, and accounts for every record', async () => {
		const { ws, keep, deliver, titles } = setUp();
		const burst = configFor({ audit_enabled: true, audit_room: 'audit', audit_digest_threshold: 10 });
		await keep(
			Array.from({ length: 30 }, (_, i) => joined(`user${i}`, `room${i % 3}`)),
			burst,
		);
		await keep(
			Array.from({ length: 20 }, (_, i) => refused(`intruder${i}`)),
			burst,
		);
		await expect(deliver(burst)).resolves.toEqual({ posted: 2, folded: 50, waiting: 0 });
		expect(titles()).toEqual([
			'*Digest: 30 records* · 2026-11-23 10:00:00 UTC to 2026-11-23 10:00:00 UTC',
			'*Digest: 20 records* · 2026-11-23 10:00:00 UTC to 2026-11-23 10:00:00 UTC',
		]);
		expect(ws.messages[0].text).toContain('Rooms: room0, room1, room2');
		expect(ws.messages[0].text).toContain('Users: @user0, @user1, @user2, @user3, @user4 and 25 more');
		expect(ws.messages[1].text).toContain('• Join denied: 20 times by `join_locked_rooms` in vault');
		expect(ws.outbox()).toEqual([]);
	});

	it('finishes a fold that was interrupted after its summary was written, without counting a record twice', async () => {
		const { ws, keep, deliver } = setUp();
		const burst = configFor({ audit_enabled: true, audit_room: 'audit', audit_digest_threshold: 3 });
		await keep(
			Array.from({ length: 5 }, (_, i) => joined(`user${i}`)),
			burst,
		);
		// The removals of the folded records fail after the summary is written: the run stops there.
		ws.failing.set('removeByAssociations', 1);
		await expect(deliver(burst)).resolves.toMatchObject({ posted: 0, problem: 'removeByAssociations failed (test)' });
		await deliver(burst);
		expect(ws.messages).toHaveLength(1);
		expect(ws.messages[0].text.split('\n')[0]).toBe('*Digest: 5 records* · 2026-11-23 10:00:00 UTC to 2026-11-23 10:00:00 UTC');
		expect(ws.outbox()).toEqual([]);
	});

	it('folds the oldest records into one overflow summary past the bound while the room is unreachable, and posts it when it is back', async () => {
		const { ws, logger, keep, deliver, titles } = setUp({ auditRoom: false });
		await keep(Array.from({ length: OUTBOX_LIMIT + 10 }, (_, i) => refused(`user${i}`, `vault${i % 2}`)));
		await expect(deliver()).resolves.toMatchObject({ folded: 11, waiting: OUTBOX_LIMIT });
		expect(logger.at('error')).toEqual([expect.stringContaining('folded the 11 oldest audit record(s) into one summary')]);
		ws.addRoom(room('audit', RoomType.PRIVATE_GROUP, { creator: root }));
		const quiet = configFor({ audit_enabled: true, audit_room: 'audit', audit_digest_threshold: 100000 });
		await deliver(quiet);
		expect(titles()[1]).toBe('*11 records folded while the audit room was unreachable* · 2026-11-23 10:00:00 UTC to 2026-11-23 10:00:00 UTC');
		expect(ws.messages[1].text).toContain('• Join denied: 6 times by `join_locked_rooms` in vault0');
		expect(ws.messages).toHaveLength(1 + 1 + (OUTBOX_LIMIT - 1));
	});

	describe('a reshaped room', () => {
		const shaped: NewAuditRecord = {
			event: 'room-shaped',
			room: { name: 'pub-news', kind: 'channel' },
			actor: { id: 'id-alice', username: 'alice' },
			updated: ['name', 'read-only'],
			renamedFrom: 'news',
			reason: 'shaped by `naming_prefix_channel` (pub-)',
		};
		const created: NewAuditRecord = {
			event: 'room-created',
			room: { id: 'rid-pub-news', name: 'pub-news', kind: 'channel' },
			actor: { id: 'id-alice', username: 'alice' },
		};

		it('is told in its creation message, once it is created', async () => {
			const { ws, keep, deliver, titles } = setUp();
			await keep([shaped]);
			await deliver();
			expect(ws.messages).toEqual([]);
			await keep([created]);
			await deliver();
			expect(titles()).toEqual(['*Room created* · #pub-news (public channel, id `rid-pub-news`)']);
			expect(ws.messages[0].text).toContain('Renamed from: news\nChanged: name, read-only\nReason: shaped by `naming_prefix_channel` (pub-)');
			expect(ws.outbox()).toEqual([]);
		});

		it('gets no message when Rocket.Chat never created it', async () => {
			const { ws, clock, keep, deliver } = setUp();
			await keep([shaped]);
			clock.now = new Date(T0.getTime() + SHAPE_GRACE_MS + 1);
			await deliver();
			expect(ws.messages).toEqual([]);
			expect(ws.outbox()).toEqual([]);
		});
	});
});

describe('the audit history', () => {
	const history = (ws: FakeWorkspace) =>
		ws.documents.filter((doc) => doc.associations.some((a) => a.getID() === 'room-events:audit-history')).map((doc) => doc.data as AuditRecord);

	it('keeps every record once it is posted, digests by their members, and each once however often delivery runs', async () => {
		const { ws, keep, deliver } = setUp();
		const burst = configFor({ audit_enabled: true, audit_room: 'audit', audit_digest_threshold: 3 });
		await keep([joined('a')], burst);
		ws.failing.set('removeByAssociations', 1);
		await deliver(burst);
		await deliver(burst);
		await keep(
			Array.from({ length: 4 }, (_, i) => refused(`user${i}`)),
			burst,
		);
		await deliver(burst);
		expect(
			history(ws)
				.map((record) => record.subject?.username)
				.sort(),
		).toEqual(['a', 'user0', 'user1', 'user2', 'user3', undefined]);
		// The digest that was posted in their place is kept too, naming them.
		expect(history(ws).filter((record) => record.event === 'summary')).toEqual([
			expect.objectContaining({ summary: expect.objectContaining({ kind: 'digest', count: 4, memberIds: expect.any(Array) }) }),
		]);
		expect(history(ws)).toHaveLength(6);
		expect(ws.messages).toHaveLength(2);
	});

	it('queues for the webhook, when there is one, each record the history keeps: posted, digested and digests', async () => {
		const webhookQueue = (ws: FakeWorkspace) =>
			ws.documents.filter((doc) => doc.associations.some((a) => a.getID() === 'room-events:webhook-outbox')).map((doc) => doc.data as AuditRecord);
		const { ws, keep, deliver } = setUp();
		const withWebhook = configFor({ audit_enabled: true, audit_room: 'audit', audit_digest_threshold: 3, webhook_url: 'https://hooks.example.com/x' });
		await keep([joined('a'), ...Array.from({ length: 4 }, (_, i) => refused(`user${i}`))], withWebhook);
		await deliver(withWebhook);
		expect(
			webhookQueue(ws)
				.map((record) => record.id)
				.sort(),
		).toEqual(
			history(ws)
				.map((record) => record.id)
				.sort(),
		);
		expect(webhookQueue(ws)).toHaveLength(6);

		const other = setUp();
		await other.keep([joined('a')]);
		await other.deliver();
		expect(history(other.ws)).toHaveLength(1);
		expect(webhookQueue(other.ws)).toEqual([]);
	});

	it('drops whole days past the retention', async () => {
		const { ws, clock, keep, deliver } = setUp();
		const kept = configFor({ audit_enabled: true, audit_room: 'audit', audit_history_days: 2 });
		await keep([joined('old')], kept);
		await deliver(kept);
		clock.now = new Date(T0.getTime() + 3 * 24 * 60 * 60 * 1000);
		await keep([joined('new')], kept);
		await deliver(kept);
		expect(history(ws).map((record) => record.subject?.username)).toEqual(['new']);
	});
});
