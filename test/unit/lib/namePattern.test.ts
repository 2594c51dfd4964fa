import type { NamePattern } from '../../../lib/namePattern';
import { MAX_PATTERN_LENGTH, parseNamePattern } from '../../../lib/namePattern';

function pattern(text: string): NamePattern {
	const parsed = parseNamePattern(text);
	if ('error' in parsed) {
		throw new Error(parsed.error);
	}
	return parsed;
}

describe('name patterns', () => {
	it.each([
		['secret-*', 'secret-plans', true],
		['secret-*', 'secret-', true],
		['secret-*', 'top-secret-plans', false],
		['*-archive', 'sales-archive', true],
		['*-archive', 'sales-archive-2', false],
		['proj-?', 'proj-a', true],
		['proj-?', 'proj-ab', false],
		['proj-?', 'proj-', false],
		['*', '', true],
		['*', 'anything', true],
		['a*b*c', 'abc', true],
		['a*b*c', 'aXbYc', true],
		['a*b*c', 'acb', false],
		['*ab*ab*', 'xabyab', true],
		['*ab*ab*', 'xaby', false],
		['general', 'General', true],
		['GENERAL', 'general', true],
		['general', 'general-2', false],
		['?*?', 'a', false],
		['?*?', 'ab', true],
		['a.b', 'a.b', true],
		['a.b', 'axb', false],
		['[x]', '[x]', true],
	])('%s matches %s: %s', (source, name, expected) => {
		expect(pattern(source).matches(name)).toBe(expected);
	});

	it('keeps the source as written for messages', () => {
		expect(pattern('  Secret-*  ').source).toBe('Secret-*');
	});

	it.each([
		['', 'empty'],
		['   ', 'empty'],
		['has space', 'white space'],
		['x'.repeat(MAX_PATTERN_LENGTH + 1), 'longer than'],
	])('refuses %j', (source, reason) => {
		const parsed = parseNamePattern(source);
		expect('error' in parsed && parsed.error).toContain(reason);
	});

	// A backtracking matcher never returns from these (npm run bench measures the time).
	it('decides patterns that make backtracking matchers explode', () => {
		const evil = pattern(`${'*a'.repeat(40)}*b`);
		expect(evil.matches('a'.repeat(5000))).toBe(false);
		expect(evil.matches(`${'a'.repeat(5000)}b`)).toBe(true);
	});
});
