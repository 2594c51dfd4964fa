// Playwright's page.getByRole is meant here; the Testing Library rule mistakes it for a render result.
/* eslint-disable testing-library/prefer-screen-queries */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { BrowserContext, Page, Request, Route } from 'playwright-core';
import { chromium } from 'playwright-core';

import { ADMIN_PASSWORD, startTestWorkspace } from '../workspace/workspaceHarness';
import type { TestWorkspace } from '../workspace/workspaceHarness';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
const SCREENSHOTS = resolve(__dirname, '../../test-results/console');
/** The widths the console is laid out for, each with a viewport height of its kind of screen. */
const SCREENS = [
	{ name: 'phone', width: 390, height: 844 },
	{ name: 'tablet', width: 768, height: 1024 },
	{ name: 'laptop', width: 1280, height: 800 },
];
const DESKTOP = { width: 1400, height: 900 };

let workspace: TestWorkspace;
let userDataDir: string;
let context: BrowserContext;
let page: Page;
/** Script errors in the page: any is a console bug, whatever the test was checking. */
const pageErrors: string[] = [];

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	// As `npm start` prepares it: the admin, Room Events installed, the audit room, audit on.
	workspace = await startTestWorkspace();
	userDataDir = mkdtempSync(join(tmpdir(), 'room-events-chromium-'));
	context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		viewport: DESKTOP,
	});
	page = context.pages()[0] ?? (await context.newPage());
	page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
	await context?.close();
	await workspace?.close();
	if (userDataDir) {
		rmSync(userDataDir, { recursive: true, force: true });
	}
});

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
const auditMessage = (text: string) => page.locator('#audit-messages .message', { hasText: text });

async function saveSettings(): Promise<void> {
	await page.click('#settings-save');
	await page.locator('.notice.success', { hasText: 'settings' }).first().waitFor();
	await page.locator('#settings-changes', { hasText: 'No unsaved changes' }).waitFor();
	// Nothing is left to save until a field changes again.
	await expect(page.locator('#settings-save').isDisabled()).resolves.toBe(true);
}

// The test is type-checked without the DOM's types (it runs in Node): what runs in the page is written as an expression.
const inPage = <T>(expression: string) => page.evaluate<T>(expression);

/** Closes the notices shown so far, so that a step's own notice is the one a test reads. */
const clearNotices = () => inPage("document.getElementById('notices').replaceChildren()");

const scrollTo = (where: 'top' | 'bottom') => inPage(`window.scrollTo(0, ${where === 'top' ? 0 : 'document.scrollingElement.scrollHeight'})`);

/** How wide the page is laid out against how wide the window is: wider means a sideways scroll. */
const pageWidths = () =>
	inPage<{ scrollWidth: number; innerWidth: number }>('({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })');

/** Opens a tab whether or not something lies over it (whether it can be reached is checked on its own). */
const selectTab = (tab: string) => inPage(`document.querySelector(${JSON.stringify(tab)}).click()`);

/** Where an element begins, from the top of the page (not of the window). */
const pageTop = (selector: string) =>
	inPage<number>(`[...document.querySelectorAll(${JSON.stringify(selector)})].pop().getBoundingClientRect().top + window.scrollY`);

/** Whether an element is inside the window with nothing drawn over its middle. */
const uncovered = (selector: string) =>
	inPage<{ onScreen: boolean; hit: boolean }>(`(() => {
		const element = document.querySelector(${JSON.stringify(selector)});
		const rect = element.getBoundingClientRect();
		const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
		return { onScreen: rect.top >= 0 && rect.bottom <= window.innerHeight, hit: element === hit || element.contains(hit) };
	})()`);

describe('the web console', () => {
	it('lets an admin try a policy as another user and shows the audit trail and the refusal live', async () => {
		// Made over REST, so the console knows no password for bob.
		await workspace.userClient('bob');
		await page.goto(workspace.workspace.url);
		// The header names the runtime the app runs in (the Deno runtime, as current servers).
		await page.locator('#runtime', { hasText: 'Deno runtime · Apps-Engine 1.62.0' }).waitFor();
		await shot('1-sign-in');
		await page.fill('#login-username', 'admin');
		await page.fill('#login-password', ADMIN_PASSWORD);
		await page.click('#login-submit');
		await page.locator('#owner-name', { hasText: '@admin' }).waitFor();
		await page.locator('.room[data-room-name="room-events-audit"]').waitFor();

		await page.click('#tab-users');
		await page.fill('#user-username', 'alice');
		await page.fill('#user-password', 'alice-password-1');
		await page.click('#user-submit');
		await page.locator('tr[data-username="alice"] td', { hasText: /^signed in$/ }).waitFor();
		await shot('2-users');

		await page.click('#tab-rooms');
		await page.selectOption('#acting-as', { label: '@alice' });
		await page.locator('#create-submit', { hasText: 'Create as @alice' }).waitFor();
		await page.fill('#create-name', 'ops');
		await page.click('#create-submit');
		await page.locator('.room[data-room-name="ops"] .member', { hasText: '@alice' }).waitFor();
		// Post events keep their records; the delivery job posts them (auditMessages runs it once the app is idle).
		await workspace.auditMessages();
		await auditMessage('Room created').filter({ hasText: '#ops' }).waitFor();
		await shot('3-room-created');

		// The admin takes a token for bob (users.createToken) to act as him.
		await page.selectOption('#acting-as', { label: '@bob (not signed in)' });
		await page.locator('#create-submit', { hasText: 'Create as @bob' }).waitFor();
		await page.locator('.room[data-room-name="ops"]').getByRole('button', { name: 'Join' }).click();
		await page.locator('.room[data-room-name="ops"] .member', { hasText: '@bob' }).waitFor();
		await workspace.auditMessages();
		await auditMessage('User joined').filter({ hasText: '@bob' }).waitFor();
		await page.selectOption('#acting-as', { label: '@alice' });
		await page.locator('#create-submit', { hasText: 'Create as @alice' }).waitFor();

		await page.click('#tab-settings');
		await page.getByRole('button', { name: 'Room creation', exact: true }).click();
		await page.getByLabel('Blocked room names', { exact: true }).fill('secret-*');
		await page.locator('.setting.changed[data-setting-id="creation_blocked_names"]').waitFor();
		await shot('4-settings-changed');
		await saveSettings();

		await page.click('#tab-rooms');
		await page.fill('#create-name', 'secret-x');
		await page.click('#create-submit');
		const refusal = page.locator('.notice.error', { hasText: 'secret-x' });
		await refusal.waitFor();
		await expect(refusal.textContent()).resolves.toMatch(/not allowed|secret-\*/);
		await expect(refusal.locator('code').textContent()).resolves.toBe('error-app-prevented');
		// The app queues decisions made in pre-events; its recurring job posts them.
		await workspace.runJobs();
		await auditMessage('Room creation denied').filter({ hasText: '#secret-x' }).waitFor();
		await expect(page.locator('.room[data-room-name="secret-x"]').count()).resolves.toBe(0);
		await shot('5-refused');
		expect(pageErrors).toEqual([]);
	});

	it("runs /room-events from a room's command box and shows each acting user their own answer", async () => {
		const ops = page.locator('.room[data-room-name="ops"]');
		const box = ops.locator('.command-box');
		await page.selectOption('#acting-as', { label: '@admin' });
		await page.locator('#create-submit', { hasText: 'Create as @admin' }).waitFor();
		await box.getByLabel('Slash command in ops').fill('/room-events status');
		await box.getByRole('button', { name: 'Run' }).click();
		const status = box.locator('.command-answer', { hasText: 'Room Events 0.1.0' });
		await status.waitFor();
		await expect(status.locator('.message-title').textContent()).resolves.toBe('Room Events 0.1.0');
		await expect(status.textContent()).resolves.toMatch(/Runtime.*app subprocess \(Rocket\.Chat 6\.10 and later\)/);
		await expect(status.locator('.author').textContent()).resolves.toBe('@room-events.bot');
		await expect(box.getByLabel('Slash command in ops').inputValue()).resolves.toBe('');
		await shot('6-command-status');

		// Ephemeral: alice's box in the same room shows only what she was told.
		await page.selectOption('#acting-as', { label: '@alice' });
		await page.locator('#create-submit', { hasText: 'Create as @alice' }).waitFor();
		await expect(box.locator('.command-answer').count()).resolves.toBe(0);
		await box.getByLabel('Slash command in ops').fill('/room-events status');
		await box.getByLabel('Slash command in ops').press('Enter');
		await box.locator('.command-answer', { hasText: 'Only users with the admin role can use /room-events.' }).waitFor();
		await expect(box.locator('.command-answer').count()).resolves.toBe(1);

		await page.selectOption('#acting-as', { label: '@admin' });
		await page.locator('#create-submit', { hasText: 'Create as @admin' }).waitFor();
		await expect(box.locator('.command-answer').allTextContents()).resolves.toEqual([expect.stringContaining('Room Events 0.1.0')]);
		// What Rocket.Chat refuses before the app is asked is a refusal notice.
		await box.getByLabel('Slash command in ops').fill('/no-such-command');
		await box.getByRole('button', { name: 'Run' }).click();
		await page.locator('.notice.error', { hasText: 'The command provided does not exist (or is disabled).' }).waitFor();
		expect(pageErrors).toEqual([]);
	});

	it('shows a value the app refuses as refused, with the app’s reason, keeps it to be corrected, and enables Save only for unsaved changes', async () => {
		await page.click('#tab-settings');
		await page.locator('#settings-changes', { hasText: 'No unsaved changes' }).waitFor();
		await expect(page.locator('#settings-save').isDisabled()).resolves.toBe(true);
		const autoMembers = page.locator('#setting-naming_auto_members');
		const row = page.locator('.setting[data-setting-id="naming_auto_members"]');

		await autoMembers.fill('proj-*: ghost');
		await page.locator('#settings-changes', { hasText: '1 unsaved change' }).waitFor();
		await expect(page.locator('#settings-save').isEnabled()).resolves.toBe(true);
		await clearNotices();
		await page.click('#settings-save');

		// Rocket.Chat's settings endpoint answers success for it; the console reads back what the app kept.
		const refusal = page.locator('.notice.error', { hasText: 'Refused: Save Room Events settings' });
		await refusal.waitFor();
		await expect(refusal.textContent()).resolves.toContain('Auto-members: Room Events refused the value "proj-*: ghost" for "naming_auto_members"');
		await expect(refusal.textContent()).resolves.toContain('no user is named "ghost"');
		await expect(page.locator('.notice.success').count()).resolves.toBe(0);
		await expect(autoMembers.inputValue()).resolves.toBe('proj-*: ghost');
		await expect(row.locator('.field-refusal').textContent()).resolves.toMatch(/^Not saved: the app refused this value\. .*no user is named "ghost"/);
		await expect(row.getAttribute('class')).resolves.toMatch(/\brefused\b/);
		// The refused value is not saved: the form still has it to save, once corrected.
		await page.locator('#settings-changes', { hasText: '1 unsaved change' }).waitFor();
		await expect(page.locator('#settings-save').isEnabled()).resolves.toBe(true);
		await shot('7-setting-refused');

		await autoMembers.fill('proj-*: alice');
		await clearNotices();
		await saveSettings();
		await expect(page.locator('.notice.success', { hasText: 'Save Room Events settings' }).textContent()).resolves.toContain('Auto-members');
		await expect(row.locator('.field-refusal').count()).resolves.toBe(0);
		await expect(autoMembers.inputValue()).resolves.toBe('proj-*: alice');
		expect(pageErrors).toEqual([]);
	});

	it('shows the app logs, newest call first, as GET /api/apps/:id/logs serves them', async () => {
		await page.click('#tab-logs');
		const refusalRecord = page.locator('.log-record.error', { hasText: 'no user is named "ghost"' });
		await refusalRecord.waitFor();
		await expect(refusalRecord.locator('.log-method').textContent()).resolves.toBe('app:onPreSettingUpdate');
		await expect(refusalRecord.locator('.log-line.error .severity').textContent()).resolves.toBe('error');
		// One entry a call, newest first, as many as the summary says (the app may log more calls meanwhile: the server's total only grows).
		const [, shown, total] = /^(\d+) of (\d+) calls$/.exec((await page.locator('#logs-summary').textContent()) ?? '') ?? [];
		await expect(page.locator('.log-record').count()).resolves.toBe(Number(shown));
		expect(Number(shown)).toBe(Math.min(50, Number(total)));
		expect((await workspace.admin.get(`/api/apps/${workspace.appId}/logs`)).body.total).toBeGreaterThanOrEqual(Number(total));
		const times = await page.locator('.log-record time').evaluateAll((elements) => elements.map((element) => element.getAttribute('datetime') ?? ''));
		expect(times).toEqual([...times].sort().reverse());
		await shot('8-app-logs');

		await page.check('#logs-errors-only');
		await page.locator('#logs-summary', { hasText: /^\d+ of \d+ calls$/ }).waitFor();
		const shownRecords = await page.locator('.log-record').count();
		expect(shownRecords).toBeGreaterThan(0);
		await expect(page.locator('.log-record.error').count()).resolves.toBe(shownRecords);
		await page.uncheck('#logs-errors-only');
		expect(pageErrors).toEqual([]);
	});

	it.each(SCREENS)(
		'lays the console out at $width px ($name): no sideways scroll, the header in reach, tabs above the content, the audit room before the room list',
		async (screen) => {
			if ((await page.locator('.room').count()) < 30) {
				for (let index = 1; index <= 30; index += 1) {
					await workspace.admin.post('/api/v1/channels.create', { name: `room-${String(index).padStart(2, '0')}` });
				}
			}
			await page.setViewportSize({ width: screen.width, height: screen.height });
			await selectTab('#tab-rooms');
			await page.click('#rooms-refresh');
			await page.locator('.room[data-room-name="room-30"]').waitFor();
			// Every fact is gathered before one comparison, so that a failure shows all that is wrong at this width.
			const facts: Record<string, unknown> = {};
			const fitsTheWidth = async (tab: string) => {
				await selectTab(tab);
				await scrollTo('top');
				const { scrollWidth, innerWidth } = await pageWidths();
				facts[`${tab} scrolls sideways`] = scrollWidth > innerWidth;
				await page.screenshot({ path: join(SCREENSHOTS, `layout-${screen.width}-${tab.slice('#tab-'.length)}.png`), fullPage: true });
			};

			await fitsTheWidth('#tab-rooms');
			await shot(`layout-${screen.width}-rooms-top`);
			// Sign out and whom the console acts as are on screen at the top of the page.
			for (const control of ['#sign-out', '#acting-as']) {
				const box = await page.locator(control).boundingBox();
				facts[`${control} on screen`] = box !== null && box.x >= 0 && box.x + box.width <= screen.width && box.y + box.height <= screen.height;
			}
			// The audit room starts above the last of thirty rooms: it is reached without scrolling past them all.
			facts['audit room above the last room'] = (await pageTop('aside.audit')) < (await pageTop('.room'));
			for (const tab of ['#tab-users', '#tab-logs', '#tab-settings']) await fitsTheWidth(tab);

			// With a change to save, the save bar's label and buttons stay inside it, and the bar inside the window.
			await page.locator('#setting-naming_auto_members').fill('proj-*: alice, admin');
			await page.locator('#settings-changes', { hasText: '1 unsaved change' }).waitFor();
			await page.locator('#settings-bar').scrollIntoViewIfNeeded();
			facts['save bar fits'] = await inPage<boolean>(`(() => {
				const bar = document.getElementById('settings-bar').getBoundingClientRect();
				const parts = [...document.getElementById('settings-bar').children].map((part) => part.getBoundingClientRect());
				return bar.left >= 0 && bar.right <= window.innerWidth && parts.every((part) => part.left >= bar.left && part.right <= bar.right);
			})()`);
			await shot(`layout-${screen.width}-settings-changed`);
			await page.click('#settings-discard');

			// Scrolled to the end of a long panel, the tabs are still on screen, and nothing lies over them.
			for (const panel of ['#tab-settings', '#tab-rooms']) {
				await selectTab(panel);
				await scrollTo('bottom');
				for (const tab of ['#tab-rooms', '#tab-users', '#tab-settings', '#tab-logs']) {
					const { onScreen, hit } = await uncovered(tab);
					facts[`${tab} in reach at the end of ${panel}`] = onScreen && hit;
				}
				await shot(`layout-${screen.width}-${panel.slice('#tab-'.length)}-end`);
			}

			expect(facts).toEqual({
				'#tab-rooms scrolls sideways': false,
				'#tab-users scrolls sideways': false,
				'#tab-logs scrolls sideways': false,
				'#tab-settings scrolls sideways': false,
				'#sign-out on screen': true,
				'#acting-as on screen': true,
				'audit room above the last room': true,
				'save bar fits': true,
				...Object.fromEntries(
					['#tab-settings', '#tab-rooms'].flatMap((panel) =>
						['#tab-rooms', '#tab-users', '#tab-settings', '#tab-logs'].map((tab) => [`${tab} in reach at the end of ${panel}`, true]),
					),
				),
			});
			expect(pageErrors).toEqual([]);
		},
	);

	it('renders every setting type from the definitions, posts them back as the admin UI does, and signs out', async () => {
		await page.setViewportSize(DESKTOP);
		const posted: unknown[] = [];
		// A server that keeps what it is sent, but for a greeting the app stores in capitals (onPreSettingUpdate may return a value of its own).
		let stored: Record<string, unknown> = SAMPLE_SETTINGS;
		await page.route('**/api/apps/*/settings', (route: Route, request: Request) => {
			if (request.method() === 'POST') {
				const body = request.postDataJSON() as { settings: Array<{ id: string; value: unknown }> };
				posted.push(body);
				stored = Object.fromEntries(
					body.settings.map((setting) => [
						setting.id,
						setting.id === 'greeting' ? { ...setting, value: String(setting.value).toUpperCase() } : setting,
					]),
				);
				return route.fulfill({ json: { updated: body.settings, success: true } });
			}
			return route.fulfill({ json: { settings: stored, success: true } });
		});
		await page.route('**/api/apps/*/languages', (route: Route) => route.fulfill({ json: { languages: { en: SAMPLE_TEXTS }, success: true } }));
		await page.reload();
		await page.click('#tab-settings');

		await page.locator('.settings-section legend', { hasText: 'Basics' }).waitFor();
		await expect(page.locator('.settings-section legend').allTextContents()).resolves.toEqual(['Basics', 'Advanced']);
		await page.getByRole('switch', { name: 'Feature' }).check();
		await page.getByLabel('Greeting').fill('hello');
		await page.getByLabel('Notes').fill('first\nsecond');
		await page.getByLabel('Limit').fill('');
		await page.locator('.setting.invalid[data-setting-id="limit"]', { hasText: 'Enter a whole number.' }).waitFor();
		await expect(page.locator('#settings-save').isDisabled()).resolves.toBe(true);
		await page.getByLabel('Limit').fill('7');
		await page.getByLabel('Mode').selectOption({ label: 'Fast' });
		await page.getByRole('group', { name: 'Room kinds' }).getByLabel('Private groups').check();
		await page.getByLabel('Script').fill('proj-*: alice');
		await page.getByRole('group', { name: 'Rooms' }).getByLabel('#ops').check();
		await page.locator('#settings-changes', { hasText: '8 unsaved changes' }).waitFor();
		await shot('9-setting-types');
		await clearNotices();
		await saveSettings();
		await expect(page.locator('.notice.success').textContent()).resolves.toContain('Greeting: saved as the app changed it');
		await expect(page.getByLabel('Greeting').inputValue()).resolves.toBe('HELLO');

		expect(posted).toHaveLength(1);
		const sent = (posted[0] as { settings: Array<Record<string, unknown>> }).settings;
		expect(Object.fromEntries(sent.map((setting) => [setting.id, setting.value]))).toEqual({
			feature: true,
			greeting: 'hello',
			notes: 'first\nsecond',
			limit: 7,
			mode: 'fast',
			kinds: ['c', 'p'],
			script: 'proj-*: alice',
			rooms: [{ _id: expect.any(String), name: 'ops' }],
		});
		// Whole setting objects, as Rocket.Chat stores what it is sent.
		expect(sent.find((setting) => setting.id === 'mode')).toMatchObject({ type: 'select', packageValue: 'slow', i18nLabel: 'mode' });

		await page.click('#sign-out');
		await page.locator('#login-form').waitFor();
		expect(pageErrors).toEqual([]);
	});
});

const definition = (id: string, type: string, packageValue: unknown, section: string, extra: Record<string, unknown> = {}) => ({
	id,
	type,
	packageValue,
	section,
	required: false,
	public: false,
	i18nLabel: id,
	i18nDescription: `${id}_description`,
	...extra,
});

const SAMPLE_SETTINGS = Object.fromEntries(
	[
		definition('feature', 'boolean', false, 'basics'),
		definition('greeting', 'string', 'hi', 'basics'),
		definition('notes', 'string', '', 'basics', { multiline: true }),
		definition('limit', 'int', 3, 'basics'),
		definition('mode', 'select', 'slow', 'advanced', {
			values: [
				{ key: 'slow', i18nLabel: 'mode_slow' },
				{ key: 'fast', i18nLabel: 'mode_fast' },
			],
		}),
		definition('kinds', 'multiSelect', ['c'], 'advanced', {
			values: [
				{ key: 'c', i18nLabel: 'kind_c' },
				{ key: 'p', i18nLabel: 'kind_p' },
			],
		}),
		definition('script', 'code', '', 'advanced'),
		definition('rooms', 'roomPick', [], 'advanced'),
	].map((setting) => [setting.id, setting]),
);

const SAMPLE_TEXTS = {
	basics: 'Basics',
	advanced: 'Advanced',
	feature: 'Feature',
	greeting: 'Greeting',
	notes: 'Notes',
	limit: 'Limit',
	mode: 'Mode',
	mode_slow: 'Slow',
	mode_fast: 'Fast',
	kinds: 'Room kinds',
	kind_c: 'Channels',
	kind_p: 'Private groups',
	script: 'Script',
	rooms: 'Rooms',
};
