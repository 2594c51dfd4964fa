/**
 * The locale files as one object, for the texts the app writes at run time. rc-apps cannot
 * compile a JSON import, so packaging stages this module with the files' contents written in
 * (scripts/stage-app.mjs): the JSON files stay the one source, read by Rocket.Chat for labels.
 */
import en from './en.json';

export const LOCALES: Readonly<Record<string, Readonly<Record<string, string>>>> = { en };
