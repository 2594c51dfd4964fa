/** Longest value shown whole in a message or a log line; longer ones are cut, their length stated. */
export const MAX_VALUE_LENGTH = 300;

/** A long value as its start, with its full length stated: a pasted 50,000-character list stays readable. */
export function shortened(text: string, max = MAX_VALUE_LENGTH): string {
	return text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters in all)`;
}
