import type { IAppAccessors, IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Say } from './commandAnswer';
import { sayIn } from './commandAnswer';
import type { CommandRequest } from './commandLine';
import { parseCommand } from './commandLine';
import { explainCommand } from './explainCommand';
import { helpCommand } from './helpCommand';
import { lockCommand } from './lockCommand';
import { logCommand } from './logCommand';
import { previewCommand } from './previewCommand';
import { statusCommand } from './statusCommand';
import { MAX_MESSAGE_LENGTH } from '../../audit/auditMessage';
import { errorText } from '../../lib/errorText';
import type { AppContext } from '../appContext';
import { GOVERNING_ROLE, governingUser } from '../governingRole';
import { readerLanguage } from '../refusal';

/** What the command needs of the app, which it holds so the subprocess runtime can lend it the call's logger. */
export interface CommandApp {
	getID(): string;
	getVersion(): string;
	getLogger(): ILogger;
	getAccessors(): IAppAccessors;
}

/**
 * `/room-events`: status, explain, preview, lock, unlock, log and help, answered to the caller
 * alone (an ephemeral notification in the room they typed it in), in their language, else the
 * workspace's (as the app's refusals are). The client hides the command from users without
 * `manage-apps`, but the server does not check a command's permission: the caller's roles are read
 * by id, and only an admin gets more than a refusal.
 */
export class RoomEventsCommand implements ISlashCommand {
	public readonly command = 'room-events';

	public readonly i18nParamsExample = 'command_params';

	public readonly i18nDescription = 'command_description';

	public readonly permission = 'manage-apps';

	public readonly providesPreview = false;

	constructor(
		private readonly app: CommandApp,
		private readonly context: (read: IRead, logger: ILogger) => Promise<AppContext>,
	) {}

	public async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persistence: IPersistence): Promise<void> {
		const sender = context.getSender();
		const logger = this.app.getLogger();
		const app = await this.context(read, logger);
		const say = sayIn(await readerLanguage(app.workspaceLanguage, read, sender));
		const args = argumentsOf(context);
		let lines: string[];
		try {
			lines = await this.answer(context, args, app, read, persistence, say);
		} catch (error) {
			logger.error(`Room Events could not answer /room-events ${args.join(' ')}: ${errorText(error)}`);
			lines = [say('command_failed', { error: errorText(error) })];
		}
		await reply(context, read, modify, lines.join('\n'));
	}

	private async answer(
		context: SlashCommandContext,
		args: readonly string[],
		app: AppContext,
		read: IRead,
		persistence: IPersistence,
		say: Say,
	): Promise<string[]> {
		const caller = await governingUser(read, context.getSender().id);
		if (!caller) {
			return [say('command_refused', { role: GOVERNING_ROLE })];
		}
		const parsed = parseCommand(args);
		if (!parsed.ok) {
			return [say(parsed.problem.key, parsed.problem.params), say('command_see_help')];
		}
		return this.run(parsed.request, app, caller, read, persistence, say);
	}

	private async run(request: CommandRequest, app: AppContext, caller: IUser, read: IRead, persistence: IPersistence, say: Say): Promise<string[]> {
		switch (request.name) {
			case 'help':
				return helpCommand(say);
			case 'status':
				return statusCommand(app.config, this.app.getVersion(), read, say);
			case 'explain-join':
			case 'explain-leave':
			case 'explain-create':
			case 'explain-delete':
				return explainCommand(request, app.config, read, caller, say);
			case 'preview-join':
				return previewCommand(request.ruleLine, app.config, read, this.app.getID(), say);
			case 'lock':
			case 'unlock':
				return lockCommand(request, app, { read, persistence, writer: this.app.getAccessors().environmentWriter.getSettings(), caller }, say);
			case 'log':
				return logCommand(request.count, read, say);
		}
	}
}

/**
 * The words after the command, copied by index: Rocket.Chat hands them frozen (Object.freeze), and
 * in the vm2 runtime a frozen host array refuses every array method (map, join, an iterator) with
 * "Unsafe non-extensible array passed across bridge".
 */
function argumentsOf(context: SlashCommandContext): string[] {
	const given = context.getArguments();
	const args: string[] = [];
	for (let i = 0; i < given.length; i++) {
		args.push(String(given[i]));
	}
	return args;
}

/** The answer, seen by the caller alone, from the app's user; cut to a size Rocket.Chat accepts. */
async function reply(context: SlashCommandContext, read: IRead, modify: IModify, text: string): Promise<void> {
	const notifier = modify.getNotifier();
	const message = notifier
		.getMessageBuilder()
		.setRoom(context.getRoom())
		.setText(text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…`);
	const appUser = await read.getUserReader().getAppUser();
	if (appUser) {
		message.setSender(appUser);
	}
	await notifier.notifyUser(context.getSender(), message.getMessage());
}
