// Slash commands apps register, kept as Rocket.Chat's command bridge keeps them
// (apps/meteor/app/apps/server/bridges/commands.ts: registerCommand puts one entry per command in
// `slashCommands.commands`, which commands.list and commands.get read and commands.run executes).
import type { ISlashCommand } from 'apps-engine-deno/definition/slashcommands';
import type { CommandBridge } from 'apps-engine-deno/server/bridges';

import { unsupportedError } from './bridgeContext';

/** A command as Rocket.Chat's bridge registers it: its texts as the app's i18n keys, the executor left to the engine. */
export interface RegisteredCommand {
	/** Lower-cased, as typed after the slash. */
	command: string;
	appId: string;
	/** `apps-<appId>-<i18nParamsExample>` (Rocket.Chat's Utilities.getI18nKeyForApp), when the app gave one. */
	params?: string;
	/** `apps-<appId>-<i18nDescription>`, when the app gave one. */
	description?: string;
	/** Kept for the client, which hides the command from users without it; the server does not check it. */
	permission?: string;
	providesPreview: boolean;
	/** Commands apps provide run on the server; Rocket.Chat's client-side ones (such as /me) do not exist here. */
	clientOnly: false;
}

/** The command bridge, with what the workspace reads of it. */
export interface LocalCommandBridge extends CommandBridge {
	/** Every registered command, by name. */
	listCommands(): RegisteredCommand[];
	/** The registered command of this name (any case), if any. */
	getCommand(command: string): RegisteredCommand | undefined;
}

function i18nKeyForApp(key: string | undefined, appId: string): string | undefined {
	return key ? `apps-${appId}-${key}` : undefined;
}

/**
 * Rocket.Chat's _verifyCommand, but for the executor: in the subprocess runtimes the command
 * arrives from the app's process as data, its executor staying there (the engine calls it by
 * name), so only the fields that cross are checked.
 */
function verifyCommand(command: ISlashCommand): void {
	const invalid =
		typeof command !== 'object' ||
		typeof command.command !== 'string' ||
		(command.i18nParamsExample && typeof command.i18nParamsExample !== 'string') ||
		(command.i18nDescription && typeof command.i18nDescription !== 'string') ||
		typeof command.providesPreview !== 'boolean';
	if (invalid) throw new Error('Invalid Slash Command parameter provided, it must be a valid ISlashCommand object.');
}

export function createCommandBridge(base: typeof CommandBridge): LocalCommandBridge {
	class LocalCommandBridgeImpl extends base implements LocalCommandBridge {
		private readonly commands = new Map<string, RegisteredCommand>();

		listCommands(): RegisteredCommand[] {
			return [...this.commands.values()].map((command) => ({ ...command }));
		}

		getCommand(command: string): RegisteredCommand | undefined {
			const found = this.commands.get(command.toLowerCase());
			return found && { ...found };
		}

		protected async doesCommandExist(command: string, appId: string): Promise<boolean> {
			return typeof command === 'string' && command !== '' && this.commands.has(command.toLowerCase());
		}

		protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
			verifyCommand(command);
			const name = command.command.toLowerCase();
			this.commands.set(name, {
				command: name,
				appId,
				params: i18nKeyForApp(command.i18nParamsExample, appId),
				description: i18nKeyForApp(command.i18nDescription, appId),
				...(command.permission !== undefined && { permission: command.permission }),
				providesPreview: command.providesPreview,
				clientOnly: false,
			});
		}

		protected async unregisterCommand(command: string, appId: string): Promise<void> {
			if (typeof command !== 'string' || command.trim() === '') throw new Error('Invalid command parameter provided, must be a string.');
			this.commands.delete(command.toLowerCase());
		}

		/** The workspace has no system commands (Rocket.Chat's own /join, /kick...) for an app to enable, disable or change. */
		protected async enableCommand(): Promise<void> {
			throw unsupportedError('Changing system slash commands', 'enableCommand');
		}

		protected async disableCommand(): Promise<void> {
			throw unsupportedError('Changing system slash commands', 'disableCommand');
		}

		protected async modifyCommand(): Promise<void> {
			throw unsupportedError('Changing system slash commands', 'modifyCommand');
		}
	}
	return new LocalCommandBridgeImpl();
}
