import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { auditHistory } from '../../../../audit/auditHistory';
import { stampRecord } from '../../../../audit/auditRecord';
import { PREVIEW_MEMBERS_NAMED } from '../../../../handlers/command/previewCommand';
import { translate } from '../../../../lib/translate';
import { settingDefinitions } from '../../../../settings/settings';
import { casesWorkspace, commandRunner } from '../../../fakes/commandRunner';
import { configFor } from '../../../fakes/configFor';
import type { FakeWorkspace } from '../../../fakes/fakeAccessors';
import { user } from '../../../fakes/fakeAccessors';

const AUDIT = { audit_enabled: true, audit_room: 'audit' };

const named = (ws: FakeWorkspace, username: string) => [...ws.users.values()].find((u) => u.username === username) as IUser;

/** A command runner whose config follows the fake settings, as onSettingUpdated keeps it. */
function setUp(values: Record<string, unknown> = {}, writerOptions?: Parameters<FakeWorkspace['settingsWriter']>[0]) {
	const ws = casesWorkspace();
	for (const setting of settingDefinitions()) {
		ws.settings.set(setting.id, setting.packageValue);
	}
	for (const [id, value] of Object.entries({ ...AUDIT, ...values })) {
		ws.settings.set(id, value);
	}
	const config = () => configFor(Object.fromEntries([...ws.settings].filter(([id]) => id in values || id in AUDIT || id === 'join_locked_rooms')));
	const command = commandRunner(ws, config, ws.settingsWriter(writerOptions));
	return { ws, command, root: named(ws, 'root'), alice: named(ws, 'alice') };
}

describe('/room-events for admins only', () => {
	it('refuses a user without the admin role, read by id whatever the sender object says', async () => {
		const { ws, command, alice } = setUp();
		const claimsAdmin = { ...alice, roles: ['admin'] };
		await expect(command.run(claimsAdmin, ['status'])).resolves.toBe('Only users with the admin role can use /room-events.');
		expect(ws.calls).toContain('getUserById');
		expect(ws.calls).not.toContain('readByAssociation');
	});

	it('refuses a caller the server does not know', async () => {
		const { command } = setUp();
		await expect(command.run(user('ghost', ['admin'], 'id-ghost'), ['help'])).resolves.toContain('Only users with the admin role');
	});

	it('is hidden from users without manage-apps, and its description and example are i18n keys with English texts', () => {
		const { slashCommand } = setUp().command;
		expect(slashCommand).toMatchObject({ command: 'room-events', permission: 'manage-apps', providesPreview: false });
		expect(translate('en', { key: slashCommand.i18nDescription })).toMatch(/^Govern rooms from the chat/);
		expect(translate('en', { key: slashCommand.i18nParamsExample })).toMatch(/^status \| explain join/);
	});
});

describe('/room-events answers', () => {
	it('help lists every subcommand with an example', async () => {
		const { command, root } = setUp();
		const help = await command.run(root, ['help']);
		for (const word of [
			'status',
			'explain join @bob #legal',
			'explain leave',
			'explain create',
			'explain delete',
			'preview join legal-*',
			'lock #incident-42',
			'unlock',
			'log [n]',
		]) {
			expect(help).toContain(word);
		}
		await expect(command.run(root, [])).resolves.toBe(help);
	});

	it('says in one line what is wrong with bad input, and never throws', async () => {
		const { command, root } = setUp();
		await expect(command.run(root, ['frobnicate'])).resolves.toBe('There is no subcommand "frobnicate".\nType /room-events help for every subcommand.');
		await expect(command.run(root, ['explain', 'join', '@alice'])).resolves.toContain(
			'Name a user and a room: /room-events explain join @user #room [by @user]',
		);
		await expect(command.run(root, ['explain', 'join', '@nobody', '#town'])).resolves.toBe('There is no user named "nobody".');
		await expect(command.run(root, ['explain', 'delete', '#nowhere'])).resolves.toBe('There is no room named "nowhere".');
		await expect(command.run(root, ['log', '500'])).resolves.toContain('Give a number of decisions from 1 to 50 (not "500")');
		await expect(command.run(root, ['preview', 'join', 'legal-*'])).resolves.toBe(
			'That join rule cannot be used: the rule "legal-*" has no ":" between the room pattern and its value.',
		);
		await expect(command.run(root, ['preview', 'join', 'legal-*:', 'astronaut'])).resolves.toBe(
			'That join rule cannot be used: no role is named "astronaut".',
		);
		await expect(command.run(root, ['lock'])).resolves.toContain('Name a room: /room-events lock #room [reason]');
	});

	it('answers an error the server throws as one line, and logs it', async () => {
		const { ws, command, root } = setUp();
		ws.failing.set('getRoomByName', 1);
		await expect(command.run(root, ['explain', 'delete', '#town'])).resolves.toBe('Room Events could not answer: getRoomByName failed (test)');
		expect(command.logger.at('error')).toEqual(['Room Events could not answer /room-events explain delete #town: getRoomByName failed (test)']);
	});

	it('status tells the runtime, dry-run mode, each policy family with its rule count, the audit room and what waits', async () => {
		const { ws, command, root } = setUp({ join_rules: 'legal-*: lawyer\nops-*: admin', join_locked_rooms: 'vault', dry_run: true });
		const { audit } = command;
		await audit.keep(configFor(AUDIT), command.logger.asLogger(), ws.persistence(), [
			{ event: 'setting-refused', setting: { id: 'join_rules', value: 'x' }, reason: 'no role is named "x". The previous value stays in force.' },
		]);
		const status = (await command.run(root, ['status'])).split('\n');
		expect(status).toEqual([
			'*Room Events 0.1.0*',
			'Runtime: inside the server process (vm2, Rocket.Chat 6.9 and earlier) · dry-run mode: on',
			'Room creation: off (0 rule(s))',
			'Naming and shape: off (0 rule(s))',
			'Deletion protection: off (0 rule(s))',
			'Joining: on (3 rule(s))',
			'Leaving: off (0 rule(s))',
			'Audit: on · room #audit · level: Everything · 1 record(s) waiting',
			'Recent problems:',
			expect.stringMatching(/^• \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · \*Setting value refused\* · no role is named "x"/),
		]);
	});

	it('status says so when nothing went wrong', async () => {
		const { command, root } = setUp();
		await expect(command.run(root, ['status'])).resolves.toContain('No refused settings or failed decisions in the last 31 days.');
	});

	it('explain create names the rule and the name naming rules would give the room', async () => {
		const { command, root } = setUp({ naming_normalize: true, naming_prefix_channel: 'pub-' });
		await expect(command.run(root, ['explain', 'create', 'Plans', '@alice'])).resolves.toBe(
			[
				'*#Plans created as a public channel by @alice*: allowed',
				'Rule: none matched.',
				'Read from the server: nothing beyond the room and users the event carries.',
				'The room would be created as #pub-plans.',
			].join('\n'),
		);
	});

	it('explain says what it read and why it refused', async () => {
		const { command, root } = setUp({ join_rules: 'legal-*: lawyer' });
		await expect(command.run(root, ['explain', 'join', '@alice', '#legal-team'])).resolves.toBe(
			[
				'*@alice joining #legal-team on their own*: denied',
				'Rule: `join_rules` (legal-*: lawyer)',
				'Reason: Only users with the role "lawyer" may join "legal-team".',
				"Read from the server: the user's roles, by id.",
			].join('\n'),
		);
	});
});

describe('/room-events preview join', () => {
	it('names the current members a wildcard rule would no longer admit, saving nothing', async () => {
		const { ws, command, root } = setUp();
		const answer = await command.run(root, ['preview', 'join', '#*o*:', 'admin']);
		expect(answer.split('\n')).toEqual([
			'*Preview of the join rule *o*: admin*',
			'Checked 4 room(s) and 7 member(s) against it.',
			'6 current member(s) would no longer be admitted:',
			'• @alice · #town',
			'• @bob · #town',
			'• @alice · #onboarding',
			'• @alice · #lobby',
			'• @alice · #crowd',
			'• @bob · #crowd',
			'Nothing was saved: edit the join rules setting to apply the rule.',
		]);
		expect(ws.calls.filter((call) => call === 'updateSettingValue')).toEqual([]);
	});

	it('keeps exempt members, and reads one room for a pattern without wildcards', async () => {
		const { ws, command, root } = setUp({ join_exempt_users: 'bob' });
		await expect(command.run(root, ['preview', 'join', 'town:', 'moderator'])).resolves.toContain(
			'Checked 1 room(s) and 2 member(s) against it.\n1 current member(s)',
		);
		expect(ws.calls).not.toContain('getAllRooms');
	});

	it(`names at most ${PREVIEW_MEMBERS_NAMED} members and counts the rest`, async () => {
		const { ws, command, root } = setUp();
		const crowd = [...ws.rooms.values()].find((r) => r.slugifiedName === 'crowd');
		const many = Array.from({ length: 25 }, (_, i) => user(`member${i}`));
		ws.addUser(...many);
		ws.members.set(
			crowd?.id ?? '',
			many.map((u) => u.id),
		);
		const answer = await command.run(root, ['preview', 'join', 'crowd:', 'admin']);
		expect(answer).toContain('25 current member(s) would no longer be admitted:');
		expect(answer).toContain('and 15 more.');
		expect(answer.split('\n').filter((line) => line.startsWith('• @'))).toHaveLength(PREVIEW_MEMBERS_NAMED);
	});

	it('says that every member would still be admitted when none is refused', async () => {
		const { command, root } = setUp();
		await expect(command.run(root, ['preview', 'join', 'vault:', 'admin'])).resolves.toContain('Every current member would still be admitted.');
	});
});

describe('/room-events lock and unlock', () => {
	it('adds the room to the locked rooms setting, audits who and why, and says so once the setting shows it', async () => {
		const { ws, command, root } = setUp({ join_locked_rooms: 'vault' }, { storeAfterMs: 150 });
		await expect(command.run(root, ['lock', '#town', 'incident', '42'])).resolves.toBe('#town is locked: it admits no new members until it is unlocked.');
		expect(ws.settings.get('join_locked_rooms')).toBe('vault\ntown');
		expect(ws.outbox()).toEqual([
			expect.objectContaining({
				event: 'room-locked',
				room: { id: 'rid-town', name: 'town', kind: 'channel' },
				actor: { id: 'id-root', username: 'root' },
				reason: 'incident 42',
			}),
		]);
	});

	it('changes nothing for a room already locked, and names the pattern that locks it', async () => {
		const { ws, command, root } = setUp({ join_locked_rooms: 't*' });
		await expect(command.run(root, ['lock', '#town'])).resolves.toBe('#town is already locked (by the pattern t*).');
		await expect(command.run(root, ['unlock', '#town'])).resolves.toBe(
			'#town stays locked by the pattern t*, which unlock does not change: edit the setting join_locked_rooms.',
		);
		expect(ws.calls).not.toContain('updateSettingValue');
		expect(ws.outbox()).toEqual([]);
	});

	it('takes the room out again, leaving the other lines as written', async () => {
		const { ws, command, root } = setUp({ join_locked_rooms: 'vault, town\nlegal-*' });
		await expect(command.run(root, ['unlock', 'town'])).resolves.toBe('#town is unlocked.');
		expect(ws.settings.get('join_locked_rooms')).toBe('vault\nlegal-*');
		expect(ws.outbox()).toEqual([expect.objectContaining({ event: 'room-unlocked', actor: { id: 'id-root', username: 'root' } })]);
		await expect(command.run(root, ['unlock', 'town'])).resolves.toBe('#town is not locked.');
	});

	it('neither claims nor audits a change the setting does not show', async () => {
		const { ws, command, root } = setUp({}, { refuse: true });
		await expect(command.run(root, ['lock', '#town'])).resolves.toBe(
			"The change was sent, but the setting join_locked_rooms does not show it yet: check the app's logs and settings.",
		);
		expect(ws.outbox()).toEqual([]);
	});

	it('refuses a room that does not exist', async () => {
		const { ws, command, root } = setUp();
		await expect(command.run(root, ['lock', '#nowhere'])).resolves.toBe('There is no room named "nowhere".');
		expect(ws.calls).not.toContain('updateSettingValue');
	});
});

describe('/room-events log', () => {
	it('lists the newest decisions first, those waiting for the audit room marked, bounded by n', async () => {
		const { ws, command, root } = setUp();
		const persistence = ws.persistence();
		const at = (iso: string) => new Date(iso);
		const delivered = [
			stampRecord(
				{
					event: 'join-decided',
					outcome: 'denied',
					room: { name: 'vault', kind: 'private-group' },
					subject: { username: 'alice' },
					rule: { setting: 'join_locked_rooms', matched: 'vault' },
					reason: 'locked',
				},
				at('2030-01-01T09:00:00Z'),
			),
			stampRecord({ event: 'user-joined', room: { name: 'town', kind: 'channel' }, subject: { username: 'bob' } }, at('2030-01-01T09:01:00Z')),
			stampRecord(
				{
					event: 'deletion-decided',
					outcome: 'denied',
					room: { name: 'lobby', kind: 'channel' },
					rule: { setting: 'deletion_protect_default_rooms', matched: 'default room' },
					reason: 'default',
				},
				at('2030-01-02T10:00:00Z'),
			),
		];
		for (const record of delivered) {
			await auditHistory.keep(persistence, record);
		}
		await auditHistory.count(persistence, { days: {} }, delivered);
		await command.audit.keep(configFor(AUDIT), command.logger.asLogger(), persistence, [
			{
				event: 'leave-decided',
				outcome: 'denied',
				room: { name: 'onboarding', kind: 'channel' },
				subject: { username: 'alice' },
				rule: { setting: 'leave_mandatory_names', matched: 'onboarding' },
				reason: 'mandatory',
			},
		]);
		const lines = (await command.run(root, ['log', '2'])).split('\n');
		expect(lines).toEqual([
			'*The last 2 decision(s), newest first*',
			expect.stringMatching(
				/^• .* · \*Leave denied\* · #onboarding .* · @alice · `leave_mandatory_names` \(onboarding\) · mandatory · waiting for the audit room$/,
			),
			expect.stringMatching(/^• 2030-01-02 10:00:00 UTC · \*Room deletion denied\* · #lobby/),
		]);
		const all = (await command.run(root, ['log'])).split('\n');
		expect(all).toHaveLength(1 + 3 + 1);
		expect(all[3]).toMatch(/^• 2030-01-01 09:00:00 UTC · \*Join denied\* · #vault/);
		expect(all[4]).toBe('Only 3 decision(s) in the last 31 days of history.');
	});

	it('says so when there is nothing to show', async () => {
		const { command, root } = setUp();
		await expect(command.run(root, ['log'])).resolves.toBe('No decisions in the last 31 days of history.');
	});
});
