import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { TrailState } from './auditOutbox';
import { auditOutbox } from './auditOutbox';

/** Where audit messages go: the audit room, confirmed, and the app's bot user that posts them. */
export interface AuditTarget {
	readonly room: IRoom;
	readonly sender: IUser;
	/** Anyone may join a public channel and read the trail. */
	readonly isPublic: boolean;
}

export type TargetLookup = { readonly target: AuditTarget; readonly state: TrailState } | { readonly problem: string; readonly state: TrailState };

/**
 * Finds the audit room the admin set, and trusts it only when an admin made it: a room found
 * under the name is confirmed (by id) if its creator holds the admin role, and a confirmed room
 * stays trusted. A room someone else creates under the name (after the audit room was deleted,
 * say) receives nothing.
 */
export async function lookUpAuditTarget(roomName: string, read: IRead, persistence: IPersistence): Promise<TargetLookup> {
	const state = await auditOutbox.readState(read.getPersistenceReader());
	const room = await read.getRoomReader().getByName(roomName);
	if (!room) {
		return { problem: `no room is named "${roomName}"`, state };
	}
	const confirmed = state.confirmedRoom?.id === room.id;
	if (!confirmed) {
		const creator = room.creator?.id ? await read.getUserReader().getById(room.creator.id) : undefined;
		if (!creator?.roles?.some((role) => role.toLowerCase() === 'admin')) {
			const by = creator ? `@${creator.username}, who is no admin` : 'nobody the server knows';
			return { problem: `the room named "${roomName}" was created by ${by}: it is not trusted with the audit trail (an admin must create it)`, state };
		}
	}
	const sender = await read.getUserReader().getAppUser();
	if (!sender) {
		return { problem: "the app's bot user was not found", state };
	}
	const confirmedState: TrailState = confirmed ? state : { ...state, confirmedRoom: { id: room.id, name: roomName } };
	if (!confirmed) {
		await auditOutbox.writeState(persistence, confirmedState);
	}
	return { target: { room, sender, isPublic: room.type === RoomType.CHANNEL }, state: confirmedState };
}
