import { ApiError } from './api.js';
import { byId, h, replaceChildren, whileBusy } from './dom.js';
import { messageView } from './messageView.js';
import { notifyError, notifySuccess } from './notices.js';

const POLL_MS = 1500;
const SHOWN_MESSAGES = 50;

/**
 * The audit room's messages, newest first, read every 1.5 s with the owner's token (the app
 * posts into a private group its admin belongs to). `onActivity` runs when new messages come
 * in: something happened in the workspace, so the room list is worth reading again.
 */
export class AuditFeed {
	constructor({ callAsOwner, onActivity }) {
		this.callAsOwner = callAsOwner;
		this.onActivity = onActivity;
		this.roomName = 'room-events-audit';
		this.room = undefined;
		this.shownIds = undefined;
		this.timer = undefined;
		this.running = false;
	}

	start() {
		this.running = true;
		this.poll();
	}

	stop() {
		this.running = false;
		clearTimeout(this.timer);
	}

	setRoomName(name) {
		const bare = String(name || 'room-events-audit').replace(/^#/, '');
		if (bare !== this.roomName) {
			this.roomName = bare;
			this.room = undefined;
			this.shownIds = undefined;
			replaceChildren(byId('audit-messages'));
		}
		byId('audit-room-name').textContent = `#${bare}`;
	}

	/** A line above the messages, e.g. that posting audit messages is switched off. */
	setHint(text) {
		const hint = byId('audit-hint');
		hint.hidden = !text;
		hint.textContent = text ?? '';
	}

	async poll() {
		clearTimeout(this.timer);
		try {
			this.room ??= await this.findRoom();
			if (this.room) {
				const answer = await this.callAsOwner('GET', `/api/v1/${this.room.api}.messages`, { query: { roomId: this.room.id, count: SHOWN_MESSAGES } });
				this.render(answer.messages ?? []);
				this.showStatus('live', `Live · checked ${new Date().toLocaleTimeString()}`);
			}
		} catch (error) {
			if (error instanceof ApiError && error.errorType === 'error-room-not-found') {
				this.room = undefined;
			}
			this.showStatus('failing', error.message);
		}
		if (this.running) {
			this.timer = setTimeout(() => this.poll(), POLL_MS);
		}
	}

	async findRoom() {
		for (const api of ['groups', 'channels']) {
			try {
				const answer = await this.callAsOwner('GET', `/api/v1/${api}.info`, { query: { roomName: this.roomName } });
				const room = answer.group ?? answer.channel;
				byId('audit-missing').hidden = true;
				return { id: room._id, api };
			} catch (error) {
				if (!(error instanceof ApiError) || error.status === 401 || error.status === 0) {
					throw error;
				}
			}
		}
		this.showMissingRoom();
		return undefined;
	}

	showMissingRoom() {
		const create = h('button', { type: 'button', class: 'secondary' }, `Create #${this.roomName} as a private group`);
		create.addEventListener('click', () =>
			whileBusy(create, async () => {
				const action = `Create private group “${this.roomName}” for the audit trail`;
				try {
					await this.callAsOwner('POST', '/api/v1/groups.create', { body: { name: this.roomName } });
					notifySuccess(action);
					await this.poll();
					this.onActivity();
				} catch (error) {
					notifyError(action, error);
				}
			}),
		);
		const missing = byId('audit-missing');
		replaceChildren(
			missing,
			h('p', {}, `There is no room named #${this.roomName} that you can read. The app posts audit messages only into an existing room.`),
			create,
		);
		missing.hidden = false;
		this.showStatus('waiting', 'Waiting for the audit room');
	}

	render(messages) {
		const newestFirst = [...messages].sort((a, b) => String(b.ts).localeCompare(String(a.ts)));
		const ids = newestFirst.map((message) => message._id);
		const list = byId('audit-messages');
		if (this.shownIds && ids.join() === [...this.shownIds].join()) {
			return;
		}
		const firstRender = !this.shownIds;
		const fresh = firstRender ? [] : ids.filter((id) => !this.shownIds.has(id));
		replaceChildren(
			list,
			newestFirst.map((message) => {
				const view = messageView(message);
				view.classList.toggle('fresh', fresh.includes(message._id));
				return view;
			}),
			ids.length === 0 && h('p', { class: 'empty' }, 'No audit messages yet. Create, join or leave a room to see one.'),
		);
		this.shownIds = new Set(ids);
		if (fresh.length > 0) {
			this.onActivity();
		}
	}

	showStatus(kind, text) {
		const status = byId('audit-status');
		status.className = `feed-status ${kind}`;
		status.textContent = text;
	}
}
