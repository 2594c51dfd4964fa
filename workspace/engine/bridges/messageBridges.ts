// Messages and threads: what apps post, edit, delete and read, and the notifications they send.
import type { IMessage } from 'apps-engine-deno/definition/messages';
import type { IRoom } from 'apps-engine-deno/definition/rooms';
import type { IUser } from 'apps-engine-deno/definition/users';
import type { MessageBridge } from 'apps-engine-deno/server/bridges';
import type { ThreadBridge } from 'apps-engine-deno/server/bridges/ThreadBridge';

import type { BridgeContext } from './bridgeContext';
import { unsupportedError } from './bridgeContext';
import { fromAppMessage, fromAppMessageUpdate, toAppMessage } from '../converters';

export function createMessageBridge(base: typeof MessageBridge, context: BridgeContext): MessageBridge {
	class LocalMessageBridge extends base {
		/**
		 * Rocket.Chat's bridge sends the converted message with sendMessage, whose upsert is false: a
		 * message whose `_id` (an app can set it through `_unmappedProperties_`) exists already is not
		 * stored, sendMessage answers nothing, and the bridge fails reading `_id` of that nothing
		 * (/work/research/audit-delivery.md §1).
		 */
		protected async create(message: IMessage, appId: string): Promise<string> {
			const { store } = context;
			if (!message.room?.id || !store.getRoom(message.room.id)) throw new Error('Invalid room provided on the message.');
			const record = fromAppMessage(message);
			if (record.id !== undefined && store.getMessage(record.id)) throw new TypeError("Cannot read properties of undefined (reading '_id')");
			return store.createMessage(record).id;
		}

		protected async getById(messageId: string, appId: string): Promise<IMessage> {
			const message = context.store.getMessage(messageId);
			return (message && toAppMessage(context.store, message)) as IMessage;
		}

		protected async update(message: IMessage, appId: string): Promise<void> {
			const { store } = context;
			if (!message.id || !store.getMessage(message.id)) throw new Error(`No message with id "${message.id}".`);
			store.updateMessage(message.id, { ...fromAppMessageUpdate(message), editedAt: context.clock(), editorId: (message.editor ?? message.sender).id });
		}

		protected async notifyUser(user: IUser, message: IMessage, appId: string): Promise<void> {
			context.store.addNotification({ appId, roomId: message.room.id, userId: user.id, senderId: message.sender?.id, text: message.text ?? '' });
		}

		protected async notifyRoom(room: IRoom, message: IMessage, appId: string): Promise<void> {
			context.store.addNotification({ appId, roomId: room.id, senderId: message.sender?.id, text: message.text ?? '' });
		}

		protected async addReaction(): Promise<void> {
			throw unsupportedError('Reactions', 'addReaction');
		}

		protected async removeReaction(): Promise<void> {
			throw unsupportedError('Reactions', 'removeReaction');
		}

		/** Typing indicators have no lasting effect to keep. */
		protected async typing(): Promise<void> {
			return undefined;
		}

		protected async delete(message: IMessage, user: IUser, appId: string): Promise<void> {
			if (message.id) context.store.deleteMessage(message.id);
		}
	}
	return new LocalMessageBridge();
}

export function createThreadBridge(base: typeof ThreadBridge, context: BridgeContext): ThreadBridge {
	class LocalThreadBridge extends base {
		/** The thread's first message, then its replies oldest first. */
		protected async getById(messageId: string, appId: string): Promise<IMessage[]> {
			const { store } = context;
			const first = store.getMessage(messageId);
			if (!first) return [];
			const replies = store.listMessages(first.roomId).filter((message) => message.threadId === messageId);
			return [first, ...replies].map((message) => toAppMessage(store, message));
		}
	}
	return new LocalThreadBridge();
}
