// The workspace's records in the shapes Rocket.Chat's REST API answers with (its Mongo documents,
// minus what the API leaves out). Dates become ISO strings when the answer is written as JSON.
import type { IAppStorageItem } from 'apps-engine-deno/server/storage';

import type { MembershipRecord, MessageRecord, RoomRecord, TeamRecord, UserRecord, WorkspaceStore } from '../store/workspaceStore';

type RestDocument = Record<string, unknown>;

/** How a message, a room or a team names a user: `{ _id, username, name }`. */
export function userRef(store: WorkspaceStore, userId: string): RestDocument {
	const user = store.getUser(userId);
	return { _id: userId, username: user?.username, name: user?.name };
}

/** A user as users.create, users.info and users.list answer (password services left out). */
export function restUser(user: UserRecord): RestDocument {
	return {
		_id: user.id,
		createdAt: user.createdAt,
		username: user.username,
		emails: user.email ? [{ address: user.email, verified: true }] : [],
		type: user.type,
		status: user.status,
		active: user.active,
		roles: user.roles,
		name: user.name,
		utcOffset: 0,
		_updatedAt: user.updatedAt,
		...(user.lastLoginAt && { lastLogin: user.lastLoginAt }),
		...(user.customFields && { customFields: user.customFields }),
	};
}

/** Rocket.Chat's getUserInfo, which login answers under `data.me` and /me at the top level. */
export function restUserInfo(user: UserRecord, origin: string): RestDocument {
	return {
		...restUser(user),
		...(user.email && { email: user.email }),
		...(user.language && { language: user.language }),
		settings: { profile: {}, preferences: user.language ? { language: user.language } : {} },
		avatarUrl: `${origin}/avatar/${user.username}`,
		isOAuthUser: false,
		services: { password: { exists: user.passwordHash !== undefined } },
	};
}

/** A room member as channels.members answers. */
export function restMember(user: UserRecord): RestDocument {
	return { _id: user.id, username: user.username, name: user.name, status: user.status, utcOffset: 0, _updatedAt: user.updatedAt };
}

/** A member's room roles as channels.roles answers. */
export function restRoomRoles(store: WorkspaceStore, membership: MembershipRecord): RestDocument {
	return { rid: membership.roomId, u: userRef(store, membership.userId), roles: membership.roles };
}

/** A room document as channels.info, groups.info and the lists answer (direct messages carry their members instead of names). */
export function restRoom(store: WorkspaceStore, room: RoomRecord): RestDocument {
	const memberIds = store.getMemberIds(room.id);
	const messages = store.listMessages(room.id);
	const lastMessage = messages[messages.length - 1];
	const common = {
		_id: room.id,
		t: room.type,
		msgs: messages.length,
		usersCount: memberIds.length,
		ts: room.createdAt,
		_updatedAt: room.updatedAt,
		...(lastMessage && { lastMessage: restMessage(store, lastMessage), lm: lastMessage.ts }),
	};
	if (room.type === 'd') {
		return {
			...common,
			uids: memberIds,
			usernames: memberIds.map((id) => store.getUser(id)?.username).filter((username) => username !== undefined),
		};
	}
	return {
		...common,
		name: room.name,
		fname: room.displayName,
		u: userRef(store, room.creatorId),
		ro: room.readOnly,
		sysMes: room.displaySystemMessages,
		default: room.isDefault,
		customFields: room.customFields,
		...(room.description !== undefined && { description: room.description }),
		...(room.topic !== undefined && { topic: room.topic }),
		...(room.parentRoomId !== undefined && { prid: room.parentRoomId }),
		...(room.teamId !== undefined && { teamId: room.teamId }),
		...(room.teamMain && { teamMain: true }),
	};
}

export function restMessage(store: WorkspaceStore, message: MessageRecord): RestDocument {
	return {
		_id: message.id,
		rid: message.roomId,
		msg: message.text,
		ts: message.ts,
		u: userRef(store, message.senderId),
		_updatedAt: message.updatedAt,
		...(message.editedAt && { editedAt: message.editedAt, editedBy: message.editorId && userRef(store, message.editorId) }),
		...(message.threadId !== undefined && { tmid: message.threadId }),
		...(message.alias !== undefined && { alias: message.alias }),
		...(message.emoji !== undefined && { emoji: message.emoji }),
		...(message.avatarUrl !== undefined && { avatar: message.avatarUrl }),
		...(message.groupable !== undefined && { groupable: message.groupable }),
		...(message.parseUrls !== undefined && { parseUrls: message.parseUrls }),
		...(message.customFields !== undefined && { customFields: message.customFields }),
		...(message.attachments !== undefined && { attachments: message.attachments }),
		...(message.blocks !== undefined && { blocks: message.blocks }),
	};
}

export function restTeam(store: WorkspaceStore, team: TeamRecord): RestDocument {
	const creator = store.getUser(team.creatorId);
	return {
		_id: team.id,
		name: team.name,
		type: team.type,
		createdAt: team.createdAt,
		createdBy: { _id: team.creatorId, username: creator?.username },
		_updatedAt: team.updatedAt,
		roomId: team.mainRoomId,
	};
}

/** An installed app as the apps endpoints answer (formatAppInstanceForRest). */
export function restApp(item: IAppStorageItem, status: string): RestDocument {
	return { ...item.info, status, languages: item.languageContent ?? {}, private: true, migrated: false };
}
