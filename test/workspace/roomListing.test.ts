import { RoomBridge } from 'apps-engine-deno/server/bridges';
import type { GetRoomsFilters, GetRoomsOptions } from 'apps-engine-deno/server/bridges/RoomBridge';

import { BridgeFaults, StoreRoomOperations } from '../../workspace/engine/bridges/bridgeContext';
import { createRoomBridge } from '../../workspace/engine/bridges/roomBridge';
import { LONE_INSTANCE } from '../../workspace/engine/clusterBroadcasts';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';

/** The room listing Apps-Engine 1.62 gives apps with room.system.view-all (IRoomRead.getAllRooms), as the bridge answers it. */
describe('listing rooms for an app', () => {
	const store = new WorkspaceStore();
	const admin = store.createUser({ username: 'admin', name: 'Ada Admin', roles: ['admin'] });
	const bob = store.createUser({ username: 'bob' });
	const town = store.createRoom({ name: 'town', type: 'c', creatorId: admin.id, description: 'the square' });
	store.addMember(town.id, admin.id, ['owner']);
	store.addMember(town.id, bob.id);
	store.createRoom({ name: 'legal', type: 'p', creatorId: admin.id });
	store.createRoom({ name: 'talk', displayName: 'A talk', type: 'c', creatorId: bob.id, parentRoomId: town.id });
	store.createRoom({ name: 'squad', type: 'p', creatorId: admin.id, teamId: 'team-1', teamMain: true });
	const direct = store.createRoom({ name: '', type: 'd', creatorId: admin.id });
	store.addMember(direct.id, admin.id);
	store.addMember(direct.id, bob.id);

	const bridge = createRoomBridge(RoomBridge, {
		store,
		clock: () => new Date(),
		roomOperations: new StoreRoomOperations(store),
		environment: {},
		faults: new BridgeFaults(),
		notifier: LONE_INSTANCE,
		runtime: 'deno',
		instanceIndex: 0,
	}) as unknown as { getAllRooms(filters: GetRoomsFilters, options: GetRoomsOptions, appId: string): Promise<Array<Record<string, unknown>>> };
	const names = async (filters: GetRoomsFilters, options: GetRoomsOptions = {}) =>
		(await bridge.getAllRooms(filters, options, 'app')).map((room) => room.slugifiedName);

	it('gives every room, oldest first, filtered by type, by being a discussion and by being a team main room', async () => {
		await expect(names({})).resolves.toEqual(['town', 'legal', 'talk', 'squad', '']);
		await expect(names({ types: ['p'] as GetRoomsFilters['types'] })).resolves.toEqual(['legal', 'squad']);
		await expect(names({ discussions: true })).resolves.toEqual(['talk']);
		await expect(names({ types: ['c', 'p'] as GetRoomsFilters['types'], discussions: false, teams: false })).resolves.toEqual(['town', 'legal']);
		await expect(names({ teams: true })).resolves.toEqual(['squad']);
	});

	it('pages with skip and limit', async () => {
		await expect(names({}, { skip: 1, limit: 2 })).resolves.toEqual(['legal', 'talk']);
		await expect(names({}, { skip: 5 })).resolves.toEqual([]);
	});

	it("gives raw rooms: the creator as a lookup, the parent by id, members' ids and names for direct messages only", async () => {
		const [townRaw, , talkRaw, squadRaw, directRaw] = await bridge.getAllRooms({}, {}, 'app');
		expect(townRaw).toEqual({
			id: town.id,
			slugifiedName: 'town',
			displayName: 'town',
			type: 'c',
			creator: { _id: admin.id, username: 'admin', name: 'Ada Admin' },
			isDefault: false,
			isReadOnly: false,
			displaySystemMessages: true,
			messageCount: 0,
			createdAt: town.createdAt,
			updatedAt: town.updatedAt,
			customFields: {},
			description: 'the square',
			_unmappedProperties_: { usersCount: 2 },
		});
		expect(talkRaw).toMatchObject({ displayName: 'A talk', parentRoomId: town.id, creator: { username: 'bob' } });
		expect(talkRaw).not.toHaveProperty('parentRoom');
		expect(squadRaw).toMatchObject({ teamId: 'team-1', isTeamMain: true });
		expect(directRaw).toMatchObject({ type: 'd', userIds: [admin.id, bob.id], usernames: ['admin', 'bob'] });
		expect(directRaw).not.toHaveProperty('creator');
		expect(townRaw).not.toHaveProperty('usernames');
	});
});
