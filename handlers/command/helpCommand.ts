import type { Say } from './commandAnswer';

/** Every subcommand with an example, in the order an admin meets them. */
const SUBCOMMANDS = ['status', 'explain_join', 'explain_leave', 'explain_create', 'explain_delete', 'preview', 'lock', 'unlock', 'log', 'help'] as const;

export function helpCommand(say: Say): string[] {
	return [`*${say('command_help_title')}*`, ...SUBCOMMANDS.map((name) => `• ${say(`command_help_${name}`)}`)];
}
