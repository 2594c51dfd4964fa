import { byId, h, replaceChildren, whileBusy } from './dom.js';

// The app's logs, read from GET /api/apps/:id/logs as Rocket.Chat's admin UI reads them: one
// record per call into the app (its method, when, how long, which instance), each with the
// lines the app (or the engine on its behalf) logged in that call, newest call first.

const PAGE_SIZE = 50;
/** The lines a log reader looks for first (the engine's severities but debug); debug lines are shown when asked for. */
const ALWAYS_SHOWN = new Set(['error', 'warning', 'info', 'log', 'success']);

/**
 * A logged line as text: strings as they are, an error by its message, the engine's
 * `{msg, ...}` records as the message and the rest, anything else as JSON.
 */
export function logLineText(entry) {
	return (entry.args ?? [])
		.map((arg) => {
			if (typeof arg === 'string') {
				return arg;
			}
			if (arg && typeof arg === 'object' && typeof arg.message === 'string') {
				return arg.message;
			}
			if (arg && typeof arg === 'object' && typeof arg.msg === 'string') {
				const { msg, ...rest } = arg;
				return Object.keys(rest).length > 0 ? `${msg} ${JSON.stringify(rest)}` : msg;
			}
			return JSON.stringify(arg);
		})
		.join(' ');
}

/** A page of the app's log records, newest first unless `query.sort` says otherwise; `query` as the endpoint takes it. */
export async function readAppLogs(callAsOwner, appId, query = {}) {
	return callAsOwner('GET', `/api/apps/${appId}/logs`, { query: { count: PAGE_SIZE, ...query } });
}

export class LogsPanel {
	/** `app()` is the app the console shows (`{id, name}`), or undefined while none is installed. */
	constructor({ callAsOwner, app }) {
		this.callAsOwner = callAsOwner;
		this.app = app;
		this.records = [];
		this.total = 0;
		byId('logs-refresh').addEventListener('click', () => whileBusy(byId('logs-refresh'), () => this.load()));
		byId('logs-older').addEventListener('click', () => whileBusy(byId('logs-older'), () => this.load({ older: true })));
		byId('logs-errors-only').addEventListener('change', () => this.load());
		byId('logs-debug').addEventListener('change', () => this.render());
	}

	/** Reads the newest page again, or (`older`) the page after the records shown. */
	async load({ older = false } = {}) {
		const app = this.app();
		const problem = byId('logs-problem');
		if (!app) {
			problem.textContent = 'No app is installed in this workspace.';
			problem.hidden = false;
			return;
		}
		byId('logs-app').textContent = app.name;
		const query = { offset: older ? this.records.length : 0, ...(byId('logs-errors-only').checked && { logLevel: '0' }) };
		try {
			const answer = await readAppLogs(this.callAsOwner, app.id, query);
			this.records = older ? [...this.records, ...answer.logs] : answer.logs;
			this.total = answer.total;
			problem.hidden = true;
		} catch (error) {
			problem.textContent = `The app's logs cannot be read: ${error.message}`;
			problem.hidden = false;
			return;
		}
		this.render();
	}

	render() {
		const showDebug = byId('logs-debug').checked;
		// In a cluster each instance logs its own calls (a setting change runs on every instance).
		const showInstance = new Set(this.records.map((record) => record.instanceId)).size > 1;
		replaceChildren(
			byId('log-records'),
			this.records.length === 0 && h('p', { class: 'empty' }, 'The app has logged nothing yet.'),
			this.records.map((record) =>
				recordView(
					record,
					(record.entries ?? []).filter((entry) => showDebug || ALWAYS_SHOWN.has(entry.severity)),
					showInstance,
				),
			),
		);
		byId('logs-summary').textContent = `${this.records.length} of ${this.total} calls`;
		byId('logs-older').hidden = this.records.length >= this.total;
	}
}

function recordView(record, lines, showInstance) {
	return h(
		'li',
		{ class: `log-record ${worstSeverity(lines)}`, dataset: { method: record.method } },
		h(
			'div',
			{ class: 'log-head' },
			h('code', { class: 'log-method' }, record.method),
			h('time', { datetime: record._updatedAt }, new Date(record._updatedAt).toLocaleString()),
			typeof record.totalTime === 'number' && h('span', { class: 'muted' }, `${record.totalTime} ms`),
			showInstance && h('span', { class: 'muted' }, `instance ${record.instanceId}`),
			lines.length === 0 && h('span', { class: 'muted' }, 'debug lines only'),
		),
		lines.length > 0 &&
			h(
				'ul',
				{ class: 'log-lines' },
				lines.map((entry) =>
					h(
						'li',
						{ class: `log-line ${entry.severity}` },
						h('span', { class: 'severity' }, entry.severity),
						h('span', { class: 'log-text' }, logLineText(entry)),
					),
				),
			),
	);
}

/** 'error' or 'warning' when the call logged one (the record is marked so), else ''. */
function worstSeverity(lines) {
	if (lines.some((entry) => entry.severity === 'error')) {
		return 'error';
	}
	return lines.some((entry) => entry.severity === 'warning') ? 'warning' : '';
}
