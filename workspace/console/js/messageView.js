import { h } from './dom.js';

// Renders the Markdown Rocket.Chat would render in audit messages: a `*bold*` title line,
// `Label: value` fact lines, `code` spans and ``` blocks. Built from text nodes only.

const FACT_LINE = /^([A-Z][A-Za-z ]{0,40}): (.*)$/;
const INLINE = /`([^`\n]+)`|\*([^*\n]+)\*|(@[A-Za-z0-9._-]+)/g;

export function messageView(message) {
	const lines = String(message.msg ?? '').split('\n');
	const [first, ...rest] = lines;
	const title = /^\*[^*]+\*/.test(first ?? '') ? first : undefined;
	return h(
		'article',
		{ class: `message ${title ? outcomeClass(title) : ''}`, dataset: { id: message._id } },
		h('header', {}, h('span', { class: 'author' }, `@${message.u?.username ?? 'unknown'}`), h('time', { datetime: message.ts }, clockTime(message.ts))),
		title && h('div', { class: 'message-title' }, inline(title)),
		blocks(title ? rest : lines),
	);
}

/** Colours a decision by its outcome words, as the app writes them in the title. */
function outcomeClass(title) {
	if (/would have been denied/.test(title)) {
		return 'would-deny';
	}
	if (/\bdenied\b/.test(title)) {
		return 'denied';
	}
	return /\ballowed\b/.test(title) ? 'allowed' : '';
}

function blocks(lines) {
	const out = [];
	let facts;
	let code;
	for (const line of lines) {
		if (code) {
			if (line.trim() === '```') {
				out.push(h('pre', {}, code.join('\n')));
				code = undefined;
			} else {
				code.push(line);
			}
			continue;
		}
		if (line.trim() === '```') {
			facts = undefined;
			code = [];
			continue;
		}
		const fact = FACT_LINE.exec(line);
		if (fact) {
			if (!facts) {
				facts = h('dl', { class: 'facts' });
				out.push(facts);
			}
			facts.append(h('dt', {}, fact[1]), h('dd', {}, inline(fact[2])));
		} else if (line.trim() !== '') {
			facts = undefined;
			out.push(h('p', {}, inline(line)));
		}
	}
	if (code) {
		out.push(h('pre', {}, code.join('\n')));
	}
	return out;
}

function inline(text) {
	const parts = [];
	let last = 0;
	for (const match of text.matchAll(INLINE)) {
		parts.push(text.slice(last, match.index));
		const [, code, bold, mention] = match;
		if (code !== undefined) {
			parts.push(h('code', {}, code));
		} else if (bold !== undefined) {
			parts.push(h('strong', {}, bold));
		} else {
			parts.push(h('span', { class: 'mention' }, mention));
		}
		last = match.index + match[0].length;
	}
	parts.push(text.slice(last));
	return parts;
}

function clockTime(ts) {
	const date = new Date(ts);
	return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
