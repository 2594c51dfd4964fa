import { logLineText, readAppLogs } from './appLogs.js';
import { append, byId, h, replaceChildren, whileBusy } from './dom.js';
import { notifyError, notifyRefusal, notifySuccess } from './notices.js';
import { editorFor } from './settingEditors.js';

// The app's settings form, built from the definitions GET /api/apps/:id/settings returns:
// one editor per setting type (settingEditors.js), sections and texts from the app's own language file.
//
// Saving tells what became of each value. Rocket.Chat's POST /api/apps/:id/settings answers
// success, listing every changed setting, whatever the app's onPreSettingUpdate kept (an app
// refuses a value by returning the old setting), and its admin UI then says "saved". Here the
// stored values are read again: a value the app did not keep is shown as refused, with what the
// app logged about it, and stays in its field to be corrected.

const ENABLED_STATUSES = new Set(['auto_enabled', 'manually_enabled']);
const OTHER_SECTION = '';

export class SettingsPanel {
	/**
	 * `listRooms()` resolves to the rooms a room-pick setting offers; `onLoaded(settings)` hears
	 * every load of the stored values (the audit feed follows the audit room setting).
	 */
	constructor({ callAsOwner, listRooms, onLoaded }) {
		this.callAsOwner = callAsOwner;
		this.listRooms = listRooms;
		this.pickableRooms = [];
		this.onLoaded = onLoaded;
		this.apps = [];
		this.appId = undefined;
		this.settings = {};
		this.texts = {};
		this.editors = new Map();
		/** Refused at the last save, by setting id: `{value, reason}`, the value the admin typed and why the app did not keep it. */
		this.refusals = new Map();
		byId('settings-form').addEventListener('input', () => this.showChanges());
		byId('settings-form').addEventListener('change', () => this.showChanges());
		byId('settings-form').addEventListener('submit', async (event) => {
			event.preventDefault();
			await whileBusy(byId('settings-save'), () => this.save());
			// whileBusy enables the button again; whether anything is left to save is the form's to say.
			this.showChanges();
		});
		byId('settings-discard').addEventListener('click', () => {
			this.refusals.clear();
			this.renderForm();
		});
	}

	/** The app whose settings are shown, `{id, name}`, or undefined while none is installed. */
	currentApp() {
		return this.apps.find((candidate) => candidate.id === this.appId);
	}

	async load() {
		try {
			this.apps = (await this.callAsOwner('GET', '/api/apps')).apps ?? [];
		} catch (error) {
			this.showProblem(`The installed apps cannot be listed: ${error.message}`);
			return;
		}
		if (this.apps.length === 0) {
			this.showProblem('No app is installed in this workspace.');
			return;
		}
		if (!this.apps.some((app) => app.id === this.appId)) {
			this.appId = this.apps[0].id;
		}
		this.renderAppBar();
		await this.loadSettings();
	}

	async loadSettings() {
		this.refusals.clear();
		if (await this.readSettings()) {
			this.renderForm();
			this.onLoaded(this.settings);
		}
	}

	/** Reads the stored values and the texts; answers whether they could be read. */
	async readSettings() {
		try {
			const [settings, languages] = await Promise.all([
				this.callAsOwner('GET', `/api/apps/${this.appId}/settings`),
				this.callAsOwner('GET', `/api/apps/${this.appId}/languages`),
			]);
			this.settings = settings.settings ?? {};
			this.texts = languages.languages?.en ?? Object.values(languages.languages ?? {})[0] ?? {};
			if (Object.values(this.settings).some((setting) => setting.type === 'roomPick')) {
				this.pickableRooms = await this.listRooms();
			}
		} catch (error) {
			this.showProblem(`The app's settings cannot be read: ${error.message}`);
			return false;
		}
		byId('settings-problem').hidden = true;
		return true;
	}

	text(key) {
		return (key && this.texts[key]) || key || '';
	}

	showProblem(text) {
		const problem = byId('settings-problem');
		problem.textContent = text;
		problem.hidden = false;
	}

	renderAppBar() {
		const app = this.currentApp();
		const enabled = ENABLED_STATUSES.has(app.status);
		const picker =
			this.apps.length > 1 &&
			h(
				'select',
				{
					'aria-label': 'App',
					'onchange': async (event) => {
						this.appId = event.target.value;
						this.renderAppBar();
						await this.loadSettings();
					},
				},
				this.apps.map((candidate) => h('option', { value: candidate.id, selected: candidate.id === this.appId }, candidate.name)),
			);
		const toggle = h('button', { type: 'button', class: 'secondary' }, enabled ? 'Disable app' : 'Enable app');
		toggle.addEventListener('click', () =>
			whileBusy(toggle, async () => {
				const status = enabled ? 'manually_disabled' : 'manually_enabled';
				const action = `${enabled ? 'Disable' : 'Enable'} ${app.name}`;
				try {
					await this.callAsOwner('POST', `/api/apps/${app.id}/status`, { body: { status } });
					notifySuccess(action);
				} catch (error) {
					notifyError(action, error);
				}
				await this.load();
			}),
		);
		replaceChildren(
			byId('app-bar'),
			picker || h('strong', { class: 'app-name' }, app.name),
			h('span', { class: 'app-version' }, app.version ? `v${app.version}` : ''),
			h('span', { class: `badge ${enabled ? 'on' : 'off'}` }, enabled ? 'enabled' : (app.status ?? 'unknown')),
			toggle,
		);
	}

	renderForm() {
		this.editors.clear();
		const bySection = new Map();
		for (const setting of Object.values(this.settings)) {
			if (setting.hidden) {
				continue;
			}
			const section = setting.section ?? OTHER_SECTION;
			bySection.set(section, [...(bySection.get(section) ?? []), setting]);
		}
		const sections = [...bySection].map(([section, settings]) => ({
			title: section === OTHER_SECTION ? 'Other settings' : this.text(section),
			element: h('fieldset', { class: 'settings-section' }),
			settings,
		}));
		for (const { title, element, settings } of sections) {
			append(element, [h('legend', {}, title), settings.map((setting) => this.settingRow(setting))]);
		}
		replaceChildren(
			byId('settings-nav'),
			sections.map(({ title, element }) =>
				h('button', { type: 'button', class: 'chip', onclick: () => element.scrollIntoView({ behavior: 'smooth', block: 'start' }) }, title),
			),
		);
		replaceChildren(
			byId('settings-sections'),
			sections.map(({ element }) => element),
		);
		this.showChanges();
	}

	settingRow(setting) {
		const inputId = `setting-${setting.id}`;
		const makeEditor = (value) => editorFor(setting, value, { inputId, text: (key) => this.text(key), rooms: this.pickableRooms });
		const refusal = this.refusals.get(setting.id);
		let editor = makeEditor(refusal ? refusal.value : storedValue(setting));
		const problem = h('p', { class: 'field-problem', hidden: true });
		const reset = h('button', { type: 'button', class: 'link' }, 'Reset to default');
		// A group of checkboxes is named through aria-labelledby: a <label> names one control only.
		const label = h(
			editor.grouped ? 'span' : 'label',
			{ for: editor.grouped ? undefined : inputId, id: `${inputId}-label`, class: 'setting-label' },
			this.text(setting.i18nLabel) || setting.id,
			setting.required && h('span', { class: 'required' }, ' *'),
		);
		const row = h(
			'div',
			{ class: `setting${refusal ? ' refused' : ''}`, dataset: { settingId: setting.id, type: setting.type } },
			h('div', { class: 'setting-head' }, label, h('code', { class: 'setting-id' }, setting.id)),
			// Untranslated keys would read as noise: a description or alert shows only with its text.
			this.texts[setting.i18nDescription] && h('p', { class: 'description' }, this.texts[setting.i18nDescription]),
			this.texts[setting.i18nAlert] && h('p', { class: 'alert' }, this.texts[setting.i18nAlert]),
			editor.element,
			refusal && h('p', { class: 'field-refusal', role: 'alert' }, h('strong', {}, 'Not saved: the app refused this value. '), refusal.reason),
			problem,
			h('div', { class: 'setting-foot' }, reset),
		);
		reset.addEventListener('click', () => {
			const fresh = makeEditor(setting.packageValue);
			editor.element.replaceWith(fresh.element);
			editor = fresh;
			this.editors.set(setting.id, { ...editor, row, problem, reset });
			this.showChanges();
		});
		this.editors.set(setting.id, { ...editor, row, problem, reset });
		return row;
	}

	/** Marks changed settings, shows values that cannot be saved, and counts the changes. */
	showChanges() {
		let changed = 0;
		let invalid = 0;
		for (const [id, editor] of this.editors) {
			const setting = this.settings[id];
			const read = editor.read();
			editor.problem.hidden = read.ok;
			editor.problem.textContent = read.ok ? '' : read.problem;
			const isChanged = read.ok && !sameValue(read.value, storedValue(setting));
			editor.row.classList.toggle('changed', isChanged);
			editor.row.classList.toggle('invalid', !read.ok);
			editor.reset.hidden = read.ok && sameValue(read.value, setting.packageValue);
			changed += isChanged ? 1 : 0;
			invalid += read.ok ? 0 : 1;
		}
		byId('settings-save').disabled = changed === 0 || invalid > 0;
		byId('settings-discard').disabled = changed === 0 && invalid === 0;
		byId('settings-changes').textContent = changesText(changed, invalid);
		byId('settings-bar').classList.toggle('dirty', changed > 0 || invalid > 0);
	}

	/** As Rocket.Chat's admin UI: every setting object, each with the value now in the form; then what the app kept. */
	async save() {
		const sent = [];
		const settings = Object.values(this.settings).map((setting) => {
			const editor = this.editors.get(setting.id);
			if (!editor) {
				return setting;
			}
			const { value } = editor.read();
			if (!sameValue(value, storedValue(setting))) {
				sent.push({ id: setting.id, label: this.text(setting.i18nLabel) || setting.id, value, previous: storedValue(setting) });
			}
			return { ...setting, value };
		});
		const app = this.currentApp();
		const action = `Save ${app?.name ?? 'app'} settings`;
		const startDate = new Date().toISOString();
		try {
			await this.callAsOwner('POST', `/api/apps/${this.appId}/settings`, { body: { settings } });
		} catch (error) {
			notifyError(action, error);
			return;
		}
		if (!(await this.readSettings())) {
			return;
		}
		// The app refuses a value by keeping the previous one; it may also store a value of its own.
		const kept = (change) => (this.settings[change.id] ? storedValue(this.settings[change.id]) : change.value);
		const refused = sent.filter((change) => !sameValue(kept(change), change.value) && sameValue(kept(change), change.previous));
		const altered = sent.filter((change) => !sameValue(kept(change), change.value) && !refused.includes(change));
		const saved = sent.filter((change) => sameValue(kept(change), change.value));
		const reasons = refused.length > 0 ? await this.refusalReasons(startDate, refused) : new Map();
		this.refusals = new Map(refused.map(({ id, value }) => [id, { value, reason: reasons.get(id) }]));
		this.renderForm();
		this.onLoaded(this.settings);
		const notes = altered.map(({ label }) => `${label}: saved as the app changed it (the field shows what it stored).`);
		if (refused.length === 0) {
			notifySuccess(action, [saved.map(({ label }) => label).join(', '), ...notes].filter(Boolean).join(' '));
			return;
		}
		notifyRefusal(action, [
			...refused.map(({ id, label }) => `${label}: ${reasons.get(id)}`),
			...notes,
			...(saved.length > 0 ? [`Saved: ${saved.map(({ label }) => label).join(', ')}.`] : []),
		]);
	}

	/**
	 * Why the app kept another value for each of `refused`: the errors and warnings it logged since
	 * `startDate` that name the setting (in a cluster every instance logs its own, once said is enough).
	 */
	async refusalReasons(startDate, refused) {
		let records = [];
		try {
			records = (await readAppLogs(this.callAsOwner, this.appId, { startDate, count: 100, sort: JSON.stringify({ _updatedAt: 1 }) })).logs ?? [];
		} catch {
			// The refusal is known from the stored values; only its reason is missing.
		}
		const lines = records
			.flatMap((record) => record.entries ?? [])
			.filter((entry) => entry.severity === 'error' || entry.severity === 'warning')
			.map(logLineText);
		return new Map(
			refused.map(({ id }) => {
				const said = [...new Set(lines.filter((line) => namesSetting(line, id)))];
				return [id, said.length > 0 ? said.join(' ') : 'The app kept its previous value without logging why (see App logs).'];
			}),
		);
	}
}

/** Whether a logged line names the setting `id` as a whole word (not `audit_room` inside `audit_room_kind`). */
function namesSetting(line, id) {
	const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`(^|[^\\w])${escaped}($|[^\\w])`).test(line);
}

function storedValue(setting) {
	return setting.value === undefined || setting.value === null ? setting.packageValue : setting.value;
}

function sameValue(a, b) {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** What the save bar says of the form's state. */
function changesText(changed, invalid) {
	if (invalid > 0) {
		return `${invalid} value${invalid === 1 ? '' : 's'} to correct`;
	}
	return changed === 0 ? 'No unsaved changes' : `${changed} unsaved change${changed === 1 ? '' : 's'}`;
}
