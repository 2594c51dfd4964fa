// How Rocket.Chat splits the text after a slash command into the arguments an app receives
// (apps/meteor/lib/utils/parseParameters.ts, which the command bridge's _appCommandExecutor calls):
// words are separated by spaces, tabs and line breaks, empty words are dropped, a part between
// double or single quotes stays one piece (whitespace included, the quotes removed; a backslash
// keeps the next character inside it), two quoted parts that touch are two words, a quote that is
// never closed is an ordinary character, an empty quoted part is an empty word, and once the text
// has a quoted part, \" becomes ". Written from that description.

const SEPARATORS = new Set([' ', '\n', '\r', '\t']);
const QUOTES = new Set(['"', "'"]);

/** Where the quoted part opened at `start` closes, or -1 when it never does. */
function closingQuote(text: string, start: number): number {
	for (let index = start + 1; index < text.length; index += 1) {
		if (text[index] === '\\') index += 1;
		else if (text[index] === text[start]) return index;
	}
	return -1;
}

export function parseCommandParameters(text: string): string[] {
	const words: string[] = [];
	let word = '';
	// A quoted part makes a word even when empty ("" is one empty argument).
	let quoted = false;
	let anyQuoted = false;
	const endWord = () => {
		if (word !== '' || quoted) words.push(word);
		word = '';
		quoted = false;
	};
	for (let index = 0; index < text.length; index += 1) {
		const char = text[index];
		const close = QUOTES.has(char) ? closingQuote(text, index) : -1;
		if (close !== -1) {
			word += text.slice(index + 1, close);
			quoted = true;
			anyQuoted = true;
			index = close;
			// A quoted part that touches the next one ends the word there.
			if (QUOTES.has(text[close + 1] ?? '') && closingQuote(text, close + 1) !== -1) endWord();
		} else if (SEPARATORS.has(char)) {
			endWord();
		} else {
			word += char;
		}
	}
	endWord();
	return anyQuoted ? words.map((each) => each.replace(/\\"/g, '"')) : words;
}
