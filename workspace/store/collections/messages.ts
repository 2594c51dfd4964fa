import { newId } from '../ids';
import { cloneData } from '../jsonCodec';
import type { MessagePatch, MessageRecord, NewMessage, NotificationRecord } from '../records';
import type { StoreConstructor } from './storeBase';

/** Rooms' messages, and the notifications (ephemeral messages) apps show. */
export function withMessages<TBase extends StoreConstructor>(Base: TBase) {
	return class extends Base {
		createMessage(input: NewMessage): MessageRecord {
			if (!this.state.rooms.some((room) => room.id === input.roomId)) throw new Error(`No room with id "${input.roomId}".`);
			// Message ids are unique, as the _id index of Rocket.Chat's rocketchat_message collection makes them.
			if (input.id !== undefined && this.state.messages.some((message) => message.id === input.id)) {
				throw new Error(`E11000 duplicate key error collection: rocketchat_message index: _id_ dup key: { _id: "${input.id}" }`);
			}
			const now = this.now();
			const message: MessageRecord = { ...cloneData(input), id: input.id ?? newId(), ts: input.ts ?? now, updatedAt: now };
			this.state.messages.push(cloneData(message));
			this.changed();
			return message;
		}

		getMessage(id: string): MessageRecord | undefined {
			return cloneData(this.state.messages.find((message) => message.id === id));
		}

		updateMessage(id: string, patch: MessagePatch): MessageRecord {
			const message = this.state.messages.find((candidate) => candidate.id === id);
			if (!message) throw new Error(`No message with id "${id}".`);
			Object.assign(message, cloneData(patch), { updatedAt: this.now() });
			this.changed();
			return cloneData(message);
		}

		deleteMessage(id: string): boolean {
			const before = this.state.messages.length;
			this.state.messages = this.state.messages.filter((message) => message.id !== id);
			this.changed();
			return this.state.messages.length < before;
		}

		/** Messages oldest first (by `ts`, then by insertion), optionally of one room. */
		listMessages(roomId?: string): MessageRecord[] {
			const messages = this.state.messages
				.map((message, index) => ({ message, index }))
				.filter(({ message }) => roomId === undefined || message.roomId === roomId)
				.sort((a, b) => a.message.ts.getTime() - b.message.ts.getTime() || a.index - b.index)
				.map(({ message }) => message);
			return cloneData(messages);
		}

		countMessages(roomId: string): number {
			return this.state.messages.filter((message) => message.roomId === roomId).length;
		}

		// Notifications (ephemeral messages)

		addNotification(input: Omit<NotificationRecord, 'id' | 'ts'>): NotificationRecord {
			const notification: NotificationRecord = { ...cloneData(input), id: newId(), ts: this.now() };
			this.state.notifications.push(cloneData(notification));
			this.changed();
			return notification;
		}

		/** Notifications of a room and/or what one user was shown (their own and room-wide ones). */
		listNotifications(filter: { roomId?: string; userId?: string } = {}): NotificationRecord[] {
			return cloneData(
				this.state.notifications.filter(
					(notification) =>
						(filter.roomId === undefined || notification.roomId === filter.roomId) &&
						(filter.userId === undefined || notification.userId === undefined || notification.userId === filter.userId),
				),
			);
		}
	};
}
