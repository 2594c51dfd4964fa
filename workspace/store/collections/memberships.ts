import { cloneData } from '../jsonCodec';
import type { MembershipRecord } from '../records';
import type { StoreConstructor } from './storeBase';

/** Who is a member of which room, with their room-level roles (Rocket.Chat's subscriptions). */
export function withMemberships<TBase extends StoreConstructor>(Base: TBase) {
	return class extends Base {
		/** Adds the user to the room; false when they already were a member. */
		addMember(roomId: string, userId: string, roles: string[] = []): boolean {
			if (!this.state.rooms.some((room) => room.id === roomId)) throw new Error(`No room with id "${roomId}".`);
			if (!this.state.users.some((user) => user.id === userId)) throw new Error(`No user with id "${userId}".`);
			if (this.isMember(roomId, userId)) return false;
			this.state.memberships.push({ roomId, userId, roles: [...roles], joinedAt: this.now() });
			this.changed();
			return true;
		}

		removeMember(roomId: string, userId: string): boolean {
			const before = this.state.memberships.length;
			this.state.memberships = this.state.memberships.filter((membership) => !(membership.roomId === roomId && membership.userId === userId));
			this.changed();
			return this.state.memberships.length < before;
		}

		isMember(roomId: string, userId: string): boolean {
			return this.state.memberships.some((membership) => membership.roomId === roomId && membership.userId === userId);
		}

		getMembership(roomId: string, userId: string): MembershipRecord | undefined {
			return cloneData(this.state.memberships.find((membership) => membership.roomId === roomId && membership.userId === userId));
		}

		setMemberRoles(roomId: string, userId: string, roles: string[]): void {
			const membership = this.state.memberships.find((candidate) => candidate.roomId === roomId && candidate.userId === userId);
			if (!membership) throw new Error(`User "${userId}" is not a member of room "${roomId}".`);
			membership.roles = [...roles];
			this.changed();
		}

		/** Member ids in the order they joined. */
		getMemberIds(roomId: string): string[] {
			return this.state.memberships.filter((membership) => membership.roomId === roomId).map((membership) => membership.userId);
		}

		getRoomIdsOfUser(userId: string): string[] {
			return this.state.memberships.filter((membership) => membership.userId === userId).map((membership) => membership.roomId);
		}

		listMemberships(roomId: string): MembershipRecord[] {
			return cloneData(this.state.memberships.filter((membership) => membership.roomId === roomId));
		}
	};
}
