import { localeAmong, localeOf, text, translate } from '../../../lib/translate';

describe('texts in the reader language', () => {
	it('fills placeholders, and leaves one without a value as written', () => {
		expect(translate('en', { key: 'command_problem_no_room', params: { room: 'ops' } })).toBe('There is no room named "ops".');
		expect(translate('en', { key: 'command_problem_no_room' })).toBe('There is no room named "{{room}}".');
	});

	it('throws for a key no locale has, so a typo cannot pass for a text', () => {
		expect(() => translate('en', { key: 'command_no_such_text' })).toThrow('no text is named "command_no_such_text"');
	});

	it('writes a text, the texts inside it and the "or" of its lists in one language', () => {
		expect(translate('de', text('command_problem_no_room', { room: 'ops' }))).toBe('Es gibt keinen Raum namens "ops".');
		expect(translate('fr', text('reason_creation_switched_off', { kind: text('room_kind_channel') }))).toBe(
			'La création de salons de type "canal public" est désactivée dans cet espace de travail.',
		);
		expect(translate('pt-BR', text('reason_join_role', { roles: { anyOf: ['"legal"', '"admin"'] }, room: 'contracts' }))).toBe(
			'Somente usuários com a função "legal" ou "admin" podem entrar em "contracts".',
		);
		expect(translate('es', text('reason_decision_failed', { checked: text('reason_checked_join') }))).toBe(
			'Room Events no pudo comprobar las reglas de acceso; inténtalo de nuevo o consulta a un administrador.',
		);
	});
});

describe('the locale for a Rocket.Chat language code', () => {
	it('is the locale of that code, whatever its case or separator', () => {
		expect(localeOf('pt-BR')).toBe('pt-BR');
		expect(localeOf('pt-br')).toBe('pt-BR');
		expect(localeOf('pt_BR')).toBe('pt-BR');
		expect(localeOf('de')).toBe('de');
		expect(localeOf('es')).toBe('es');
		expect(localeOf('fr')).toBe('fr');
	});

	it('falls back from a regional code to its language, then to another region of it, then to English', () => {
		expect(localeOf('de-AT')).toBe('de');
		expect(localeOf('es-MX')).toBe('es');
		expect(localeOf('fr-CA')).toBe('fr');
		expect(localeOf('en-GB')).toBe('en');
		// Rocket.Chat's "pt" is European Portuguese: Brazilian Portuguese is nearer its readers than English.
		expect(localeOf('pt')).toBe('pt-BR');
		expect(localeOf('pt-PT')).toBe('pt-BR');
		expect(localeOf('zh-TW')).toBe('en');
		expect(localeOf('xx')).toBe('en');
		expect(localeOf('')).toBe('en');
		expect(localeOf(undefined)).toBe('en');
	});

	it("prefers a language's own locale to its regions, in whatever order the locales come", () => {
		for (const locales of [
			['en', 'pt', 'pt-BR'],
			['pt-BR', 'pt', 'en'],
		]) {
			expect(localeAmong(locales, 'pt-PT')).toBe('pt');
			expect(localeAmong(locales, 'pt-BR')).toBe('pt-BR');
		}
		expect(localeAmong(['pt-PT', 'pt-BR'], 'pt')).toBe(localeAmong(['pt-BR', 'pt-PT'], 'pt'));
	});
});
