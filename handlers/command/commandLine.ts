import type { Text } from '../../lib/translate';
import { text } from '../../lib/translate';

/** The kinds of room `explain create` can be asked about, by the word the admin types. */
export const CREATABLE_KINDS = { channel: 'c', private: 'p', discussion: 'discussion' } as const;
export type CreatableKind = keyof typeof CREATABLE_KINDS;

/** Decisions `log` shows when no number is given, and at most. */
export const LOG_DEFAULT = 10;
export const LOG_MAX = 50;

export type CommandRequest =
	| { readonly name: 'help' }
	| { readonly name: 'status' }
	| { readonly name: 'explain-join'; readonly username: string; readonly room: string; readonly by?: string }
	| { readonly name: 'explain-leave'; readonly username: string; readonly room: string; readonly by?: string }
	| { readonly name: 'explain-create'; readonly roomName: string; readonly kind: CreatableKind; readonly creator?: string }
	| { readonly name: 'explain-delete'; readonly room: string }
	| { readonly name: 'preview-join'; readonly ruleLine: string }
	| { readonly name: 'lock'; readonly room: string; readonly reason?: string }
	| { readonly name: 'unlock'; readonly room: string }
	| { readonly name: 'log'; readonly count: number };

export type ParsedCommand = { readonly ok: true; readonly request: CommandRequest } | { readonly ok: false; readonly problem: Text };

/**
 * Reads `/room-events` arguments as Rocket.Chat hands them: the text after the command split at
 * single spaces (so doubled spaces leave empty words, dropped here). Answers the request, or what
 * is wrong with it in one line.
 */
export function parseCommand(args: readonly string[]): ParsedCommand {
	const words = args.map((word) => word.trim()).filter((word) => word !== '');
	const [subcommand = 'help', ...rest] = words;
	switch (subcommand.toLowerCase()) {
		case 'help':
			return ok({ name: 'help' });
		case 'status':
			return ok({ name: 'status' });
		case 'explain':
			return parseExplain(rest);
		case 'preview':
			return parsePreview(rest);
		case 'lock':
			return rest.length === 0
				? problem('command_problem_room_missing', { usage: '/room-events lock #room [reason]' })
				: ok({ name: 'lock', room: roomName(rest[0]), reason: rest.slice(1).join(' ') || undefined });
		case 'unlock':
			return rest.length === 0
				? problem('command_problem_room_missing', { usage: '/room-events unlock #room' })
				: ok({ name: 'unlock', room: roomName(rest[0]) });
		case 'log':
			return parseLog(rest);
		default:
			return problem('command_problem_unknown_subcommand', { subcommand });
	}
}

function parseExplain(words: readonly string[]): ParsedCommand {
	const [event, ...rest] = words;
	switch (event?.toLowerCase()) {
		case 'join':
		case 'leave': {
			const usage = `/room-events explain ${event.toLowerCase()} @user #room [by @user]`;
			const [who, where, by, byWhom] = rest;
			if (!who || !where) {
				return problem('command_problem_user_room_missing', { usage });
			}
			if ((by !== undefined && (by.toLowerCase() !== 'by' || !byWhom)) || rest.length > 4) {
				return problem('command_problem_usage', { usage });
			}
			const name = event.toLowerCase() === 'join' ? 'explain-join' : 'explain-leave';
			return ok({ name, username: username(who), room: roomName(where), by: byWhom && username(byWhom) });
		}
		case 'create':
			return parseExplainCreate(rest);
		case 'delete':
			return rest.length === 1
				? ok({ name: 'explain-delete', room: roomName(rest[0]) })
				: problem('command_problem_usage', { usage: '/room-events explain delete #room' });
		default:
			return problem('command_problem_explain_event', { event: event ?? '' });
	}
}

function parseExplainCreate(words: readonly string[]): ParsedCommand {
	const usage = `/room-events explain create <name> [${Object.keys(CREATABLE_KINDS).join('|')}] [@creator]`;
	const [name, ...rest] = words;
	if (!name) {
		return problem('command_problem_name_missing', { usage });
	}
	let kind: CreatableKind = 'channel';
	let creator: string | undefined;
	for (const word of rest) {
		if (word.startsWith('@') && creator === undefined) {
			creator = username(word);
		} else if (isCreatableKind(word.toLowerCase())) {
			kind = word.toLowerCase() as CreatableKind;
		} else {
			return problem('command_problem_usage', { usage });
		}
	}
	return ok({ name: 'explain-create', roomName: roomName(name), kind, creator });
}

function parsePreview(words: readonly string[]): ParsedCommand {
	const [what, ...rest] = words;
	if (what?.toLowerCase() !== 'join' || rest.length === 0) {
		return problem('command_problem_usage', { usage: '/room-events preview join <pattern>: <role>, <role>' });
	}
	return ok({ name: 'preview-join', ruleLine: rest.join(' ') });
}

function parseLog(words: readonly string[]): ParsedCommand {
	if (words.length === 0) {
		return ok({ name: 'log', count: LOG_DEFAULT });
	}
	const count = /^\d+$/.test(words[0]) ? Number(words[0]) : NaN;
	if (words.length > 1 || !Number.isInteger(count) || count < 1 || count > LOG_MAX) {
		return problem('command_problem_log_count', { max: LOG_MAX, given: words.join(' ') });
	}
	return ok({ name: 'log', count });
}

function isCreatableKind(word: string): word is CreatableKind {
	return Object.prototype.hasOwnProperty.call(CREATABLE_KINDS, word);
}

function username(word: string): string {
	return word.replace(/^@/, '').toLowerCase();
}

function roomName(word: string): string {
	return word.replace(/^#/, '');
}

function ok(request: CommandRequest): ParsedCommand {
	return { ok: true, request };
}

function problem(key: string, params: Record<string, string | number>): ParsedCommand {
	return { ok: false, problem: text(key, params) };
}
