import { text } from '../../../lib/translate';
import { ADMISSION_FIELD, admissionTag, creationPolicyActive, decideCreation as decideCreationStep } from '../../../policy/creationPolicy';
import { NO_RULE_MATCHED, deny } from '../../../policy/decision';
import type { Decision } from '../../../policy/decision';
import type { RoomKind } from '../../../policy/eventFacts';
import { configFor, inEnglish, room, user } from '../../fakes/configFor';

/** The decision with its reason in English, as the audit room has it. */
const decideCreation = (...args: Parameters<typeof decideCreationStep>) => inEnglish(decideCreationStep(...args));

const KINDS: RoomKind[] = ['channel', 'private-group', 'direct-message', 'discussion', 'team', 'livechat'];

const SWITCHES: Array<[string, RoomKind | undefined]> = [
	['creation_block_channels', 'channel'],
	['creation_block_private_groups', 'private-group'],
	['creation_block_direct_messages', 'direct-message'],
	['creation_block_discussions', 'discussion'],
];

const alice = user('alice');

describe('creation: block switch per room kind', () => {
	const cases = SWITCHES.flatMap(([setting, blockedKind]) => KINDS.map((kind) => [setting, kind, blockedKind] as const));

	it.each(cases.filter(([, kind, blockedKind]) => kind === blockedKind))('%s denies a new %s', (setting, kind) => {
		const decision = decideCreation(configFor({ [setting]: true }), room('some-room', kind), alice);
		expect(decision).toEqual({ verdict: 'deny', reason: expect.stringContaining('switched off'), rule: { setting, matched: kind } });
	});

	it.each(cases.filter(([, kind, blockedKind]) => kind !== blockedKind))('%s allows a new %s', (setting, kind) => {
		expect(decideCreation(configFor({ [setting]: true }), room('some-room', kind), alice)).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it.each([
		['channel', 'public channel'],
		['private-group', 'private group'],
		['direct-message', 'direct message'],
		['discussion', 'discussion'],
	] as const)('a blocked %s is refused with a human reason naming the kind', (kind, label) => {
		const all = Object.fromEntries(SWITCHES.map(([setting]) => [setting, true]));
		const decision = decideCreation(configFor(all), room('x', kind), alice);
		expect(decision.reason).toBe(`Creating a ${label} is switched off in this workspace.`);
	});

	it('lets an omnichannel room through with every switch on', () => {
		const all = Object.fromEntries(SWITCHES.map(([setting]) => [setting, true]));
		expect(decideCreation(configFor(all), room('visitor', 'livechat'), alice)).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it.each(KINDS)('allows a new %s with no rule on', (kind) => {
		expect(decideCreation(configFor(), room('anything', kind), alice)).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('creation: names', () => {
	const config = configFor({
		creation_reserved_names: 'general, #Announcements',
		creation_blocked_names: 'secret-*, *-archive',
	});

	it.each([
		['general', 'creation_reserved_names', 'general'],
		['General', 'creation_reserved_names', 'general'],
		['ANNOUNCEMENTS', 'creation_reserved_names', 'Announcements'],
		['secret-plans', 'creation_blocked_names', 'secret-*'],
		['Secret-Plans', 'creation_blocked_names', 'secret-*'],
		['sales-archive', 'creation_blocked_names', '*-archive'],
	])('denies %s by %s (%s)', (name, setting, matched) => {
		const decision = decideCreation(config, room(name), alice);
		expect(decision.verdict).toBe('deny');
		expect(decision.rule).toEqual({ setting, matched });
	});

	it.each(['general-2', 'my-general', 'top-secret-plans', 'sales-archive-2', 'announce'])('allows %s', (name) => {
		expect(decideCreation(config, room(name), alice)).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it.each(['private-group', 'discussion', 'team'] as const)('applies name rules to a %s', (kind) => {
		expect(decideCreation(config, room('secret-x', kind), alice).verdict).toBe('deny');
		expect(decideCreation(config, room('general', kind), alice).verdict).toBe('deny');
	});

	it('names the room in the reason for a reserved name, as the user wrote it', () => {
		expect(decideCreation(config, room('General'), alice).reason).toBe('The name "General" is reserved in this workspace.');
	});

	it('names the pattern in the reason for a blocked name', () => {
		const decision = decideCreation(config, room('secret-plans'), alice);
		expect(decision.reason).toBe('Room names matching "secret-*" are not allowed in this workspace.');
	});

	it('reports the first blocked pattern that matches', () => {
		const decision = decideCreation(configFor({ creation_blocked_names: '*-x, a-*' }), room('a-x'), alice);
		expect(decision.rule).toEqual({ setting: 'creation_blocked_names', matched: '*-x' });
	});

	it('checks reserved names before blocked patterns', () => {
		const decision = decideCreation(configFor({ creation_reserved_names: 'secret-a', creation_blocked_names: 'secret-*' }), room('secret-a'), alice);
		expect(decision.rule?.setting).toBe('creation_reserved_names');
	});
});

describe('creation: required patterns', () => {
	const config = configFor({ creation_required_names: 'proj-*\nteam-*' });

	it.each([
		['proj-apollo', true],
		['PROJ-apollo', true],
		['team-red', true],
		['random', false],
		['my-proj-x', false],
	])('%s matches one: %s', (name, allowed) => {
		const decision = decideCreation(config, room(name), alice);
		expect(decision.verdict).toBe(allowed ? 'allow' : 'deny');
	});

	it('lists every required pattern in the rule and the reason', () => {
		const decision = decideCreation(config, room('random'), alice);
		expect(decision.rule).toEqual({ setting: 'creation_required_names', matched: '"proj-*", "team-*"' });
		expect(decision.reason).toBe('Room names must match one of "proj-*", "team-*" in this workspace.');
	});

	it('names the first five required patterns of a long list, in order, and how many more there are', () => {
		const long = configFor({ creation_required_names: Array.from({ length: 12 }, (_, i) => `proj-${i}-*`).join('\n') });
		const decision = decideCreation(long, room('random'), alice);
		const firstFive = '"proj-0-*", "proj-1-*", "proj-2-*", "proj-3-*", "proj-4-*"';
		expect(decision.rule).toEqual({ setting: 'creation_required_names', matched: `${firstFive} and 7 more` });
		expect(decision.reason).toBe(`Room names must match one of ${firstFive} or one of 7 more patterns in this workspace.`);
	});

	it('checks blocked patterns before required ones', () => {
		const decision = decideCreation(configFor({ creation_required_names: 'proj-*', creation_blocked_names: '*-secret' }), room('proj-secret'), alice);
		expect(decision.rule?.setting).toBe('creation_blocked_names');
	});
});

describe('creation: direct messages and omnichannel rooms ignore name rules', () => {
	const config = configFor({
		creation_reserved_names: 'alicebob',
		creation_blocked_names: '*',
		creation_required_names: 'proj-*',
	});

	it.each(['direct-message', 'livechat'] as const)('allows a %s whatever its name', (kind) => {
		expect(decideCreation(config, room('alicebob', kind), alice)).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it('still blocks a direct message by its switch', () => {
		const decision = decideCreation(
			configFor({ creation_block_direct_messages: true, creation_blocked_names: '*' }),
			room('alicebob', 'direct-message'),
			alice,
		);
		expect(decision.rule?.setting).toBe('creation_block_direct_messages');
	});
});

describe('creation: precedence', () => {
	it('the type switch comes before every name rule', () => {
		const config = configFor({
			creation_block_channels: true,
			creation_reserved_names: 'general',
			creation_blocked_names: 'gen*',
			creation_required_names: 'proj-*',
		});
		expect(decideCreation(config, room('general'), alice).rule).toEqual({ setting: 'creation_block_channels', matched: 'channel' });
		// The same name as a private group meets the name rules.
		expect(decideCreation(config, room('general', 'private-group'), alice).rule?.setting).toBe('creation_reserved_names');
	});
});

describe('creation: exemptions', () => {
	const config = configFor({
		creation_block_channels: true,
		creation_blocked_names: 'secret-*',
		creation_exempt_roles: 'admin, room-maker',
		creation_exempt_users: 'carol',
	});

	it.each([
		['a role', user('dave', ['user', 'Room-Maker']), 'creation_exempt_roles', 'Room-Maker'],
		['the admin role', user('erin', ['admin']), 'creation_exempt_roles', 'admin'],
		['a username', user('carol', ['user']), 'creation_exempt_users', 'carol'],
		['role before username', user('carol', ['admin']), 'creation_exempt_roles', 'admin'],
	])('by %s turns a denial into an allow naming the exemption', (_how, creator, setting, matched) => {
		const decision = decideCreation(config, room('public'), creator);
		expect(decision.verdict).toBe('allow');
		expect(decision.rule).toEqual({ setting, matched });
		expect(decision.reason).toContain('Creating a public channel is switched off');
	});

	it('says in the reason who was exempt from what', () => {
		expect(decideCreation(config, room('secret-x', 'private-group'), user('carol')).reason).toBe(
			'exempt as @carol from: Room names matching "secret-*" are not allowed in this workspace.',
		);
		expect(decideCreation(config, room('secret-x', 'private-group'), user('erin', ['admin'])).reason).toBe(
			'exempt by role "admin" from: Room names matching "secret-*" are not allowed in this workspace.',
		);
	});

	it.each([
		['a plain user', user('dave', ['user'])],
		['a user named like an exempt role', user('admin', ['user'])],
		['a user holding a role named like an exempt user', user('dave', ['carol'])],
		['a user with no username', user('', ['user'])],
	])('leaves %s denied', (_who, creator) => {
		expect(decideCreation(config, room('public'), creator).verdict).toBe('deny');
	});

	it('leaves an allow as it is for an exempt user', () => {
		expect(decideCreation(config, room('ok', 'private-group'), user('carol'))).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it('exempts the admin role by default', () => {
		const decision = decideCreation(configFor({ creation_block_discussions: true }), room('t', 'discussion'), user('root', ['admin']));
		expect(decision.verdict).toBe('allow');
	});
});

describe('creationPolicyActive', () => {
	it.each([
		[{}, false],
		[{ creation_exempt_users: 'carol' }, false],
		[{ creation_block_discussions: true }, true],
		[{ creation_blocked_names: 'x-*' }, true],
		[{ creation_required_names: 'x-*' }, true],
		[{ creation_reserved_names: 'x' }, true],
	])('%j: %s', (values, active) => {
		expect(creationPolicyActive(configFor(values))).toBe(active);
	});
});

describe('admissionTag', () => {
	const now = new Date('2026-03-04T05:06:07.089Z');

	it('says the default admitted a room when no creation rule is on', () => {
		expect(admissionTag(undefined, false, now)).toEqual({
			admittedBy: 'default',
			reason: 'no creation rule is on',
			dryRun: false,
			at: '2026-03-04T05:06:07.089Z',
		});
	});

	it('says the default admitted a room no rule matched', () => {
		expect(admissionTag(NO_RULE_MATCHED, false, now)).toEqual({ admittedBy: 'default', reason: 'no rule matched', dryRun: false, at: now.toISOString() });
	});

	it('names the exemption that admitted a room', () => {
		const decision = decideCreationStep(configFor({ creation_block_channels: true }), room('x'), user('root', ['admin'])) as Decision;
		expect(admissionTag(decision, false, now)).toEqual({
			admittedBy: 'creation_exempt_roles',
			reason: 'exempt by role "admin" from: Creating a public channel is switched off in this workspace.',
			dryRun: false,
			at: now.toISOString(),
		});
	});

	it('marks a dry-run denial as such', () => {
		const decision = deny('creation_blocked_names', 'secret-*', text('reason_name_blocked', { pattern: 'secret-*' }));
		expect(admissionTag(decision, true, now)).toEqual({
			admittedBy: 'dry-run',
			reason: 'creation_blocked_names would have refused it: Room names matching "secret-*" are not allowed in this workspace.',
			dryRun: true,
			at: now.toISOString(),
		});
	});

	it('is stored under a stable custom field', () => {
		expect(ADMISSION_FIELD).toBe('roomEventsAdmission');
	});
});

describe('creation: names as asked for and as they will be after naming rules', () => {
	it.each([
		[{ naming_prefix_channel: 'pub-', creation_reserved_names: 'pub-news' }, 'news', 'creation_reserved_names'],
		[{ naming_prefix_channel: 'pub-', creation_blocked_names: 'secret-*' }, 'secret-x', 'creation_blocked_names'],
		[{ naming_normalize: true, creation_blocked_names: 'big-*' }, 'Big Plans', 'creation_blocked_names'],
		[{ naming_prefix_channel: 'pub-', creation_required_names: 'pub-*' }, 'news', undefined],
		[{ naming_prefix_private_group: 'priv-', creation_reserved_names: 'pub-news' }, 'news', undefined],
	])('with %j, creating %s is refused by %s', (values, name, setting) => {
		const decision = decideCreation(configFor(values), room(name), alice);
		expect(decision.rule?.setting).toBe(setting);
		expect(decision.verdict).toBe(setting ? 'deny' : 'allow');
	});
});

describe('creation: what the decision reads', () => {
	it('decides on the name and type alone, and asks for the creator only to check an exemption from a refusal', () => {
		expect(decideCreation(configFor({ creation_blocked_names: 'secret-*' }), room('town'))).toEqual({ verdict: 'allow', reason: 'no rule matched' });
		expect(decideCreation(configFor({ creation_blocked_names: 'secret-*' }), room('secret-x'))).toEqual({
			verdict: 'needs',
			fact: 'user',
			reason: 'an exemption could apply',
		});
	});
});
