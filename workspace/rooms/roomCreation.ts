// Rocket.Chat's room creation, the one pipeline every new room goes through, whoever asks for it
// (a user over REST or an app through the room bridge) and whatever its type
// (docs/rocketchat-fidelity.md §1): checks, IPreRoomCreatePrevent, Extend then Modify, store with
// the initial members (no join events), IPostRoomCreate not waited for (with the room as inserted,
// before its members were counted, as createRoom does; createDirectRoom reads it again).
import type { IRoom } from 'apps-engine-deno/definition/rooms';

import type { RoomEventTriggers } from './roomEventTriggers';
import { fromAppRoom, toAppRoom, toAppRoomDraft, withUsersCount } from '../engine/converters';
import { MeteorError } from '../errors';
import { roomRecordOf } from '../store/collections/rooms';
import type { NewRoom, RoomTypeCode, RoomRecord, UserRecord, WorkspaceStore } from '../store/workspaceStore';

/** What a creation method asks for, before the apps see it. */
export interface RoomPlan {
	/**
	 * The room as the method plans it; the store's defaults fill in what it leaves out. No id, but
	 * for a 1:1 direct message, whose id comes from its members.
	 */
	room: Omit<NewRoom, 'creatorId' | 'createdAt'>;
	/** Who creates the room: its creator, and the owner of a channel or group (a direct message has no owner). */
	creator: UserRecord;
	/** The first members, subscribed when the room is stored, with no join events. */
	members: UserRecord[];
	/** Discussions get random names, which Rocket.Chat exempts from the name rules. */
	anyName?: boolean;
}

/** Rocket.Chat's defaults: UTF8_Channel_Names_Validation, and the names validateName reserves for mentions. */
const ROOM_NAME_PATTERN = /^[0-9a-zA-Z-_.]+$/;
const RESERVED_ROOM_NAMES = ['all', 'here'];

export class RoomCreation {
	constructor(
		private readonly store: WorkspaceStore,
		private readonly events: RoomEventTriggers,
		private readonly clock: () => Date,
	) {}

	/**
	 * Rocket.Chat's createRoom for channels, private groups, discussions and team main rooms, and
	 * the createDirectRoom it hands direct messages to. A direct message has no name to check and no
	 * owner, and the apps may not change its type (nor make a channel or group a direct message).
	 */
	async create(plan: RoomPlan): Promise<RoomRecord> {
		const direct = plan.room.type === 'd';
		if (!direct) {
			if (!plan.room.name) throw new MeteorError('error-invalid-name', 'Invalid name', { function: 'RocketChat.createRoom' });
			this.checkName(plan.room.name, plan.anyName);
		}
		const planned = this.asStored(plan);
		const draft = toAppRoomDraft(this.store, planned, plan.members);
		await this.events.preventCreation(draft);
		const shaped = this.shapedRecord(planned, await this.events.shapeCreation(draft), direct ? ['d'] : ['c', 'p']);
		// Checked again: an app may have renamed the room, and another request may have taken the name meanwhile.
		if (!direct) this.checkName(shaped.name, plan.anyName);
		const room = this.store.createRoom(newRoomOf(shaped));
		// The first members are subscribed with no join events; the owner's membership carries the owner role.
		plan.members.forEach((member) => this.store.addMember(room.id, member.id, !direct && member.id === plan.creator.id ? ['owner'] : []));
		// createRoom fires IPostRoomCreate with the document it inserted, whose usersCount (0) it raises
		// in the database only (Rooms.incUsersCountById); createDirectRoom fires it with the room read again.
		const created = toAppRoom(this.store, room);
		this.events.created(direct ? created : withUsersCount(created, 0));
		return room;
	}

	/**
	 * The planned room as the store will keep it, with the store's defaults, before it is stored.
	 * The id stays empty when the plan has none (the room does not exist yet).
	 */
	private asStored(plan: RoomPlan): RoomRecord {
		return roomRecordOf({ ...plan.room, creatorId: plan.creator.id }, this.clock(), plan.room.id ?? '');
	}

	/**
	 * The planned room with what Rocket.Chat applies from the apps' Extend and Modify result (the
	 * converter's write-back rules). Rocket.Chat does not check the type (nor the name) an app sets;
	 * the workspace does.
	 */
	private shapedRecord(record: RoomRecord, shaped: IRoom | undefined, allowedTypes: RoomTypeCode[]): RoomRecord {
		if (typeof shaped !== 'object' || shaped === null) return record;
		const patch = fromAppRoom(shaped);
		if (patch.type !== undefined && !allowedTypes.includes(patch.type)) {
			throw new MeteorError('error-invalid-room-type', `An app changed the room type to "${patch.type}", which this room cannot have.`);
		}
		if (patch.creatorId !== undefined && !this.store.getUser(patch.creatorId)) delete patch.creatorId;
		if (patch.parentRoomId !== undefined && !this.store.getRoom(patch.parentRoomId)) delete patch.parentRoomId;
		return { ...record, ...patch };
	}

	/** Rocket.Chat's getValidRoomName with its default settings: the name is the slug, checked and unique. */
	private checkName(name: string, anyName = false): void {
		if (!anyName && (!ROOM_NAME_PATTERN.test(name) || RESERVED_ROOM_NAMES.includes(name.toLowerCase()))) {
			throw new MeteorError('error-invalid-room-name', `${name} is not a valid room name.`, {
				function: 'RocketChat.getValidRoomName',
				channel_name: name,
			});
		}
		if (this.store.getRoomByName(name)) {
			throw new MeteorError('error-duplicate-channel-name', `A channel with name '${name}' exists`, {
				function: 'RocketChat.getValidRoomName',
				channel_name: name,
			});
		}
	}
}

function newRoomOf(record: RoomRecord): NewRoom {
	const { id, ...room } = record;
	return { ...room, ...(id && { id }) };
}
