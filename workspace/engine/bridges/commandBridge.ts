// Slash commands apps register.
import type { ISlashCommand } from 'apps-engine-deno/definition/slashcommands';
import type { CommandBridge } from 'apps-engine-deno/server/bridges';

import { unsupportedError } from './bridgeContext';

export function createCommandBridge(base: typeof CommandBridge): CommandBridge {
	class LocalCommandBridge extends base {
		private readonly commands = new Map<string, string>();

		protected async doesCommandExist(command: string, appId: string): Promise<boolean> {
			return this.commands.has(command.toLowerCase());
		}

		protected async registerCommand(command: ISlashCommand, appId: string): Promise<void> {
			this.commands.set(command.command.toLowerCase(), appId);
		}

		protected async unregisterCommand(command: string, appId: string): Promise<void> {
			this.commands.delete(command.toLowerCase());
		}

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
	return new LocalCommandBridge();
}
