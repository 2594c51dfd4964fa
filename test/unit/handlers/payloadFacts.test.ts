import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import { auditedRoomRef, roomFacts } from '../../../handlers/payloadFacts';
import { FakeWorkspace, user } from '../../fakes/fakeAccessors';

describe('roomFacts', () => {
	it('leaves a direct message without a name of its own', () => {
		const dm = { id: 'd1', type: RoomType.DIRECT_MESSAGE, slugifiedName: '', userIds: ['id-alice', 'id-bob'] } as unknown as IRoom;
		expect(roomFacts(dm)).toMatchObject({ id: 'd1', name: '', kind: 'direct-message', isPublic: false });
	});

	it('never reads room.usernames, which the subprocess runtime turns into a promise', () => {
		const dm = {
			type: RoomType.DIRECT_MESSAGE,
			get usernames(): string[] {
				throw new Error('read room.usernames');
			},
		} as unknown as IRoom;
		expect(roomFacts(dm)).toMatchObject({ name: '', kind: 'direct-message' });
	});

	it('names a discussion by its title and a channel by its slug', () => {
		const discussion = { type: RoomType.CHANNEL, slugifiedName: 'x7Yq', displayName: 'Logo talk', parentRoom: { id: 'p' } } as unknown as IRoom;
		const channel = { type: RoomType.CHANNEL, slugifiedName: 'town', displayName: 'Town Square' } as unknown as IRoom;
		expect(roomFacts(discussion)).toMatchObject({ name: 'Logo talk', kind: 'discussion', isPublic: true });
		expect(roomFacts(channel)).toMatchObject({ name: 'town', kind: 'channel' });
	});
});

describe('auditedRoomRef', () => {
	const ws = new FakeWorkspace().addUser(user('alice'), user('bob'));

	it('names a direct message by its members, read by id', async () => {
		const dm = { id: 'd1', type: RoomType.DIRECT_MESSAGE, userIds: ['id-alice', 'id-bob'] } as unknown as IRoom;
		await expect(auditedRoomRef(ws.read(), dm)).resolves.toEqual({ id: 'd1', name: '@alice, @bob', kind: 'direct-message' });
	});

	it('names at most five members of a group direct message, and counts the rest', async () => {
		const ids = ['id-alice', 'id-bob', 'u3', 'u4', 'u5', 'u6', 'u7'];
		const dm = { type: RoomType.DIRECT_MESSAGE, userIds: ids } as unknown as IRoom;
		const ref = await auditedRoomRef(ws.read(), dm);
		expect(ref.name).toBe('@alice, @bob, user id u3, user id u4, user id u5 and 2 more');
	});

	it('names a member whose read failed by id, so that the record is kept: the name is unknown, the member is not', async () => {
		ws.failing.set('getUserById', 1);
		const dm = { id: 'd2', type: RoomType.DIRECT_MESSAGE, userIds: ['id-alice', 'id-bob'] } as unknown as IRoom;
		await expect(auditedRoomRef(ws.read(), dm)).resolves.toEqual({ id: 'd2', name: 'user id id-alice, @bob', kind: 'direct-message' });
	});

	it('reads nothing for a room with a name', async () => {
		const reads = ws.reads.users;
		const channel = { id: 'c1', type: RoomType.CHANNEL, slugifiedName: 'town' } as unknown as IRoom;
		await expect(auditedRoomRef(ws.read(), channel)).resolves.toEqual({ id: 'c1', name: 'town', kind: 'channel' });
		expect(ws.reads.users).toBe(reads);
	});
});
