import { newId } from '../ids';
import { cloneData } from '../jsonCodec';
import type { NewRoom, RoomPatch, RoomRecord, TeamRecord } from '../records';
import type { StoreBase, StoreConstructor } from './storeBase';

/** The room fields that may be absent, which updateRoom removes when given as undefined. */
const OPTIONAL_ROOM_FIELDS = ['description', 'topic', 'teamId', 'teamMain', 'parentRoomId'] as const;

/** A new room with the store's defaults for what the input leaves out: the one place they are written. */
export function roomRecordOf(input: NewRoom, createdAt: Date, id = input.id ?? newId()): RoomRecord {
	return {
		id,
		name: input.name,
		displayName: input.displayName ?? input.name,
		type: input.type,
		creatorId: input.creatorId,
		createdAt,
		updatedAt: createdAt,
		readOnly: input.readOnly ?? false,
		displaySystemMessages: input.displaySystemMessages ?? true,
		isDefault: input.isDefault ?? false,
		customFields: input.customFields ?? {},
		description: input.description,
		topic: input.topic,
		teamId: input.teamId,
		teamMain: input.teamMain,
		parentRoomId: input.parentRoomId,
	};
}

/** Rooms, and the teams made of them; finding a direct-message room asks the memberships. */
export function withRooms<TBase extends StoreConstructor<StoreBase & { getMemberIds(roomId: string): string[] }>>(Base: TBase) {
	return class extends Base {
		createRoom(input: NewRoom): RoomRecord {
			if (input.type !== 'd' && this.findRoomByName(input.name)) throw new Error(`A room named "${input.name}" already exists.`);
			if (!this.state.users.some((user) => user.id === input.creatorId)) throw new Error(`No user with id "${input.creatorId}".`);
			const room = roomRecordOf(input, input.createdAt ?? this.now());
			this.state.rooms.push(cloneData(room));
			this.changed();
			return room;
		}

		getRoom(id: string): RoomRecord | undefined {
			return cloneData(this.state.rooms.find((room) => room.id === id));
		}

		getRoomByName(name: string): RoomRecord | undefined {
			return cloneData(this.findRoomByName(name));
		}

		listRooms(): RoomRecord[] {
			return cloneData(this.state.rooms);
		}

		/** Changes the given fields; an optional field given as undefined is removed (a room leaving its team). */
		updateRoom(id: string, patch: RoomPatch): RoomRecord {
			const room = this.state.rooms.find((candidate) => candidate.id === id);
			if (!room) throw new Error(`No room with id "${id}".`);
			const renamed = patch.name !== undefined && patch.name !== room.name;
			if (renamed && room.type !== 'd' && this.findRoomByName(patch.name as string)) {
				throw new Error(`A room named "${patch.name}" already exists.`);
			}
			for (const key of OPTIONAL_ROOM_FIELDS) {
				if (key in patch && patch[key] === undefined) delete room[key];
			}
			Object.assign(room, cloneData(patch), { updatedAt: this.now() });
			this.changed();
			return cloneData(room);
		}

		/** Removes the room with its memberships and messages, as deleting a room in Rocket.Chat does. */
		deleteRoom(id: string): boolean {
			const before = this.state.rooms.length;
			this.state.rooms = this.state.rooms.filter((room) => room.id !== id);
			this.state.memberships = this.state.memberships.filter((membership) => membership.roomId !== id);
			this.state.messages = this.state.messages.filter((message) => message.roomId !== id);
			this.changed();
			return this.state.rooms.length < before;
		}

		/** The direct-message room whose members are exactly these users, if any. */
		findDirectRoom(userIds: string[]): RoomRecord | undefined {
			const wanted = new Set(userIds);
			const room = this.state.rooms.find((candidate) => {
				if (candidate.type !== 'd') return false;
				const members = this.getMemberIds(candidate.id);
				return members.length === wanted.size && members.every((memberId) => wanted.has(memberId));
			});
			return cloneData(room);
		}

		private findRoomByName(name: string): RoomRecord | undefined {
			return this.state.rooms.find((room) => room.type !== 'd' && room.name === name);
		}

		// Teams

		createTeam(input: Omit<TeamRecord, 'id' | 'createdAt' | 'updatedAt'>): TeamRecord {
			if (this.findTeamByName(input.name)) throw new Error(`A team named "${input.name}" already exists.`);
			if (!this.state.rooms.some((room) => room.id === input.mainRoomId)) throw new Error(`No room with id "${input.mainRoomId}".`);
			const createdAt = this.now();
			const team: TeamRecord = { ...input, id: newId(), createdAt, updatedAt: createdAt };
			this.state.teams.push(cloneData(team));
			this.changed();
			return team;
		}

		getTeam(id: string): TeamRecord | undefined {
			return cloneData(this.state.teams.find((team) => team.id === id));
		}

		getTeamByName(name: string): TeamRecord | undefined {
			return cloneData(this.findTeamByName(name));
		}

		/** Removes the team only: its rooms are deleted or detached by the caller, as Rocket.Chat's eraseTeam does. */
		deleteTeam(id: string): boolean {
			const before = this.state.teams.length;
			this.state.teams = this.state.teams.filter((team) => team.id !== id);
			this.changed();
			return this.state.teams.length < before;
		}

		private findTeamByName(name: string): TeamRecord | undefined {
			return this.state.teams.find((team) => team.name === name);
		}
	};
}
