import { WORKSPACE_LANGUAGE_TTL_MS, WorkspaceLanguage } from '../../../handlers/workspaceLanguage';
import { FakeWorkspace } from '../../fakes/fakeAccessors';

describe("the workspace's language", () => {
	const setUp = () => {
		const ws = new FakeWorkspace();
		const clock = { now: 1_000_000 };
		const language = new WorkspaceLanguage(() => clock.now);
		const reads = () => ws.calls.filter((call) => call === 'getServerSettingValue').length;
		return { ws, clock, language, reads };
	};

	it('is read once, then taken as read for five minutes, then read again', async () => {
		const { ws, clock, language, reads } = setUp();
		ws.serverSettings.set('Language', 'de');
		await expect(language.of(ws.read())).resolves.toBe('de');
		ws.serverSettings.set('Language', 'fr');
		clock.now += WORKSPACE_LANGUAGE_TTL_MS - 1;
		await expect(language.of(ws.read())).resolves.toBe('de');
		expect(reads()).toBe(1);
		clock.now += 1;
		await expect(language.of(ws.read())).resolves.toBe('fr');
		expect(reads()).toBe(2);
	});

	it('is none (English) when the setting is empty or cannot be read, and that too is not read again at once', async () => {
		const { ws, clock, language, reads } = setUp();
		await expect(language.of(ws.read())).resolves.toBeUndefined();
		await expect(language.of(ws.read())).resolves.toBeUndefined();
		expect(reads()).toBe(1);
		ws.serverSettings.set('Language', '');
		clock.now += WORKSPACE_LANGUAGE_TTL_MS;
		await expect(language.of(ws.read())).resolves.toBeUndefined();
		expect(reads()).toBe(2);
	});
});
