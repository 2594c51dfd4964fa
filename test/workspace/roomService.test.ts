import { AppInterface } from 'apps-engine-deno/definition/metadata';

import type { EngineEvent } from '../../workspace/engine/engineHost';
import { MeteorError } from '../../workspace/errors';
import type { EventEngine } from '../../workspace/rooms/roomEventTriggers';
import { AppRoomOperations, RoomService } from '../../workspace/rooms/roomService';
import type { UserRecord } from '../../workspace/store/workspaceStore';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';

type Payload = Record<string, any>;

interface Fired {
	event: string;
	payload: Payload;
	/** The room names the store held when the event fired. */
	storedRooms: string[];
	/** Members of the payload's room when the event fired. */
	members: string[];
}

/**
 * Stands in for the engine: records each event with what the store held at that moment, and
 * answers as the engine does when no app objects (Extend and Modify give the room back),
 * unless a test scripts an answer.
 */
class RecordingEngine implements EventEngine {
	readonly fired: Fired[] = [];

	readonly answers = new Map<string, (payload: Payload) => unknown>();

	constructor(private readonly store: WorkspaceStore) {}

	async fire<T>(event: EngineEvent, payload: unknown): Promise<T> {
		const data = payload as Payload;
		const roomId: string | undefined = data.room?.id ?? data.id;
		this.fired.push({
			event: String(event),
			payload: data,
			storedRooms: this.store.listRooms().map((room) => room.name || room.id),
			members: roomId ? this.store.getMemberIds(roomId).map((id) => this.store.getUser(id)?.username ?? id) : [],
		});
		const answer = this.answers.get(String(event));
		if (answer) return answer(data) as T;
		return (event === AppInterface.IPreRoomCreateExtend || event === AppInterface.IPreRoomCreateModify ? data : undefined) as T;
	}

	events(): string[] {
		return this.fired.map((fired) => fired.event);
	}

	last(event: AppInterface): Fired {
		const found = this.fired.filter((fired) => fired.event === String(event)).pop();
		if (!found) throw new Error(`${event} did not fire`);
		return found;
	}
}

const CREATION = [AppInterface.IPreRoomCreatePrevent, AppInterface.IPreRoomCreateExtend, AppInterface.IPreRoomCreateModify, AppInterface.IPostRoomCreate].map(
	String,
);

function appsEngineException(message: string) {
	return Object.assign(new Error(message), { name: 'AppsEngineException' });
}

async function caught(promise: Promise<unknown>): Promise<Payload> {
	try {
		await promise;
	} catch (error) {
		return error as Payload;
	}
	throw new Error('Expected a rejection');
}

/** Lets the events started on the next tick (IPostRoomUserJoined) run. */
const nextTicks = () => new Promise((resolve) => setImmediate(resolve));

describe('RoomService fires the room events as Rocket.Chat does', () => {
	let store: WorkspaceStore;
	let engine: RecordingEngine;
	let rooms: RoomService;
	let admin: UserRecord;
	let alice: UserRecord;
	let bob: UserRecord;
	let guest: UserRecord;

	beforeEach(() => {
		store = new WorkspaceStore();
		engine = new RecordingEngine(store);
		rooms = new RoomService(store, engine);
		admin = store.createUser({ username: 'admin', roles: ['admin'] });
		alice = store.createUser({ username: 'alice' });
		bob = store.createUser({ username: 'bob' });
		guest = store.createUser({ username: 'gus', roles: ['guest'] });
	});

	describe('creating rooms', () => {
		it('fires Prevent, Extend and Modify before the room is stored and Post after, with no join events for the first members', async () => {
			const room = await rooms.createChannel(alice.id, 'c', { name: 'ops', members: ['bob', 'nobody'] });

			expect(engine.events()).toEqual(CREATION);
			const prevent = engine.last(AppInterface.IPreRoomCreatePrevent);
			expect(prevent.storedRooms).toEqual([]);
			expect(prevent.payload).not.toHaveProperty('id');
			expect(prevent.payload).toMatchObject({
				slugifiedName: 'ops',
				displayName: 'ops',
				type: 'c',
				creator: { id: alice.id },
				_USERNAMES: ['bob', 'alice'],
			});
			expect(engine.last(AppInterface.IPreRoomCreateModify).storedRooms).toEqual([]);
			const post = engine.last(AppInterface.IPostRoomCreate);
			expect(post.payload.id).toBe(room.id);
			expect(post.members).toEqual(['bob', 'alice']);
			expect(store.getMembership(room.id, alice.id)?.roles).toEqual(['owner']);
		});

		it('applies only what Rocket.Chat keeps from the Modify result, Extend feeding Modify', async () => {
			engine.answers.set(String(AppInterface.IPreRoomCreateExtend), (room) => ({ ...room, customFields: { tag: 'extended' } }));
			engine.answers.set(String(AppInterface.IPreRoomCreateModify), (room) => ({
				...room,
				slugifiedName: 'ops-renamed',
				displayName: 'Ops renamed',
				isReadOnly: true,
				description: 'Rocket.Chat ignores this',
			}));

			const room = await rooms.createChannel(alice.id, 'c', { name: 'ops' });

			expect(engine.last(AppInterface.IPreRoomCreateModify).payload.customFields).toEqual({ tag: 'extended' });
			expect(store.getRoom(room.id)).toMatchObject({
				name: 'ops-renamed',
				displayName: 'Ops renamed',
				readOnly: true,
				customFields: { tag: 'extended' },
			});
			expect(store.getRoom(room.id)?.description).toBeUndefined();
		});

		it('checks the name and type an app sets, which Rocket.Chat does not', async () => {
			store.createRoom({ name: 'taken', type: 'c', creatorId: admin.id });
			const modifyTo = (change: Payload) => engine.answers.set(String(AppInterface.IPreRoomCreateModify), (room) => ({ ...room, ...change }));

			modifyTo({ slugifiedName: 'no spaces allowed' });
			expect(await caught(rooms.createChannel(alice.id, 'c', { name: 'ops' }))).toMatchObject({ error: 'error-invalid-room-name' });
			modifyTo({ slugifiedName: 'taken' });
			expect(await caught(rooms.createChannel(alice.id, 'c', { name: 'ops' }))).toMatchObject({ error: 'error-duplicate-channel-name' });
			modifyTo({ type: 'd' });
			expect(await caught(rooms.createChannel(alice.id, 'c', { name: 'ops' }))).toMatchObject({ error: 'error-invalid-room-type' });
			expect(store.getRoomByName('ops')).toBeUndefined();
		});

		it('turns a refusal into error-app-prevented, with the app message when it threw one', async () => {
			engine.answers.set(String(AppInterface.IPreRoomCreatePrevent), () => true);
			const refused = await caught(rooms.createChannel(alice.id, 'p', { name: 'ops' }));
			expect(refused).toBeInstanceOf(MeteorError);
			expect(refused).toMatchObject({ error: 'error-app-prevented', message: 'A Rocket.Chat App prevented the room creation. [error-app-prevented]' });

			engine.answers.set(String(AppInterface.IPreRoomCreatePrevent), () => Promise.reject(appsEngineException('Not here')));
			expect(await caught(rooms.createChannel(alice.id, 'p', { name: 'ops' }))).toMatchObject({
				error: 'error-app-prevented',
				message: 'Not here [error-app-prevented]',
			});

			// From Extend or Modify, Rocket.Chat lets the exception through as it is.
			engine.answers.delete(String(AppInterface.IPreRoomCreatePrevent));
			engine.answers.set(String(AppInterface.IPreRoomCreateExtend), () => Promise.reject(appsEngineException('Bad shape')));
			const fromExtend = await caught(rooms.createChannel(alice.id, 'p', { name: 'ops' }));
			expect(fromExtend).not.toBeInstanceOf(MeteorError);
			expect(fromExtend.message).toBe('Bad shape');

			expect(store.getRoomByName('ops')).toBeUndefined();
			expect(engine.events()).not.toContain(String(AppInterface.IPostRoomCreate));
		});

		it('goes ahead when an app fails with a generic error (the engine answers undefined)', async () => {
			engine.answers.set(String(AppInterface.IPreRoomCreatePrevent), () => undefined);
			engine.answers.set(String(AppInterface.IPreRoomCreateModify), () => undefined);
			await rooms.createChannel(alice.id, 'c', { name: 'ops' });
			expect(store.getRoomByName('ops')).toBeDefined();
		});

		it('fires the creation events for a new direct message only, with its id and no creator', async () => {
			const first = await rooms.createDirectMessage(alice.id, ['bob']);
			expect(first.inserted).toBe(true);
			expect(first.room.id).toBe([alice.id, bob.id].sort().join(''));
			expect(engine.events()).toEqual(CREATION);
			const prevent = engine.last(AppInterface.IPreRoomCreatePrevent).payload;
			expect(prevent).toMatchObject({ id: first.room.id, type: 'd', userIds: [alice.id, bob.id], _USERNAMES: ['alice', 'bob'] });
			expect(prevent).not.toHaveProperty('creator');
			expect(engine.last(AppInterface.IPostRoomCreate).payload).toMatchObject({ id: first.room.id, userIds: [alice.id, bob.id] });

			const again = await rooms.createDirectMessage(bob.id, ['alice']);
			expect(again).toEqual({ room: first.room, inserted: false });
			expect(engine.events()).toEqual(CREATION);
		});

		it('creates a discussion of the parent type, with a random name, its title and its parent in the payload', async () => {
			const parent = await rooms.createChannel(alice.id, 'p', { name: 'backroom', members: ['bob'] });
			engine.fired.length = 0;

			const discussion = await rooms.createDiscussion(bob.id, { parentRoomId: parent.id, title: 'Design talk', members: ['alice'] });

			expect(engine.events()).toEqual(CREATION);
			expect(engine.last(AppInterface.IPreRoomCreatePrevent).payload).toMatchObject({
				displayName: 'Design talk',
				type: 'p',
				parentRoom: { id: parent.id, slugifiedName: 'backroom' },
			});
			expect(discussion).toMatchObject({ type: 'p', displayName: 'Design talk', parentRoomId: parent.id, topic: 'backroom' });
			expect(discussion.name).toMatch(/^[A-Za-z0-9]{17}$/);
			await expect(rooms.createDiscussion(bob.id, { parentRoomId: discussion.id, title: 'Nested' })).rejects.toMatchObject({
				error: 'error-nested-discussion',
			});
		});

		it('creates a team main room with the creation events and no team fields, then the team', async () => {
			const team = await rooms.createTeam(alice.id, { name: 'platform', type: 1, memberIds: [bob.id] });

			expect(engine.events()).toEqual(CREATION);
			for (const fired of engine.fired) {
				expect(fired.payload).not.toHaveProperty('teamId');
				expect(fired.payload).not.toHaveProperty('isTeamMain');
			}
			expect(store.getRoom(team.mainRoomId)).toMatchObject({ name: 'platform', type: 'p', teamId: team.id, teamMain: true });
			expect(store.getMemberIds(team.mainRoomId)).toEqual([bob.id, alice.id]);

			engine.answers.set(String(AppInterface.IPreRoomCreatePrevent), () => true);
			await expect(rooms.createTeam(alice.id, { name: 'blocked', type: 0 })).rejects.toThrow(/^error-team-creation$/);
			await expect(rooms.createTeam(alice.id, { name: 'platform', type: 0 })).rejects.toThrow('team-name-already-exists');
		});

		it('keeps guests from creating channels and groups', async () => {
			await expect(rooms.createChannel(guest.id, 'c', { name: 'mine' })).rejects.toMatchObject({ error: 'error-not-allowed' });
			await expect(rooms.createChannel(guest.id, 'p', { name: 'mine' })).rejects.toMatchObject({ error: 'error-not-allowed' });
			expect(engine.fired).toEqual([]);
		});
	});

	describe('deleting rooms', () => {
		it('fires Prevent with the room as it is, deletes it, then fires Post with the room as it was', async () => {
			const room = await rooms.createChannel(alice.id, 'c', { name: 'ops', members: ['bob'] });
			engine.fired.length = 0;

			await rooms.deleteRoom(alice.id, room.id);

			expect(engine.events()).toEqual([String(AppInterface.IPreRoomDeletePrevent), String(AppInterface.IPostRoomDeleted)]);
			expect(engine.last(AppInterface.IPreRoomDeletePrevent).storedRooms).toContain('ops');
			const post = engine.last(AppInterface.IPostRoomDeleted);
			expect(post.storedRooms).not.toContain('ops');
			expect(post.payload).toMatchObject({ id: room.id, slugifiedName: 'ops' });
		});

		it('answers error-app-prevented-deleting when an app keeps the room, and lets only owners and admins delete', async () => {
			const room = await rooms.createChannel(alice.id, 'c', { name: 'ops', members: ['bob'] });
			await expect(rooms.deleteRoom(bob.id, room.id)).rejects.toMatchObject({ error: 'error-not-allowed' });

			engine.answers.set(String(AppInterface.IPreRoomDeletePrevent), () => true);
			await expect(rooms.deleteRoom(admin.id, room.id)).rejects.toMatchObject({
				error: 'error-app-prevented-deleting',
				message: 'A Rocket.Chat App prevented the room erasing. [error-app-prevented-deleting]',
			});
			expect(store.getRoom(room.id)).toBeDefined();
		});

		it('deletes a team as Rocket.Chat does: listed rooms, then the main room, each with its events', async () => {
			const team = await rooms.createTeam(alice.id, { name: 'platform', type: 0 });
			const listed = await rooms.createChannel(alice.id, 'c', { name: 'platform-dev' });
			const kept = await rooms.createChannel(alice.id, 'c', { name: 'platform-ops' });
			store.updateRoom(listed.id, { teamId: team.id });
			store.updateRoom(kept.id, { teamId: team.id });
			engine.fired.length = 0;

			await rooms.deleteTeam(alice.id, team.id, [listed.id]);

			expect(engine.fired.map((fired) => `${fired.event} ${fired.payload.slugifiedName}`)).toEqual([
				`${AppInterface.IPreRoomDeletePrevent} platform-dev`,
				`${AppInterface.IPostRoomDeleted} platform-dev`,
				`${AppInterface.IPreRoomDeletePrevent} platform`,
				`${AppInterface.IPostRoomDeleted} platform`,
			]);
			expect(store.getTeam(team.id)).toBeUndefined();
			expect(store.getRoom(kept.id)?.teamId).toBeUndefined();
			await expect(rooms.deleteRoom(alice.id, kept.id)).resolves.toBeUndefined();
		});
	});

	describe('joining and leaving', () => {
		it('fires the pre-join event before the join and the post-join event after it, without an inviter for a self-join', async () => {
			const room = await rooms.createChannel(alice.id, 'c', { name: 'town' });
			engine.fired.length = 0;

			await rooms.join(bob.id, room.id);
			await nextTicks();

			expect(engine.events()).toEqual([String(AppInterface.IPreRoomUserJoined), String(AppInterface.IPostRoomUserJoined)]);
			expect(engine.last(AppInterface.IPreRoomUserJoined).members).toEqual(['alice']);
			expect(engine.last(AppInterface.IPostRoomUserJoined).members).toEqual(['alice', 'bob']);
			expect(engine.last(AppInterface.IPostRoomUserJoined).payload).toMatchObject({ room: { id: room.id }, joiningUser: { id: bob.id } });
			expect(engine.last(AppInterface.IPostRoomUserJoined).payload).not.toHaveProperty('inviter');
		});

		it('passes the inviter for adds, skips members already in, and keeps out a user an app refuses', async () => {
			const room = await rooms.createChannel(alice.id, 'p', { name: 'backroom', members: ['bob'] });
			const carol = store.createUser({ username: 'carol' });
			engine.fired.length = 0;

			await rooms.invite(alice.id, room.id, [bob.id, carol.id]);
			await nextTicks();
			expect(engine.events()).toEqual([String(AppInterface.IPreRoomUserJoined), String(AppInterface.IPostRoomUserJoined)]);
			expect(engine.last(AppInterface.IPreRoomUserJoined).payload).toMatchObject({
				joiningUser: { id: carol.id },
				inviter: { id: alice.id, username: 'alice' },
			});

			engine.answers.set(String(AppInterface.IPreRoomUserJoined), () => Promise.reject(appsEngineException('Locked')));
			await expect(rooms.invite(alice.id, room.id, [admin.id])).rejects.toMatchObject({
				error: 'error-app-prevented',
				message: 'Locked [error-app-prevented]',
			});
			expect(store.isMember(room.id, admin.id)).toBe(false);
			await expect(rooms.invite(bob.id, room.id, [admin.id])).rejects.toMatchObject({ error: 'error-not-allowed' });
		});

		it('fires the leave events with removedBy for kicks, and waits for the post-leave event', async () => {
			const room = await rooms.createChannel(alice.id, 'c', { name: 'town', members: ['bob'] });
			await rooms.join(admin.id, room.id);
			await nextTicks();
			engine.fired.length = 0;
			let postLeaveDone = false;
			const slowPostLeave = async () => {
				await new Promise((done) => setTimeout(done, 20));
				postLeaveDone = true;
			};
			engine.answers.set(String(AppInterface.IPostRoomUserLeave), slowPostLeave);

			await rooms.kick(alice.id, room.id, bob.id);
			expect(postLeaveDone).toBe(true);
			await rooms.leave(admin.id, room.id);

			expect(
				engine.fired.map((fired) => [fired.event, fired.payload.leavingUser.username, fired.payload.removedBy?.username, fired.members.length]),
			).toEqual([
				[String(AppInterface.IPreRoomUserLeave), 'bob', 'alice', 3],
				[String(AppInterface.IPostRoomUserLeave), 'bob', 'alice', 2],
				[String(AppInterface.IPreRoomUserLeave), 'admin', undefined, 2],
				[String(AppInterface.IPostRoomUserLeave), 'admin', undefined, 1],
			]);
		});

		it("hands apps Rocket.Chat's usersCount: 0 at a channel's creation, the members at a DM's, the count before the change when joining and leaving", async () => {
			const usersCounts = () => engine.fired.map((fired) => [fired.event, (fired.payload.room ?? fired.payload)._unmappedProperties_?.usersCount]);
			const room = await rooms.createChannel(alice.id, 'c', { name: 'town', members: ['bob'] });
			await rooms.createDirectMessage(alice.id, ['bob']);
			expect(usersCounts()).toEqual([...CREATION.map((event) => [event, 0]), ...CREATION.map((event) => [event, 2])]);
			engine.fired.length = 0;

			await rooms.join(admin.id, room.id);
			await nextTicks();
			await rooms.kick(alice.id, room.id, bob.id);

			expect(usersCounts()).toEqual([
				[String(AppInterface.IPreRoomUserJoined), 2],
				[String(AppInterface.IPostRoomUserJoined), 2],
				[String(AppInterface.IPreRoomUserLeave), 3],
				[String(AppInterface.IPostRoomUserLeave), 3],
			]);
		});

		it('refuses a leave an app refuses, the last owner leaving, and kicks by non-owners', async () => {
			const room = await rooms.createChannel(alice.id, 'c', { name: 'town', members: ['bob'] });
			await expect(rooms.leave(alice.id, room.id)).rejects.toMatchObject({ error: 'error-you-are-last-owner' });
			await expect(rooms.kick(bob.id, room.id, alice.id)).rejects.toMatchObject({ error: 'error-not-allowed' });
			engine.answers.set(String(AppInterface.IPreRoomUserLeave), () => Promise.reject(appsEngineException('Mandatory room')));
			await expect(rooms.leave(bob.id, room.id)).rejects.toMatchObject({ error: 'error-app-prevented', message: 'Mandatory room [error-app-prevented]' });
			expect(store.getMemberIds(room.id)).toEqual([bob.id, alice.id]);
		});
	});

	describe('what apps do through the bridges', () => {
		it('creates rooms and adds members along the users’ paths, with the same events and no inviter', async () => {
			const operations = new AppRoomOperations(() => rooms);
			const roomId = await operations.createRoom({ name: 'from-app', type: 'c', creatorId: alice.id }, [bob.id]);
			expect(engine.events()).toEqual(CREATION);
			expect(store.getMemberIds(roomId)).toEqual([bob.id, alice.id]);

			await operations.addMember(roomId, admin.id);
			await nextTicks();
			expect(engine.events().slice(4)).toEqual([String(AppInterface.IPreRoomUserJoined), String(AppInterface.IPostRoomUserJoined)]);
			expect(engine.last(AppInterface.IPreRoomUserJoined).payload).not.toHaveProperty('inviter');
		});
	});
});
