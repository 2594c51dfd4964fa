import { LOG_DEFAULT, parseCommand } from '../../../../handlers/command/commandLine';

const parsed = (line: string) => parseCommand(line.split(' '));

describe('reading /room-events arguments', () => {
	it.each([
		['', { name: 'help' }],
		['help', { name: 'help' }],
		['STATUS', { name: 'status' }],
		['explain join @Bob #legal', { name: 'explain-join', username: 'bob', room: 'legal' }],
		['explain  join  bob  legal', { name: 'explain-join', username: 'bob', room: 'legal' }],
		['explain join @bob #legal by @Alice', { name: 'explain-join', username: 'bob', room: 'legal', by: 'alice' }],
		['explain leave @bob #onboarding by @root', { name: 'explain-leave', username: 'bob', room: 'onboarding', by: 'root' }],
		['explain create sales-q3', { name: 'explain-create', roomName: 'sales-q3', kind: 'channel' }],
		['explain create sales-q3 private @bob', { name: 'explain-create', roomName: 'sales-q3', kind: 'private', creator: 'bob' }],
		['explain create #notes discussion', { name: 'explain-create', roomName: 'notes', kind: 'discussion' }],
		['explain delete #general', { name: 'explain-delete', room: 'general' }],
		['preview join legal-*: lawyer, admin', { name: 'preview-join', ruleLine: 'legal-*: lawyer, admin' }],
		['lock #incident-42 paged by the on-call', { name: 'lock', room: 'incident-42', reason: 'paged by the on-call' }],
		['lock #incident-42', { name: 'lock', room: 'incident-42' }],
		['unlock incident-42', { name: 'unlock', room: 'incident-42' }],
		['log', { name: 'log', count: LOG_DEFAULT }],
		['log 50', { name: 'log', count: 50 }],
	])('reads "%s"', (line, request) => {
		expect(parsed(line)).toEqual({ ok: true, request: expect.objectContaining(request) });
	});

	it.each([
		['frobnicate', 'command_problem_unknown_subcommand'],
		['explain', 'command_problem_explain_event'],
		['explain rename #x', 'command_problem_explain_event'],
		['explain join @bob', 'command_problem_user_room_missing'],
		['explain join @bob #legal with @alice', 'command_problem_usage'],
		['explain join @bob #legal by', 'command_problem_usage'],
		['explain create', 'command_problem_name_missing'],
		['explain create x team', 'command_problem_usage'],
		['explain delete', 'command_problem_usage'],
		['explain delete #a #b', 'command_problem_usage'],
		['preview', 'command_problem_usage'],
		['preview leave x: y', 'command_problem_usage'],
		['lock', 'command_problem_room_missing'],
		['unlock', 'command_problem_room_missing'],
		['log 0', 'command_problem_log_count'],
		['log 51', 'command_problem_log_count'],
		['log ten', 'command_problem_log_count'],
		['log 5 6', 'command_problem_log_count'],
	])('says what is wrong with "%s"', (line, key) => {
		expect(parsed(line)).toEqual({ ok: false, problem: expect.objectContaining({ key }) });
	});
});
