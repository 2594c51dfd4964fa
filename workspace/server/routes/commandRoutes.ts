// Slash commands: commands.list, commands.get and commands.run, with the parameters, answers and
// errors of Rocket.Chat's v1 endpoints (apps/meteor/app/api/server/v1/commands.ts), and the
// workspace's own read of the ephemeral notifications apps send (Rocket.Chat sends those over the
// user's stream, which the workspace does not have).
import { paginate, sortDocuments, text } from './params';
import { canAccessRoom } from '../../permissions';
import type { NotificationRecord, WorkspaceStore } from '../../store/workspaceStore';
import { failure, forbidden, invalidParams, success } from '../apiResponse';
import type { ApiResponse } from '../apiResponse';
import { userRef } from '../restShapes';
import type { ApiContext, Route } from '../router';

const RUN_FIELDS = ['command', 'params', 'roomId', 'tmid', 'triggerId'];

/** commands.run's schema (CommandsRunBody): command and roomId required, every field text (the optional ones may be null), nothing else. */
function runBodyProblem(body: Record<string, unknown>): ApiResponse | undefined {
	for (const field of ['command', 'roomId']) {
		if (!(field in body)) return invalidParams(`must have required property '${field}'`);
	}
	const extra = Object.keys(body).find((field) => !RUN_FIELDS.includes(field));
	if (extra !== undefined) return invalidParams('must NOT have additional properties');
	const notText = RUN_FIELDS.find(
		(field) => field in body && typeof body[field] !== 'string' && !(body[field] === null && field !== 'command' && field !== 'roomId'),
	);
	return notText === undefined ? undefined : invalidParams(`must be string`);
}

/** An ephemeral message as the user's client receives it: the app's message, marked private. */
function restNotification(store: WorkspaceStore, notification: NotificationRecord): Record<string, unknown> {
	return {
		_id: notification.id,
		rid: notification.roomId,
		msg: notification.text,
		ts: notification.ts,
		...(notification.senderId !== undefined && { u: userRef(store, notification.senderId) }),
		private: true,
	};
}

export function commandRoutes({ store, engine, cluster }: ApiContext): Route[] {
	return [
		{
			method: 'GET',
			path: '/api/v1/commands.list',
			handle({ query }) {
				// Rocket.Chat sorts by `name` unless told otherwise, a field commands lack: they stay in the order they were registered.
				const commands = sortDocuments(engine.listCommands() as unknown as Array<Record<string, unknown>>, query, { name: 1 });
				const page = paginate(commands, query);
				return success({ commands: page.items, appsLoaded: true, offset: page.offset, count: page.count, total: page.total });
			},
		},
		{
			method: 'GET',
			path: '/api/v1/commands.get',
			handle({ query }) {
				const name = text(query, 'command');
				if (name === undefined) return invalidParams("must have required property 'command'");
				const found = engine.getCommand(name);
				if (!found) return failure(`There is no command in the system by the name of: ${name}`);
				const { command, description, params, clientOnly, providesPreview } = found;
				return success({ command: { command, description, params, clientOnly, providesPreview } });
			},
		},
		{
			method: 'POST',
			path: '/api/v1/commands.run',
			async handle({ user, body }) {
				const problem = runBodyProblem(body);
				if (problem) return problem;
				const command = String(body.command).toLowerCase();
				if (!engine.getCommand(command)) return failure('The command provided does not exist (or is disabled).');
				const roomId = String(body.roomId);
				const room = store.getRoom(roomId);
				if (!room || !canAccessRoom(store, user.id, room)) return forbidden('User does not have access to this room');
				const threadId = text(body, 'tmid');
				if (threadId !== undefined && store.getMessage(threadId)?.roomId !== roomId) return failure('Invalid thread.');
				await engine.runCommand({ command, params: text(body, 'params') ?? '', userId: user.id, roomId, threadId, triggerId: text(body, 'triggerId') });
				// Rocket.Chat answers once the executor returns; the workspace also waits for what the
				// command started (a setting the app changed, replayed on the other instances).
				await cluster.settle();
				return success();
			},
		},
		{
			method: 'GET',
			path: '/api/workspace/notifications',
			handle({ user, query }) {
				const roomId = text(query, 'roomId');
				const shown = store
					.listNotifications({ roomId, userId: user.id })
					.filter((notification) => notification.userId !== undefined || store.isMember(notification.roomId, user.id));
				return success({ notifications: shown.map((notification) => restNotification(store, notification)) });
			},
		},
	];
}
