import { localeOf, translate } from '../../../lib/translate';

describe('texts in the reader language', () => {
	it('fills placeholders, and leaves one without a value as written', () => {
		expect(translate('en', { key: 'command_problem_no_room', params: { room: 'ops' } })).toBe('There is no room named "ops".');
		expect(translate('en', { key: 'command_problem_no_room' })).toBe('There is no room named "{{room}}".');
	});

	it('throws for a key no locale has, so a typo cannot pass for a text', () => {
		expect(() => translate('en', { key: 'command_no_such_text' })).toThrow('no text is named "command_no_such_text"');
	});

	it('falls back to English for an unknown language, and to the language alone for a regional one', () => {
		expect(localeOf(undefined)).toBe('en');
		expect(localeOf('xx')).toBe('en');
		expect(localeOf('en-GB')).toBe('en');
	});
});
