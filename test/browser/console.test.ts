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
		viewport: { width: 1400, height: 900 },
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
}

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

	it('renders every setting type from the definitions, posts them back as the admin UI does, and signs out', async () => {
		const posted: unknown[] = [];
		await page.route('**/api/apps/*/settings', (route: Route, request: Request) => {
			if (request.method() === 'POST') {
				posted.push(request.postDataJSON());
				return route.fulfill({ json: { updated: [], success: true } });
			}
			return route.fulfill({ json: { settings: SAMPLE_SETTINGS, success: true } });
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
		await shot('7-setting-types');
		await page.click('#settings-save');
		await page.locator('.notice.success', { hasText: 'settings' }).first().waitFor();

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
