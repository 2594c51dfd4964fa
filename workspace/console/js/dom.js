// Every page element is built here. Strings always become text nodes, never markup: room
// names, messages and error texts are written by users and must not be parsed as HTML.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'multiple', 'hidden', 'open']);

/** `h('button', { class: 'primary', onclick }, 'Save')` → <button class="primary">Save</button> */
export function h(tag, props = {}, ...children) {
	const element = document.createElement(tag);
	for (const [key, value] of Object.entries(props)) {
		if (value === undefined || value === null || value === false) {
			continue;
		}
		if (key.startsWith('on')) {
			element.addEventListener(key.slice(2), value);
		} else if (key === 'class') {
			element.className = value;
		} else if (key === 'dataset') {
			Object.assign(element.dataset, value);
		} else if (PROPERTIES.has(key)) {
			element[key] = value;
		} else {
			element.setAttribute(key, value === true ? '' : String(value));
		}
	}
	append(element, children);
	return element;
}

export function append(parent, children) {
	for (const child of children.flat(Infinity)) {
		if (child === undefined || child === null || child === false) {
			continue;
		}
		parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return parent;
}

/** Replaces everything inside `parent`. */
export function replaceChildren(parent, ...children) {
	parent.replaceChildren();
	return append(parent, children);
}

export function byId(id) {
	return document.getElementById(id);
}

/** Disables `button` while `work` runs, so a slow request is not sent twice. */
export async function whileBusy(button, work) {
	button.disabled = true;
	button.classList.add('busy');
	try {
		return await work();
	} finally {
		button.disabled = false;
		button.classList.remove('busy');
	}
}

/** "alice, bob\ncarol" → ['alice', 'bob', 'carol'] (leading @ dropped). */
export function splitNames(text) {
	return text
		.split(/[\s,]+/)
		.map((name) => name.replace(/^[@#]/, ''))
		.filter(Boolean);
}
