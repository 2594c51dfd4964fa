import { NO_RULE_MATCHED } from '../../../policy/decision';
import { decideDeletion as decideDeletionStep, deletionPolicyActive } from '../../../policy/deletionPolicy';
import { configFor, inEnglish, room } from '../../fakes/configFor';

/** The decision with its reason in English, as the audit room has it. */
const decideDeletion = (...args: Parameters<typeof decideDeletionStep>) => inEnglish(decideDeletionStep(...args));

describe('deletion: protected names', () => {
	const config = configFor({ deletion_protected_names: 'general, legal-*' });

	it.each([
		['general', 'general'],
		['GENERAL', 'general'],
		['legal-2026', 'legal-*'],
		['Legal-Contracts', 'legal-*'],
	])('protects %s (%s)', (name, matched) => {
		const decision = decideDeletion(config, room(name));
		expect(decision.verdict).toBe('deny');
		expect(decision.rule).toEqual({ setting: 'deletion_protected_names', matched });
		expect(decision.reason).toBe(`Rooms named like "${matched}" are protected from deletion.`);
	});

	it.each(['general-2', 'paralegal-x', 'random'])('lets %s go', (name) => {
		expect(decideDeletion(config, room(name))).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it.each(['private-group', 'discussion', 'team', 'direct-message'] as const)('protects a %s by name as well', (kind) => {
		expect(decideDeletion(config, room('legal-x', kind)).verdict).toBe('deny');
	});
});

describe('deletion: default and team main rooms', () => {
	it.each([
		[
			{ deletion_protect_default_rooms: true },
			{ isDefault: true },
			'deletion_protect_default_rooms',
			'default room',
			'Default rooms are protected from deletion.',
		],
		[
			{ deletion_protect_team_main_rooms: true },
			{ isTeamMain: true },
			'deletion_protect_team_main_rooms',
			'team main room',
			"A team's main room is protected from deletion.",
		],
	])('%j protects a room with %j', (values, more, setting, matched, reason) => {
		const decision = decideDeletion(configFor(values), room('r', 'channel', more));
		expect(decision).toEqual({ verdict: 'deny', reason, rule: { setting, matched } });
	});

	it.each([
		[{ deletion_protect_default_rooms: true }, { isTeamMain: true }],
		[{ deletion_protect_team_main_rooms: true }, { isDefault: true }],
		[{}, { isDefault: true, isTeamMain: true }],
	])('with %j, a room with %j may go', (values, more) => {
		expect(decideDeletion(configFor(values), room('r', 'team', more))).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('deletion: member count', () => {
	it.each([
		[0, 1000],
		[50, 50],
		[50, 49],
	])('limit %s allows deleting a room of %s members', (limit, memberCount) => {
		expect(decideDeletion(configFor({ deletion_protected_member_count: limit }), room('big'), memberCount)).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it.each([
		[50, 51],
		[1, 2],
	])('limit %s protects a room of %s members', (limit, memberCount) => {
		expect(decideDeletion(configFor({ deletion_protected_member_count: limit }), room('big'), memberCount)).toEqual({
			verdict: 'deny',
			reason: `Rooms with more than ${limit} members are protected from deletion (this one has ${memberCount}).`,
			rule: { setting: 'deletion_protected_member_count', matched: String(limit) },
		});
	});

	it.each([
		[0, 'allow'],
		[1, 'needs'],
		[50, 'needs'],
	])('with the limit %s, a room no name protects is decided as %s without its member count', (limit, verdict) => {
		expect(decideDeletion(configFor({ deletion_protected_member_count: limit }), room('town')).verdict).toBe(verdict);
	});

	it('decides a room protected by name without reading its member count', () => {
		expect(decideDeletion(configFor({ deletion_protected_member_count: 5, deletion_protected_names: 'town' }), room('town')).verdict).toBe('deny');
	});
});

describe('deletion: precedence', () => {
	const config = configFor({
		deletion_protected_names: 'hq',
		deletion_protect_default_rooms: true,
		deletion_protect_team_main_rooms: true,
		deletion_protected_member_count: 10,
	});
	const everything = { isDefault: true, isTeamMain: true };

	it.each([
		['hq', everything, 100, 'deletion_protected_names'],
		['other', everything, 100, 'deletion_protect_default_rooms'],
		['other', { isTeamMain: true }, 100, 'deletion_protect_team_main_rooms'],
		['other', {}, 100, 'deletion_protected_member_count'],
	])('%s with %j and %s members is refused by %s', (name, more, count, setting) => {
		expect(decideDeletion(config, room(name, 'team', more), count).rule?.setting).toBe(setting);
	});

	it('allows a room no rule protects', () => {
		expect(decideDeletion(config, room('other'), 10)).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('deletionPolicyActive', () => {
	it.each([
		[{}, false],
		[{ deletion_protected_names: 'x' }, true],
		[{ deletion_protect_default_rooms: true }, true],
		[{ deletion_protect_team_main_rooms: true }, true],
		[{ deletion_protected_member_count: 5 }, true],
	])('%j: %s', (values, active) => {
		expect(deletionPolicyActive(configFor(values))).toBe(active);
	});
});
