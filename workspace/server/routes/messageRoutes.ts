// chat.postMessage, the way scripts post into rooms (Rocket.Chat's processWebhookMessage).
import { text } from './params';
import { MeteorError } from '../../errors';
import { canAccessRoom, hasPermission } from '../../permissions';
import type { RoomRecord, UserRecord } from '../../store/workspaceStore';
import { failure, success } from '../apiResponse';
import { restMessage } from '../restShapes';
import type { ApiContext, Route } from '../router';

export function messageRoutes({ store, rooms }: ApiContext): Route[] {
	/**
	 * The room a post goes to: `roomId`, or `channel` as `#name` (joining a public channel the user
	 * is not in) or `@username` (opening the direct message if need be), as Rocket.Chat resolves them;
	 * joining and opening fire their room events.
	 */
	async function targetRoom(user: UserRecord, body: Record<string, unknown>): Promise<RoomRecord | undefined> {
		const roomId = text(body, 'roomId');
		if (roomId !== undefined) return store.getRoom(roomId);
		const channel = text(body, 'channel');
		if (channel === undefined) return undefined;
		if (channel.startsWith('@')) return (await rooms.createDirectMessage(user.id, [channel.slice(1)])).room;
		const room = store.getRoomByName(channel.replace(/^#/, '')) ?? store.getRoom(channel);
		if (room?.type === 'c' && !store.isMember(room.id, user.id)) await rooms.join(user.id, room.id);
		return room;
	}

	return [
		{
			method: 'POST',
			path: '/api/v1/chat.postMessage',
			async handle({ user, body }) {
				if (text(body, 'roomId') === undefined && text(body, 'channel') === undefined) return failure('Body param "roomId" or "channel" is required');
				const room = await targetRoom(user, body);
				if (!room || !canAccessRoom(store, user.id, room)) throw new MeteorError('error-invalid-channel', 'Invalid channel');
				if (room.readOnly && !hasPermission(store, user.id, 'post-readonly', room.id)) {
					throw new MeteorError('error-not-allowed', "You can't send messages because the room is readonly.");
				}
				const attachments = Array.isArray(body.attachments) ? body.attachments : undefined;
				const message = store.createMessage({
					roomId: room.id,
					senderId: user.id,
					text: typeof body.text === 'string' ? body.text : '',
					...(text(body, 'alias') !== undefined && { alias: text(body, 'alias') }),
					...(text(body, 'emoji') !== undefined && { emoji: text(body, 'emoji') }),
					...(text(body, 'avatar') !== undefined && { avatarUrl: text(body, 'avatar') }),
					...(attachments && { attachments }),
				});
				return success({ ts: Date.now(), channel: text(body, 'channel') ?? room.id, message: restMessage(store, message) });
			},
		},
	];
}
