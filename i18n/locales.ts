/**
 * The locale files as one object, for the texts the app writes at run time. rc-apps cannot
 * compile a JSON import, so packaging stages this module with the files' contents written in
 * (scripts/stage-app.mjs): the JSON files stay the one source, read by Rocket.Chat for labels.
 * Each is keyed by its file name, which is the Rocket.Chat language code ("pt-BR").
 */
import de from './de.json';
import en from './en.json';
import es from './es.json';
import fr from './fr.json';
import ptBR from './pt-BR.json';

export const LOCALES: Readonly<Record<string, Readonly<Record<string, string>>>> = { de, en, es, fr, 'pt-BR': ptBR };
