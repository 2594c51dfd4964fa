import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import type { NewAuditRecord } from '../../../audit/auditRecord';
import { AuditTrail, OUTBOX_LIMIT } from '../../../audit/auditTrail';
import { configFor } from '../../fakes/configFor';
import { FakeLogger, FakeWorkspace, room } from '../../fakes/fakeAccessors';

const config = configFor({ audit_enabled: true, audit_room: 'audit' });
const joined = (username: string): NewAuditRecord => ({ event: 'user-joined', room: { id: 'r1', name: 'town', kind: 'channel' }, subject: { username } });

function setUp(clock: { now: Date }) {
	const ws = new FakeWorkspace().addRoom(room('audit', RoomType.PRIVATE_GROUP));
	const logger = new FakeLogger();
	const trail = new AuditTrail(() => clock.now);
	const access = { read: ws.read(), modify: ws.modify(), persistence: ws.persistence() };
	return { ws, logger, trail, access };
}

describe('audit trail', () => {
	it('posts kept records first, oldest first, each with its original time', async () => {
		const clock = { now: new Date('2026-11-23T10:00:00Z') };
		const { ws, logger, trail, access } = setUp(clock);
		await trail.keep(config, logger.asLogger(), access.persistence, [joined('first')]);
		clock.now = new Date('2026-11-23T10:00:05Z');
		await trail.keep(config, logger.asLogger(), access.persistence, [joined('second')]);
		clock.now = new Date('2026-11-23T10:07:00Z');
		await trail.publish(config, logger.asLogger(), access, [joined('third')]);
		expect(ws.messages.map((m) => [m.text.match(/User: @(\w+)/)?.[1], m.text.match(/At: (.*)/)?.[1]])).toEqual([
			['first', '2026-11-23 10:00:00 UTC'],
			['second', '2026-11-23 10:00:05 UTC'],
			['third', '2026-11-23 10:07:00 UTC'],
		]);
		expect(ws.outbox()).toEqual([]);
	});

	it('keeps what a failed post did not deliver and delivers it later, in order and once', async () => {
		const clock = { now: new Date('2026-11-23T10:00:00Z') };
		const { ws, logger, trail, access } = setUp(clock);
		await trail.publish(config, logger.asLogger(), access, [joined('a')]);
		ws.failingPosts = 1;
		await trail.publish(config, logger.asLogger(), access, [joined('b'), joined('c')]);
		expect(ws.messages).toHaveLength(1);
		expect(ws.outbox().map((r) => (r.subject as { username: string }).username)).toEqual(['b', 'c']);
		expect(logger.at('warn')).toEqual([expect.stringContaining('the server refused the message. 2 record(s) wait in the outbox.')]);

		await trail.publish(config, logger.asLogger(), access, [joined('d')]);
		expect(ws.messages.map((m) => m.text.match(/User: @(\w+)/)?.[1])).toEqual(['a', 'b', 'c', 'd']);
		expect(ws.outbox()).toEqual([]);
	});

	it('delivers partially when a post fails halfway through the outbox, without duplicates', async () => {
		const clock = { now: new Date('2026-11-23T10:00:00Z') };
		const { ws, logger, trail, access } = setUp(clock);
		await trail.keep(config, logger.asLogger(), access.persistence, [joined('a'), joined('b')]);
		const posting = access.modify.getCreator();
		let posts = 0;
		const failSecond = {
			...access.modify,
			getCreator: () => ({ ...posting, finish: async (b: never) => (++posts === 2 ? Promise.reject(new Error('busy')) : posting.finish(b)) }),
		};
		await trail.publish(config, logger.asLogger(), { ...access, modify: failSecond as never }, [joined('c')]);
		expect(ws.messages.map((m) => m.text.match(/User: @(\w+)/)?.[1])).toEqual(['a']);
		expect(ws.outbox().map((r) => (r.subject as { username: string }).username)).toEqual(['b', 'c']);
		await trail.publish(config, logger.asLogger(), access);
		expect(ws.messages.map((m) => m.text.match(/User: @(\w+)/)?.[1])).toEqual(['a', 'b', 'c']);
	});

	it('runs one delivery at a time, so concurrent publishers never post a record twice', async () => {
		const clock = { now: new Date() };
		const { ws, logger, trail, access } = setUp(clock);
		await trail.keep(config, logger.asLogger(), access.persistence, [joined('waiting')]);
		await Promise.all([trail.publish(config, logger.asLogger(), access, [joined('x')]), trail.publish(config, logger.asLogger(), access, [joined('y')])]);
		expect(ws.messages.map((m) => m.text.match(/User: @(\w+)/)?.[1])).toEqual(['waiting', 'x', 'y']);
	});

	it('finds the audit room again after it was missing', async () => {
		const clock = { now: new Date() };
		const { ws, logger, trail, access } = setUp(clock);
		const elsewhere = configFor({ audit_enabled: true, audit_room: 'later' });
		await trail.publish(elsewhere, logger.asLogger(), access, [joined('early')]);
		expect(ws.messages).toEqual([]);
		ws.addRoom(room('later', RoomType.PRIVATE_GROUP));
		await trail.publish(elsewhere, logger.asLogger(), access);
		expect(ws.messages).toEqual([expect.objectContaining({ roomId: 'rid-later' })]);
	});

	it('drops the oldest records beyond the outbox limit, with an error in the log', async () => {
		const clock = { now: new Date() };
		const { ws, logger, trail, access } = setUp(clock);
		const many = Array.from({ length: OUTBOX_LIMIT + 2 }, (_, i) => joined(`u${i}`));
		await trail.keep(config, logger.asLogger(), access.persistence, many);
		await trail.publish(configFor({ audit_enabled: true, audit_room: 'missing' }), logger.asLogger(), access);
		expect(ws.outbox()).toHaveLength(OUTBOX_LIMIT);
		expect((ws.outbox()[0].subject as { username: string }).username).toBe('u2');
		expect(logger.at('error')).toEqual([expect.stringContaining('dropped the 2 oldest audit record(s)')]);
	});

	it('keeps nothing while audit is off', async () => {
		const { ws, logger, trail, access } = setUp({ now: new Date() });
		await trail.keep(configFor({}), logger.asLogger(), access.persistence, [joined('a')]);
		expect(ws.outbox()).toEqual([]);
	});
});
