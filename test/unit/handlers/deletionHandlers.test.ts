import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import { postRoomDeleted } from '../../../handlers/postRoomDeleted';
import { preRoomDeletePrevent } from '../../../handlers/preRoomDeletePrevent';
import { configFor } from '../../fakes/configFor';
import { FakeWorkspace, appContext, room, user } from '../../fakes/fakeAccessors';

const AUDIT = { audit_enabled: true, audit_room: 'audit' };

function workspace(): FakeWorkspace {
	return new FakeWorkspace()
		.addUser(user('a'), user('b'), user('c'))
		.addRoom(room('audit', RoomType.PRIVATE_GROUP))
		.addRoom(room('big'), ['id-a', 'id-b', 'id-c']);
}

describe('IPreRoomDeletePrevent handler', () => {
	it('with no protection on, prevents nothing and reads nothing', async () => {
		const ws = workspace();
		await expect(preRoomDeletePrevent(appContext(configFor(AUDIT)), room('big'), ws.read(), ws.persistence())).resolves.toBe(false);
		expect(ws.reads).toEqual({ users: 0, rooms: 0, members: 0 });
	});

	it('prevents deleting a protected room and keeps the denial naming the rule', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, deletion_protected_names: 'legal-*' }));
		await expect(preRoomDeletePrevent(app, room('legal-2026'), ws.read(), ws.persistence())).resolves.toBe(true);
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ event: 'deletion-decided', outcome: 'denied', rule: { setting: 'deletion_protected_names', matched: 'legal-*' } }),
		]);
		expect(ws.reads.members).toBe(0);
	});

	it('reads the member count only when a member limit is set', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, deletion_protected_member_count: 2 }));
		await expect(preRoomDeletePrevent(app, room('big'), ws.read(), ws.persistence())).resolves.toBe(true);
		expect(ws.reads.members).toBe(1);
		expect(ws.outbox()[0]).toMatchObject({ reason: 'Rooms with more than 2 members are protected from deletion (this one has 3).' });
	});

	it('protects a team main room; dry run lets it go and records it', async () => {
		const ws = workspace();
		const team = room('team-x', RoomType.PRIVATE_GROUP, { isTeamMain: true });
		await expect(preRoomDeletePrevent(appContext(configFor({ deletion_protect_team_main_rooms: true })), team, ws.read(), ws.persistence())).resolves.toBe(
			true,
		);
		const dry = appContext(configFor({ ...AUDIT, dry_run: true, deletion_protect_team_main_rooms: true }));
		await expect(preRoomDeletePrevent(dry, team, ws.read(), ws.persistence())).resolves.toBe(false);
		expect(ws.outbox()).toEqual([expect.objectContaining({ outcome: 'would-deny', room: { id: 'rid-team-x', name: 'team-x', kind: 'team' } })]);
	});
});

describe('IPreRoomDeletePrevent handler, when reads fail', () => {
	it('keeps a room protected by name when its member count cannot be read: the name decides first', async () => {
		const ws = workspace();
		ws.failing.set('getMembers', 5);
		const app = appContext(configFor({ ...AUDIT, deletion_protected_names: 'legal-*', deletion_protected_member_count: 10 }));
		await expect(preRoomDeletePrevent(app, room('legal-x'), ws.read(), ws.persistence())).resolves.toBe(true);
		expect(ws.calls).not.toContain('getMembers');
	});
});

describe('IPostRoomDeleted handler', () => {
	it('keeps the record with one write for the delivery job, naming the creator', async () => {
		const ws = workspace();
		await postRoomDeleted(appContext(configFor(AUDIT)), room('old'), ws.read(), ws.persistence());
		expect(ws.calls).toEqual(['createWithAssociations']);
		expect(ws.outbox()).toEqual([
			expect.objectContaining({
				event: 'room-deleted',
				room: { id: 'rid-old', name: 'old', kind: 'channel' },
				actor: { id: 'id-owner', username: 'owner' },
			}),
		]);
	});

	it('never throws, even on a payload with nothing in it', async () => {
		const ws = workspace();
		await expect(postRoomDeleted(appContext(configFor(AUDIT)), {} as never, ws.read(), ws.persistence())).resolves.toBeUndefined();
		expect(ws.outbox()).toEqual([expect.objectContaining({ event: 'room-deleted', room: { name: '', kind: 'channel' } })]);
	});
});
