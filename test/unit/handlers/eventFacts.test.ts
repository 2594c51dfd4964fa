import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import { roomFacts } from '../../../handlers/eventFacts';

describe('roomFacts', () => {
	it('names a direct message by its members', () => {
		const dm = { id: 'd1', type: RoomType.DIRECT_MESSAGE, slugifiedName: '', usernames: ['alice', 'bob'] } as unknown as IRoom;
		expect(roomFacts(dm)).toMatchObject({ id: 'd1', name: 'alice, bob', kind: 'direct-message', isPublic: false });
	});

	it('leaves a direct message unnamed when its members cannot be read yet', () => {
		const unsaved = {
			type: RoomType.DIRECT_MESSAGE,
			get usernames(): string[] {
				throw new Error('no room id');
			},
		} as unknown as IRoom;
		expect(roomFacts(unsaved)).toMatchObject({ name: '', kind: 'direct-message' });
	});

	it('names a discussion by its title and a channel by its slug', () => {
		const discussion = { type: RoomType.CHANNEL, slugifiedName: 'x7Yq', displayName: 'Logo talk', parentRoom: { id: 'p' } } as unknown as IRoom;
		const channel = { type: RoomType.CHANNEL, slugifiedName: 'town', displayName: 'Town Square' } as unknown as IRoom;
		expect(roomFacts(discussion)).toMatchObject({ name: 'Logo talk', kind: 'discussion', isPublic: true });
		expect(roomFacts(channel)).toMatchObject({ name: 'town', kind: 'channel' });
	});
});
