import { roomEventsZip } from './packagedApp';
import { toAppRoom, toAppUser } from '../../workspace/engine/converters';
import { EngineHost } from '../../workspace/engine/engineHost';
import type { RuntimeName } from '../../workspace/engine/engineRuntime';
import type { RoomRecord, UserRecord } from '../../workspace/store/workspaceStore';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';

/** Room Events' id, from its manifest (app.json). */
export const ROOM_EVENTS_APP_ID = '5e165037-b2bf-42cd-88ec-8374524f1406';

/** `/room-events` as Rocket.Chat's command bridge registers it: its texts as the app's i18n keys, its permission kept for the client. */
export const REGISTERED_COMMAND = {
	command: 'room-events',
	appId: ROOM_EVENTS_APP_ID,
	params: `apps-${ROOM_EVENTS_APP_ID}-command_params`,
	description: `apps-${ROOM_EVENTS_APP_ID}-command_description`,
	permission: 'manage-apps',
	providesPreview: false,
	clientOnly: false,
};

/**
 * The packaged Room Events installed in the real engine of `runtime`, on a small workspace: an
 * admin, alice and bob, the private audit room `audit` and the public channel `town` (alice
 * owns it). Audit is on. Payload builders shape events as Rocket.Chat sends them.
 */
export async function startRoomEvents(runtime: RuntimeName, settings: Record<string, unknown> = {}) {
	const clock = { now: new Date('2030-01-01T09:00:00.000Z') };
	const store = new WorkspaceStore(() => clock.now);
	const admin = store.createUser({ username: 'admin', roles: ['admin'] });
	const alice = store.createUser({ username: 'alice' });
	const bob = store.createUser({ username: 'bob' });
	const auditRoom = store.createRoom({ name: 'audit', type: 'p', creatorId: admin.id });
	const town = store.createRoom({ name: 'town', type: 'c', creatorId: alice.id });
	store.addMember(town.id, alice.id, ['owner']);
	const host = new EngineHost(store, { runtime, clock: () => clock.now });
	await host.start();
	const appId = await host.install(roomEventsZip());
	for (const [id, value] of Object.entries({ audit_room: 'audit', audit_enabled: true, ...settings })) {
		await host.updateSetting(appId, id, value);
	}

	const auditMessages = () => store.listMessages(store.getRoomByName('audit')?.id ?? auditRoom.id).map((message) => message.text);
	return {
		clock,
		store,
		host,
		appId,
		admin,
		alice,
		bob,
		auditRoom,
		town,
		auditMessages,
		titles: () => auditMessages().map((text) => text.split('\n')[0]),
		/** The audit records waiting in the app's outbox (its other records, such as the settings journal, left out). */
		outbox: () => store.listRecords(appId).filter((record) => record.associations.some((a) => a.id === 'room-events:audit-outbox')),
		logs: (level: 'error' | 'warning' | 'info') => host.getLogs(appId, { level }).map((entry) => entry.args.join(' ')),
		/** A room as Rocket.Chat hands it to the pre-create events: not stored yet, so no id. */
		unsaved: (name: string, type: 'c' | 'p' = 'c', creator: UserRecord = alice, extra: Record<string, unknown> = {}) => ({
			slugifiedName: name,
			displayName: name,
			type,
			creator: withoutUnset(toAppUser(creator)),
			...extra,
		}),
		joinOf: (room: RoomRecord, user: UserRecord, inviter?: UserRecord) => ({
			room: toAppRoom(store, room),
			joiningUser: toAppUser(user),
			// Rocket.Chat may send the inviter with its id and username only.
			inviter: inviter && { id: inviter.id, username: inviter.username },
		}),
		leaveOf: (room: RoomRecord, user: UserRecord, removedBy?: UserRecord) => ({
			room: toAppRoom(store, room),
			leavingUser: toAppUser(user),
			removedBy: removedBy && toAppUser(removedBy),
		}),
		/**
		 * Runs `/room-events <params>` as `user` typed it in `room` (the town by default), as
		 * commands.run hands it to the engine, and answers what the app told that user: its one
		 * ephemeral notification, which must come from the app's own user.
		 */
		command: async (user: UserRecord, params: string, room: RoomRecord = town): Promise<string> => {
			const before = store.listNotifications().length;
			await host.runCommand({ command: 'room-events', params, userId: user.id, roomId: room.id });
			const sent = store.listNotifications().slice(before);
			const appUserId = store.getAppUser(appId)?.id;
			if (sent.length !== 1 || sent[0].userId !== user.id || sent[0].roomId !== room.id || sent[0].senderId !== appUserId) {
				throw new Error(
					`/room-events ${params}: expected one notification to @${user.username} in #${room.name} from the app, got ${JSON.stringify(sent)}`,
				);
			}
			return sent[0].text;
		},
		/**
		 * Once the unawaited post events are done, runs the scheduler's due jobs a minute on: the
		 * recurring delivery posts the outbox (the one place audit messages come from).
		 */
		deliver: async () => {
			await host.settle();
			clock.now = new Date(clock.now.getTime() + 60_000);
			return host.runDueJobs(clock.now);
		},
	};
}

/** Fields left undefined arrive as null across the Deno runtime's process boundary: payloads that are compared leave them out. */
function withoutUnset<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

export type RoomEventsFixture = Awaited<ReturnType<typeof startRoomEvents>>;
