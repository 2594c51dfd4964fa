// The context a slash command runs in, built as Rocket.Chat's command bridge builds it
// (apps/meteor/app/apps/server/bridges/commands.ts, _appCommandExecutor): the sender and the room
// converted by id, the text after the command split into arguments, the thread and the trigger id,
// each frozen, in the engine's own SlashCommandContext.
import type { SlashCommandContext } from 'apps-engine-deno/definition/slashcommands';

import { parseCommandParameters } from './commandParameters';
import { toAppRoomById, toAppUserById } from './converters';
import type { EngineRuntime } from './engineRuntime';
import type { WorkspaceStore } from '../store/workspaceStore';

/** What commands.run hands the command bridge: who typed what, where. */
export interface CommandRun {
	/** The command without its slash, lower-cased as commands.run lower-cases it. */
	command: string;
	/** The text after the command, as typed. */
	params: string;
	userId: string;
	roomId: string;
	/** The thread the command was typed in (commands.run's `tmid`). */
	threadId?: string;
	/** An id the client made up, for the modals a command may open (UI Kit). */
	triggerId?: string;
}

export function commandContext(runtime: EngineRuntime, store: WorkspaceStore, run: CommandRun): SlashCommandContext {
	const sender = toAppUserById(store, run.userId);
	const room = toAppRoomById(store, run.roomId);
	if (!sender) throw new Error(`No user with id "${run.userId}".`);
	if (!room) throw new Error(`No room with id "${run.roomId}".`);
	return new runtime.SlashCommandContext(
		Object.freeze(sender),
		Object.freeze(room),
		Object.freeze(parseCommandParameters(run.params)) as string[],
		run.threadId,
		run.triggerId,
	);
}
