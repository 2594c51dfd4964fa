/**
 * What the policies know of an event: plain values, gathered by the handlers from the
 * Apps-Engine payload and, where a rule needs it, from the server.
 */
export type RoomKind = 'channel' | 'private-group' | 'direct-message' | 'discussion' | 'team' | 'livechat';

export interface RoomFacts {
	/** Absent before creation: the room has no id until Rocket.Chat stores it. */
	readonly id?: string;
	/** The name admins write rules for: the slug for channels and groups, the title for discussions. */
	readonly name: string;
	readonly kind: RoomKind;
	/** Anyone may find and join it: public channels, and public teams and discussions. */
	readonly isPublic: boolean;
	readonly isDefault: boolean;
	readonly isTeamMain: boolean;
}

export interface UserFacts {
	readonly id?: string;
	/** Lower case; empty when the payload named no user. */
	readonly username: string;
	/** Read from the server by id, never taken from the payload the user could shape. */
	readonly roles: readonly string[];
}

/** Direct messages and omnichannel rooms are named after their members: name rules say nothing about them. */
export function hasOwnName(kind: RoomKind): boolean {
	return kind !== 'direct-message' && kind !== 'livechat';
}
