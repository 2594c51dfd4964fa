import { AppInterface } from 'apps-engine-deno/definition/metadata';

import type { RoomEventsFixture } from './roomEventsHost';
import { REGISTERED_COMMAND, startRoomEvents } from './roomEventsHost';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import type { RoomRecord } from '../../workspace/store/workspaceStore';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const RUNTIME_LINE = {
	deno: 'Runtime: app subprocess (Rocket.Chat 6.10 and later) · dry-run mode: off',
	vm2: 'Runtime: inside the server process (vm2, Rocket.Chat 6.9 and earlier) · dry-run mode: off',
};

/**
 * `/room-events` of the packaged app, run as Rocket.Chat's command bridge runs it (the words split
 * as parseParameters splits them, the sender and room converted by id, all frozen), answered to
 * the caller alone through the workspace's message bridge.
 */
describe.each(RUNTIME_NAMES)('/room-events in the %s runtime', (runtime) => {
	let re: RoomEventsFixture;
	let legal: RoomRecord;

	beforeAll(async () => {
		re = await startRoomEvents(runtime);
		re.store.addMember(re.town.id, re.bob.id);
		legal = re.store.createRoom({ name: 'legal-team', type: 'p', creatorId: re.admin.id });
		re.store.addMember(legal.id, re.admin.id, ['owner']);
		re.store.addMember(legal.id, re.alice.id);
	});

	afterAll(async () => {
		await re.host.stop();
	});

	it('is registered as Rocket.Chat registers an app command: its texts as the app i18n keys, its permission kept for the client', () => {
		expect(re.host.listCommands()).toEqual([REGISTERED_COMMAND]);
	});

	it('refuses a user without the admin role in one line, whatever they ask', async () => {
		await expect(re.command(re.bob, 'status')).resolves.toBe('Only users with the admin role can use /room-events.');
		await expect(re.command(re.bob, 'lock #town')).resolves.toBe('Only users with the admin role can use /room-events.');
		expect(re.host.getAppSettings(re.appId).join_locked_rooms.value).toBeFalsy();
	});

	it("reads the workspace's Language at most once for many answers to callers who chose no language: it is cached per instance", async () => {
		const serverSettingReads = () =>
			re.host.faults.calledMethods(re.appId).filter((call) => call.bridge === 'serverSetting' && call.method === 'getOneById').length;
		re.host.faults.resetCalls();
		for (let i = 0; i < 3; i++) {
			await expect(re.command(re.bob, 'status')).resolves.toBe('Only users with the admin role can use /room-events.');
		}
		expect(serverSettingReads()).toBeLessThanOrEqual(1);
	});

	it('status: the runtime, each policy family, the audit room and recent problems', async () => {
		expect((await re.command(re.admin, 'status')).split('\n')).toEqual([
			'*Room Events 0.1.0*',
			RUNTIME_LINE[runtime],
			'Room creation: off (0 rule(s))',
			'Naming and shape: off (0 rule(s))',
			'Deletion protection: off (0 rule(s))',
			'Joining: off (0 rule(s))',
			'Leaving: off (0 rule(s))',
			'Audit: on · room #audit · level: Everything · 0 record(s) waiting',
			'No refused settings or failed decisions in the last 31 days.',
		]);
	});

	it('help: every subcommand with an example, also when nothing follows the command', async () => {
		const help = await re.command(re.admin, 'help');
		expect(help.split('\n')).toHaveLength(11);
		expect(help).toMatch(/^\*\/room-events subcommands\*\n• status: /);
		await expect(re.command(re.admin, '')).resolves.toBe(help);
	});

	it('explain join, leave, create and delete: the decision, the rule and what was read', async () => {
		await re.host.updateSetting(re.appId, 'join_rules', 'legal-*: admin');
		await re.host.updateSetting(re.appId, 'leave_mandatory_names', 'town');
		await re.host.updateSetting(re.appId, 'creation_blocked_names', 'secret-*');
		await re.host.updateSetting(re.appId, 'deletion_protected_names', 'legal-*');
		await expect(re.command(re.admin, 'explain join @bob #legal-team')).resolves.toBe(
			[
				'*@bob joining #legal-team on their own*: denied',
				'Rule: `join_rules` (legal-*: admin)',
				'Reason: Only users with the role "admin" may join "legal-team".',
				"Read from the server: the user's roles, by id.",
			].join('\n'),
		);
		await expect(re.command(re.admin, 'explain leave @alice #town by @admin')).resolves.toBe(
			[
				'*@alice removed from #town by @admin*: allowed',
				'Rule: `leave_exempt_roles` (admin)',
				'Reason: removal from a mandatory room by a user with the role "admin"',
				"Read from the server: the remover's roles, by id.",
			].join('\n'),
		);
		await expect(re.command(re.admin, 'explain create secret-plans private @alice')).resolves.toBe(
			[
				'*#secret-plans created as a private group by @alice*: denied',
				'Rule: `creation_blocked_names` (secret-*)',
				'Reason: Room names matching "secret-*" are not allowed in this workspace.',
				// Whether alice holds a role exempt from creation rules (admin): read before she is refused.
				"Read from the server: the user's roles, by id.",
			].join('\n'),
		);
		await expect(re.command(re.admin, 'explain delete #legal-team')).resolves.toBe(
			[
				'*#legal-team deleted*: denied',
				'Rule: `deletion_protected_names` (legal-*)',
				'Reason: Rooms named like "legal-*" are protected from deletion.',
				'Read from the server: nothing beyond the room and users the event carries.',
			].join('\n'),
		);
		for (const id of ['join_rules', 'leave_mandatory_names', 'creation_blocked_names', 'deletion_protected_names']) {
			await re.host.updateSetting(re.appId, id, '');
		}
		// Explaining keeps no record: only events do.
		expect(re.outbox()).toEqual([]);
	});

	it(`preview join: the members a rule would no longer admit, ${runtime === 'deno' ? 'over the rooms the engine lists' : 'for a named room only, since 1.42.1 lists no rooms'}`, async () => {
		const joinRules = re.host.getAppSettings(re.appId).join_rules.value;
		await expect(re.command(re.admin, 'preview join legal-team: admin')).resolves.toBe(
			[
				'*Preview of the join rule legal-team: admin*',
				'Checked 1 room(s) and 2 member(s) against it.',
				'1 current member(s) would no longer be admitted:',
				'• @alice · #legal-team',
				'Nothing was saved: edit the join rules setting to apply the rule.',
			].join('\n'),
		);
		const wildcard = {
			// The listing holds every channel and group: audit (no members), town (alice, bob) and legal-team (admin, alice).
			deno: [
				'*Preview of the join rule *: admin*',
				'Checked 3 room(s) and 4 member(s) against it.',
				'3 current member(s) would no longer be admitted:',
				'• @alice · #town',
				'• @bob · #town',
				'• @alice · #legal-team',
				'Nothing was saved: edit the join rules setting to apply the rule.',
			],
			vm2: ["This server's Apps-Engine cannot list rooms: preview a rule whose pattern names one room (no * or ?)."],
		};
		expect((await re.command(re.admin, 'preview join *: admin')).split('\n')).toEqual(wildcard[runtime]);
		expect(re.host.getAppSettings(re.appId).join_rules.value).toBe(joinRules);
	});

	it('lock and unlock: join_locked_rooms changes as the admin UI reads it, is enforced, and is audited with the reason', async () => {
		await expect(re.command(re.admin, 'lock #town "incident 42"')).resolves.toBe('#town is locked: it admits no new members until it is unlocked.');
		expect(re.host.getAppSettings(re.appId).join_locked_rooms.value).toBe('town');
		expect(re.store.getInstalledApp(re.appId)?.settings.join_locked_rooms.value).toBe('town');
		await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.admin))).rejects.toMatchObject({
			message: 'The room "town" is locked: it admits no new members until it is unlocked.',
		});
		await expect(re.command(re.admin, 'lock #town')).resolves.toBe('#town is already locked (by the pattern town).');
		await expect(re.command(re.admin, 'unlock #town')).resolves.toBe('#town is unlocked.');
		expect(re.host.getAppSettings(re.appId).join_locked_rooms.value).toBe('');
		await expect(re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(re.town, re.admin))).resolves.toBeUndefined();
		await expect(re.command(re.admin, 'unlock #town')).resolves.toBe('#town is not locked.');
		await re.deliver();
		const [locked, , unlocked] = re.auditMessages().filter((text) => /^\*Room (un)?locked\*|^\*Join denied\*/.test(text));
		const townRef = `#town (public channel, id \`${re.town.id}\`)`;
		expect(locked).toMatch(
			new RegExp(`^${escaped(`*Room locked* · ${townRef}\nLocked by: @admin\nRule: \`join_locked_rooms\` (town)\nReason: incident 42\nAt: `)}`),
		);
		expect(unlocked).toMatch(new RegExp(`^${escaped(`*Room unlocked* · ${townRef}\n`)}`));
		expect(re.titles()).toContain(`*Join denied* · #town (public channel, id \`${re.town.id}\`)`);
	});

	it('log: the latest decisions, newest first, and how many it found', async () => {
		const log = (await re.command(re.admin, 'log 3')).split('\n');
		expect(log).toEqual([
			'*The last 3 decision(s), newest first*',
			expect.stringMatching(/^• .* · \*Room unlocked\* · #town .* · @admin · `join_locked_rooms` \(town\)$/),
			expect.stringMatching(/^• .* · \*Join denied\* · #town .* · @admin · `join_locked_rooms` \(town\) · The room "town" is locked/),
			expect.stringMatching(/^• .* · \*Room locked\* · #town .* · @admin · `join_locked_rooms` \(town\) · incident 42$/),
		]);
		await expect(re.command(re.admin, 'log')).resolves.toMatch(
			/^\*The last 3 decision\(s\), newest first\*\n(.*\n){3}Only 3 decision\(s\) in the last 31 days of history\.$/,
		);
	});

	it('bad input: what is wrong in one line, then where to find help', async () => {
		await expect(re.command(re.admin, 'frobnicate')).resolves.toBe('There is no subcommand "frobnicate".\nType /room-events help for every subcommand.');
		await expect(re.command(re.admin, 'log 500')).resolves.toBe(
			'Give a number of decisions from 1 to 50 (not "500").\nType /room-events help for every subcommand.',
		);
		await expect(re.command(re.admin, 'explain join @nobody #town')).resolves.toBe('There is no user named "nobody".');
		await expect(re.command(re.admin, 'lock #nowhere')).resolves.toBe('There is no room named "nowhere".');
		await expect(re.command(re.admin, 'preview join legal-*: nosuchrole')).resolves.toMatch(/^That join rule cannot be used: .*nosuchrole/);
	});
});
