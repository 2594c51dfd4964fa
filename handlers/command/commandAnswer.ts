import type { TextParams } from '../../lib/translate';
import { text, translate } from '../../lib/translate';

/** Writes one text of the command's answer in the caller's language. */
export type Say = (key: string, params?: TextParams) => string;

export function sayIn(language: string | undefined): Say {
	return (key, params) => translate(language, text(key, params));
}
