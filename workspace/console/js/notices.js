import { byId, h } from './dom.js';

const SUCCESS_SHOWN_MS = 4000;
const MOST_NOTICES = 4;

/** What happened to an action, e.g. "Create public channel “ops” as @alice". Errors stay until closed. */
export function notifySuccess(action, detail) {
	show('success', action, detail);
}

export function notifyError(action, error) {
	show('error', action, error.message, error.errorType, error.status);
}

/** An action the workspace answered with success but that did not (wholly) happen: `lines` say what did not and why. */
export function notifyRefusal(action, lines) {
	show('error', action, lines);
}

function show(kind, action, message, errorType, status) {
	const list = byId('notices');
	const notice = h(
		'div',
		{ class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
		h(
			'div',
			{ class: 'notice-body' },
			h('div', { class: 'notice-title' }, kind === 'error' ? `Refused: ${action}` : action),
			[message ?? []].flat().map((line) => h('div', { class: 'notice-message' }, stripErrorTypeSuffix(line, errorType))),
			(errorType || status) && h('div', { class: 'notice-meta' }, errorType && h('code', {}, errorType), status ? ` HTTP ${status}` : ''),
		),
		h('button', { 'class': 'notice-close', 'type': 'button', 'aria-label': 'Close', 'onclick': () => notice.remove() }, '×'),
	);
	list.prepend(notice);
	// Past the limit the oldest success goes first: refusals stay until read.
	while (list.children.length > MOST_NOTICES) {
		const successes = list.querySelectorAll('.notice.success');
		(successes[successes.length - 1] ?? list.lastElementChild).remove();
	}
	if (kind === 'success') {
		setTimeout(() => notice.remove(), SUCCESS_SHOWN_MS);
	}
}

/** Rocket.Chat ends a Meteor.Error's text with " [errorType]"; the type is shown on its own. */
function stripErrorTypeSuffix(message, errorType) {
	return errorType && message.endsWith(` [${errorType}]`) ? message.slice(0, -errorType.length - 3) : message;
}
