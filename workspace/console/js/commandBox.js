import { h, whileBusy } from './dom.js';
import { messageView } from './messageView.js';
import { notifyError } from './notices.js';

// A room's command box: the acting user types a slash command as in Rocket.Chat's composer, the
// console sends it with commands.run in that room, and shows the ephemeral answers apps sent that
// user there (read from the workspace's own notifications route; Rocket.Chat pushes them over the
// user's stream). Answers are the user's alone: another acting user sees their own.

const MOST_ANSWERS = 5;

/** Per user and room: the answers shown, the draft typed, and whether the box had the focus (cards are rebuilt on every refresh). */
const boxes = new Map();

function stateOf(userId, roomId) {
	const key = `${userId} ${roomId}`;
	if (!boxes.has(key)) {
		boxes.set(key, { answers: [], shownIds: undefined, draft: '', focused: false });
	}
	return boxes.get(key);
}

/** "/room-events lock #ops" → { command: 'room-events', params: 'lock #ops' }; undefined without the slash. */
export function parseCommandLine(line) {
	const match = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(line.trim());
	return match ? { command: match[1], params: match[2] ?? '' } : undefined;
}

/** `acting` is `{userId, username}`; `callAsActing(method, path, options)` sends as that user. */
export function commandBox({ room, roomName, acting, callAsActing }) {
	const state = stateOf(acting.userId, room._id);
	const answers = h('div', { 'class': 'command-answers', 'aria-live': 'polite', 'aria-label': `Answers to @${acting.username} in ${roomName}` });
	const renderAnswers = () => {
		answers.replaceChildren(
			...state.answers.map((message) =>
				h('div', { class: 'command-answer' }, messageView(message), h('p', { class: 'command-private' }, 'Only you can see this message.')),
			),
		);
	};
	const input = h('input', {
		'class': 'command-input',
		'value': state.draft,
		'placeholder': '/room-events status',
		'autocomplete': 'off',
		'aria-label': `Slash command in ${roomName}`,
		'oninput': () => {
			state.draft = input.value;
		},
		'onfocus': () => {
			state.focused = true;
		},
		'onblur': () => {
			state.focused = false;
		},
	});
	const button = h('button', { type: 'submit', class: 'secondary' }, 'Run');
	const run = async () => {
		const parsed = parseCommandLine(input.value);
		const action = `Run ${input.value.trim() || 'a command'} in “${roomName}” as @${acting.username}`;
		if (!parsed) {
			notifyError(action, new Error('Type a slash command, such as /room-events help.'));
			return;
		}
		const notificationsHere = async () => (await callAsActing('GET', '/api/workspace/notifications', { query: { roomId: room._id } })).notifications;
		try {
			// What the user was told here before this box ran anything is not an answer to it.
			state.shownIds ??= new Set((await notificationsHere()).map((notification) => notification._id));
			await callAsActing('POST', '/api/v1/commands.run', { body: { command: parsed.command, params: parsed.params, roomId: room._id } });
			const fresh = (await notificationsHere()).filter((notification) => !state.shownIds.has(notification._id));
			fresh.forEach((notification) => state.shownIds.add(notification._id));
			state.answers = [...fresh.reverse(), ...state.answers].slice(0, MOST_ANSWERS);
			state.draft = '';
			input.value = '';
			renderAnswers();
		} catch (error) {
			notifyError(action, error);
		}
	};
	renderAnswers();
	if (state.focused) {
		// The card replaced the one the user was typing in: the new box takes the focus once shown.
		setTimeout(() => input.focus());
	}
	return h(
		'div',
		{ class: 'command-box' },
		h(
			'form',
			{
				class: 'command-form',
				onsubmit: (event) => {
					event.preventDefault();
					whileBusy(button, run);
				},
			},
			input,
			button,
		),
		answers,
	);
}
