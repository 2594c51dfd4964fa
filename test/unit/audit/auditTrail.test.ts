import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import type { NewAuditRecord } from '../../../audit/auditRecord';
import { AuditTrail } from '../../../audit/auditTrail';
import { configFor } from '../../fakes/configFor';
import { FakeLogger, FakeWorkspace, room } from '../../fakes/fakeAccessors';

const config = configFor({ audit_enabled: true, audit_room: 'audit' });
const joined = (username: string, roomName = 'town'): NewAuditRecord => ({
	event: 'user-joined',
	room: { id: `rid-${roomName}`, name: roomName, kind: 'channel' },
	subject: { username },
});

function setUp() {
	const ws = new FakeWorkspace().addRoom(room('audit', RoomType.PRIVATE_GROUP));
	return { ws, logger: new FakeLogger(), trail: new AuditTrail(() => new Date('2026-11-23T10:00:00Z')) };
}

describe('keeping audit records', () => {
	it('costs one write per record, and no read', async () => {
		const { ws, logger, trail } = setUp();
		await trail.keep(config, logger.asLogger(), ws.persistence(), [joined('a'), joined('b')]);
		expect(ws.calls).toEqual(['createWithAssociations', 'createWithAssociations']);
		expect(ws.outbox().map((record) => record.at)).toEqual(['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z']);
	});

	it('keeps only what the admin wants: audit off, a switch off, the level', async () => {
		const { ws, logger, trail } = setUp();
		await trail.keep(configFor({ audit_enabled: false }), logger.asLogger(), ws.persistence(), [joined('a')]);
		await trail.keep(configFor({ audit_enabled: true, audit_user_joined: false }), logger.asLogger(), ws.persistence(), [joined('a')]);
		await trail.keep(configFor({ audit_enabled: true, audit_level: 'denials' }), logger.asLogger(), ws.persistence(), [joined('a')]);
		expect(ws.outbox()).toEqual([]);
	});

	it("turns a post event of the audit room itself into the room's activity, logged too", async () => {
		const { ws, logger, trail } = setUp();
		await trail.keep(configFor({ audit_enabled: true, audit_room: 'audit', audit_user_joined: false }), logger.asLogger(), ws.persistence(), [
			joined('mallory', 'audit'),
		]);
		expect(ws.outbox()).toEqual([expect.objectContaining({ event: 'audit-room-activity', activity: 'user-joined', subject: { username: 'mallory' } })]);
		expect(logger.at('info')).toEqual([expect.stringContaining('the audit room "audit" had activity (user-joined) by @mallory')]);
	});

	it('tries a failed write again at once, and holds what fails twice until the next write, saying so', async () => {
		const { ws, logger, trail } = setUp();
		ws.failing.set('createWithAssociations', 1);
		await trail.keep(config, logger.asLogger(), ws.persistence(), [joined('a')]);
		expect(ws.outbox()).toHaveLength(1);
		expect(logger.at('warn')).toEqual([]);

		ws.failing.set('createWithAssociations', 2);
		await trail.keep(config, logger.asLogger(), ws.persistence(), [joined('b')]);
		expect(ws.outbox()).toHaveLength(1);
		expect(logger.at('warn')).toEqual([
			expect.stringMatching(/could not keep 1 audit record\(s\) \(createWithAssociations failed \(test\)\): this process holds 1/),
		]);

		await trail.keep(config, logger.asLogger(), ws.persistence(), [joined('c')]);
		expect(ws.outbox().map((record) => (record.subject as { username: string }).username)).toEqual(['a', 'b', 'c']);
	});

	it('writes what it holds when the delivery job flushes it', async () => {
		const { ws, logger, trail } = setUp();
		ws.failing.set('createWithAssociations', 2);
		await trail.keep(config, logger.asLogger(), ws.persistence(), [joined('a')]);
		expect(ws.outbox()).toEqual([]);
		await trail.flush(logger.asLogger(), ws.persistence());
		expect(ws.outbox()).toHaveLength(1);
	});
});
