import { h } from './dom.js';

// The editors of the app's settings form (settingsForm.js), one per setting type. Each is made from
// the setting, the value to show and `{inputId, text, rooms}`: the id of its field, the app's texts
// by key, and the rooms a room pick offers.

const valid = (value) => ({ ok: true, value });

/** The editor of one setting: its element, and `read()` giving the value or why it is not one. */
export function editorFor(setting, value, context) {
	switch (setting.type) {
		case 'boolean':
			return booleanEditor(value, context);
		case 'int':
			return intEditor(value, context);
		case 'code':
			return textEditor(value, context, { multiline: true, code: true });
		case 'password':
			return textEditor(value, context, { type: 'password' });
		case 'select':
			return selectEditor(setting, value, context);
		case 'multiSelect':
			return multiSelectEditor(setting, value, context);
		case 'roomPick':
			return roomPickEditor(value, context);
		default:
			return textEditor(value, context, { multiline: Boolean(setting.multiline) });
	}
}

function booleanEditor(value, { inputId }) {
	const input = h('input', { id: inputId, type: 'checkbox', role: 'switch', checked: value === true });
	const state = h('span', { class: 'switch-state' });
	const showState = () => {
		state.textContent = input.checked ? 'On' : 'Off';
	};
	input.addEventListener('change', showState);
	showState();
	return { element: h('label', { class: 'switch' }, input, h('span', { class: 'switch-track' }), state), read: () => valid(input.checked) };
}

function intEditor(value, { inputId }) {
	const input = h('input', { id: inputId, type: 'number', step: '1', inputmode: 'numeric', value: value ?? '' });
	return {
		element: input,
		read: () => {
			const number = Number(input.value);
			return input.value.trim() !== '' && Number.isInteger(number) ? valid(number) : { ok: false, problem: 'Enter a whole number.' };
		},
	};
}

/** A stored value as the text a field shows. */
function valueText(value) {
	if (value === undefined || value === null) {
		return '';
	}
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function textEditor(value, { inputId }, { multiline = false, code = false, type = 'text' } = {}) {
	const text = valueText(value);
	const input = multiline
		? h('textarea', {
				id: inputId,
				rows: Math.max(code ? 4 : 2, text.split('\n').length + 1),
				spellcheck: code ? 'false' : undefined,
				class: code ? 'code' : undefined,
				value: text,
			})
		: h('input', { id: inputId, type, value: text, autocomplete: type === 'password' ? 'new-password' : 'off' });
	return { element: input, read: () => valid(input.value) };
}

function selectEditor(setting, value, { inputId, text }) {
	const options = choicesOf(setting, value, text);
	const select = h(
		'select',
		{ id: inputId },
		options.map((choice) => h('option', { value: choice.key, selected: choice.key === value }, choice.label)),
	);
	return { element: select, read: () => valid(select.value) };
}

function multiSelectEditor(setting, value, { inputId, text }) {
	const picked = new Set(Array.isArray(value) ? value : []);
	const boxes = choicesOf(setting, [...picked], text).map((choice) => ({
		key: choice.key,
		element: h('input', { type: 'checkbox', value: choice.key, checked: picked.has(choice.key) }),
		label: choice.label,
	}));
	const element = h(
		'div',
		{ 'class': 'checklist', 'id': inputId, 'role': 'group', 'aria-labelledby': `${inputId}-label` },
		boxes.map((box) => h('label', {}, box.element, box.label)),
	);
	return { element, grouped: true, read: () => valid(boxes.filter((box) => box.element.checked).map((box) => box.key)) };
}

/** Declared choices, plus any stored key no longer among them so that it is not lost silently. */
function choicesOf(setting, value, text) {
	const choices = (setting.values ?? []).map((choice) => ({ key: choice.key, label: text(choice.i18nLabel) || choice.key }));
	const known = new Set(choices.map((choice) => choice.key));
	for (const key of [value].flat()) {
		if (typeof key === 'string' && key !== '' && !known.has(key)) {
			choices.push({ key, label: `${key} (not a declared choice)` });
		}
	}
	return choices;
}

/** Rocket.Chat keeps a room pick as `[{_id, name}]`. */
function roomPickEditor(value, { inputId, rooms }) {
	const picked = Array.isArray(value) ? value.filter((room) => room && typeof room._id === 'string') : [];
	const pickedIds = new Set(picked.map((room) => room._id));
	const offered = rooms.map((room) => ({ _id: room._id, name: room.name }));
	const offeredIds = new Set(offered.map((room) => room._id));
	const choices = [...offered, ...picked.filter((room) => !offeredIds.has(room._id))];
	const boxes = choices.map((room) => ({ room, element: h('input', { type: 'checkbox', value: room._id, checked: pickedIds.has(room._id) }) }));
	const element = h(
		'div',
		{ 'class': 'checklist rooms', 'id': inputId, 'role': 'group', 'aria-labelledby': `${inputId}-label` },
		boxes.length === 0 && h('p', { class: 'empty' }, 'No rooms to pick from.'),
		boxes.map((box) => h('label', {}, box.element, `#${box.room.name ?? box.room._id}`)),
	);
	return {
		element,
		grouped: true,
		read: () => valid(boxes.filter((box) => box.element.checked).map((box) => ({ _id: box.room._id, name: box.room.name }))),
	};
}
