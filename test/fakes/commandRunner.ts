import type { IAppAccessors } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { FakeLogger, FakeWorkspace, appContext, room, user } from './fakeAccessors';
import { RoomEventsCommand } from '../../handlers/command/roomEventsCommand';
import type { RoomEventsConfig } from '../../settings/settings';
import { CASE_ROOMS, CASE_USERS } from '../policyCases';

/** The workspace of the policy cases (test/policyCases.ts), with an audit room. */
export function casesWorkspace(): FakeWorkspace {
	const ws = new FakeWorkspace().addRoom(room('audit', RoomType.PRIVATE_GROUP));
	for (const { username, roles } of CASE_USERS) {
		ws.addUser(user(username, [...roles]));
	}
	for (const spec of CASE_ROOMS) {
		const type = spec.type === 'c' ? RoomType.CHANNEL : RoomType.PRIVATE_GROUP;
		ws.addRoom(
			room(spec.name, type, { isDefault: 'isDefault' in spec && spec.isDefault }),
			spec.members.map((name) => `id-${name}`),
		);
	}
	return ws;
}

/**
 * Runs `/room-events` as Rocket.Chat's command bridge would: the caller, the room typed in, the
 * words after the command. Answers the caller's notifications (their text).
 */
export function commandRunner(ws: FakeWorkspace, config: () => RoomEventsConfig, writer = ws.settingsWriter()) {
	const logger = new FakeLogger();
	const app = appContext(config(), logger);
	const command = new RoomEventsCommand(
		{
			getID: () => 'room-events-app',
			getVersion: () => '0.1.0',
			getLogger: () => logger.asLogger(),
			getAccessors: () => ({ environmentWriter: { getSettings: () => writer } }) as unknown as IAppAccessors,
		},
		async () => ({ ...app, config: config() }),
	);
	return {
		slashCommand: command,
		logger,
		audit: app.audit,
		async run(sender: IUser, args: string[], where: IRoom = ws.rooms.get('rid-town') as IRoom): Promise<string> {
			const before = ws.notifications.length;
			const context = {
				getSender: () => sender,
				getRoom: () => where,
				getArguments: () => args,
				getThreadId: () => undefined,
				getTriggerId: () => 'trigger',
			} as unknown as SlashCommandContext;
			await command.executor(context, ws.read(), ws.modify(), {} as never, ws.persistence());
			const sent = ws.notifications.slice(before);
			if (sent.length !== 1 || sent[0].userId !== sender.id) {
				throw new Error(`expected one notification to ${sender.username}, got ${JSON.stringify(sent)}`);
			}
			return sent[0].text;
		},
	};
}
