import { parseCommandParameters } from '../../workspace/engine/commandParameters';

/** The arguments an app gets for the text typed after a slash command, as Rocket.Chat's parseParameters gives them. */
describe('the words after a slash command', () => {
	it.each([
		['', []],
		['   \t ', []],
		['status', ['status']],
		['explain  join\t@bob\n#legal', ['explain', 'join', '@bob', '#legal']],
		['lock #ops "incident 42: the database"', ['lock', '#ops', 'incident 42: the database']],
		["lock #ops 'single quotes too'", ['lock', '#ops', 'single quotes too']],
		['say "two words"and"more words"', ['say', 'two wordsandmore words']],
		['"touching""quotes"', ['touching', 'quotes']],
		['"" empty', ['', 'empty']],
		['"never closed', ['"never', 'closed']],
		['"a \\" inside" b', ['a " inside', 'b']],
		['no \\" quotes', ['no', '\\"', 'quotes']],
		['"line\nbreak" kept', ['line\nbreak', 'kept']],
	])('%j → %j', (typed, words) => {
		expect(parseCommandParameters(typed)).toEqual(words);
	});
});
