import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { casesWorkspace, commandRunner } from '../../../fakes/commandRunner';
import { configFor } from '../../../fakes/configFor';

// A second locale, so that the language an answer is written in can be told apart from English.
jest.mock('../../../../i18n/locales', () => {
	const { en } = jest.requireActual<typeof import('../../../../i18n/locales')>('../../../../i18n/locales').LOCALES as Record<string, Record<string, string>>;
	return { LOCALES: { en, pt: { ...en, command_refused: 'Apenas usuários com o papel {{role}} podem usar /room-events.' } } };
});

const REFUSED_EN = 'Only users with the admin role can use /room-events.';
const REFUSED_PT = 'Apenas usuários com o papel admin podem usar /room-events.';

function setUp(serverLanguage?: string) {
	const ws = casesWorkspace();
	if (serverLanguage !== undefined) {
		ws.serverSettings.set('Language', serverLanguage);
	}
	const alice = [...ws.users.values()].find((candidate) => candidate.username === 'alice') as IUser;
	const speaking = (language?: string) => ({ ...alice, settings: { preferences: language ? { language } : {} } }) as IUser;
	return { ws, command: commandRunner(ws, () => configFor({})), speaking };
}

describe('/room-events answers in the reader language', () => {
	it("in the language the user chose, whatever the workspace's", async () => {
		const { command, speaking } = setUp('en');
		await expect(command.run(speaking('pt-BR'), ['status'])).resolves.toBe(REFUSED_PT);
	});

	it("in the workspace's default language (the server setting Language) when the user chose none", async () => {
		const { ws, command, speaking } = setUp('pt');
		await expect(command.run(speaking(), ['status'])).resolves.toBe(REFUSED_PT);
		expect(ws.calls).toContain('getServerSettingValue');
	});

	it('in English when neither says, or when the setting cannot be read', async () => {
		const unset = setUp('');
		await expect(unset.command.run(unset.speaking(), ['status'])).resolves.toBe(REFUSED_EN);
		const unreadable = setUp();
		await expect(unreadable.command.run(unreadable.speaking(), ['status'])).resolves.toBe(REFUSED_EN);
		expect(unreadable.ws.calls).toContain('getServerSettingValue');
	});
});
