import { NO_RULE_MATCHED } from '../../../policy/decision';
import type { UserFacts } from '../../../policy/eventFacts';
import type { JoinFacts } from '../../../policy/membershipPolicy';
import {
	capacityRuleFor,
	decideJoin as decideJoinStep,
	decideLeave as decideLeaveStep,
	joinPolicyActive,
	leavePolicyActive,
	mandatoryPatternFor,
} from '../../../policy/membershipPolicy';
import { configFor, inEnglish, room, user } from '../../fakes/configFor';

/** The decision with its reason in English, as the audit room has it. */
const decideJoin = (...args: Parameters<typeof decideJoinStep>) => inEnglish(decideJoinStep(...args));
const decideLeave = (...args: Parameters<typeof decideLeaveStep>) => inEnglish(decideLeaveStep(...args));

const plain = user('dave', ['user']);
const guest = user('gus', ['guest']);
const admin = user('root', ['admin']);
const member = user('mia', ['user']);

describe('join: locked rooms', () => {
	const config = configFor({
		join_locked_rooms: 'war-room, #Incident-7',
		join_exempt_roles: 'admin, security',
		join_exempt_users: 'dave',
	});

	it.each([
		['a plain user', plain, undefined],
		['an admin (exempt role)', admin, undefined],
		['an exempt username', user('dave', ['user']), undefined],
		['a user added by an admin', plain, admin],
		['a security user', user('sec', ['Security']), undefined],
	])('deny %s', (_who, joiningUser, inviter) => {
		const decision = decideJoin(config, { room: room('war-room'), joiningUser, inviter });
		expect(decision.verdict).toBe('deny');
		expect(decision.rule).toEqual({ setting: 'join_locked_rooms', matched: 'war-room' });
	});

	it('matches the locked name case-insensitively and explains', () => {
		const decision = decideJoin(config, { room: room('INCIDENT-7', 'private-group'), joiningUser: plain });
		expect(decision.verdict).toBe('deny');
		expect(decision.reason).toBe('The room "INCIDENT-7" is locked: it admits no new members until it is unlocked.');
	});

	it.each(['war-room-2', 'incident'])('leaves %s open (exact names only)', (name) => {
		expect(decideJoin(config, { room: room(name), joiningUser: plain })).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('join: guests', () => {
	const config = configFor({ join_keep_guests_out_of_channels: true });

	it.each([
		['channel', true, guest, 'deny'],
		['channel', true, user('gus', ['Guest']), 'deny'],
		['channel', true, plain, 'allow'],
		['team', true, guest, 'deny'],
		['team', false, guest, 'allow'],
		['discussion', true, guest, 'deny'],
		['discussion', false, guest, 'allow'],
		['private-group', false, guest, 'allow'],
		['direct-message', false, guest, 'allow'],
	] as const)('a %s (public: %s) admits %j: %s', (kind, isPublic, joiningUser, verdict) => {
		const denial = {
			verdict: 'deny',
			reason: 'Guests cannot join public rooms in this workspace.',
			rule: { setting: 'join_keep_guests_out_of_channels', matched: 'guest' },
		};
		expect(decideJoin(config, { room: room('lobby', kind, { isPublic }), joiningUser })).toEqual(verdict === 'deny' ? denial : inEnglish(NO_RULE_MATCHED));
	});

	it('keeps a guest out even when a member adds them', () => {
		expect(decideJoin(config, { room: room('lobby'), joiningUser: guest, inviter: member }).verdict).toBe('deny');
	});

	it('lets guests in with the switch off', () => {
		expect(decideJoin(configFor(), { room: room('lobby'), joiningUser: guest })).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('join: join rules', () => {
	const config = configFor({
		join_rules: 'security-*: admin, security\nsecurity-open: user\n*-board: Board',
		join_exempt_roles: '',
	});

	it.each([
		['security-ops', ['security'], 'allow'],
		['security-ops', ['SECURITY'], 'allow'],
		['security-ops', ['user', 'admin'], 'allow'],
		['security-ops', ['user'], 'deny'],
		['security-ops', [], 'deny'],
		// The first matching rule wins: the second line never applies to this room.
		['security-open', ['user'], 'deny'],
		['security-open', ['security'], 'allow'],
		['main-board', ['board'], 'allow'],
		['main-board', ['Board'], 'allow'],
		['main-board', ['security'], 'deny'],
		['random', ['guest'], 'allow'],
	])('%s admits roles %j: %s', (name, roles, verdict) => {
		expect(decideJoin(config, { room: room(name), joiningUser: user('u', roles) }).verdict).toBe(verdict);
	});

	it('names the rule line and the roles in the denial', () => {
		const decision = decideJoin(config, { room: room('security-ops'), joiningUser: plain });
		expect(decision.rule).toEqual({ setting: 'join_rules', matched: 'security-*: admin, security' });
		expect(decision.reason).toBe('Only users with the role "admin" or "security" may join "security-ops".');
	});

	it('applies to users added by a member as well', () => {
		expect(decideJoin(config, { room: room('security-ops'), joiningUser: plain, inviter: user('boss', ['security']) }).verdict).toBe('deny');
	});
});

describe('join: invite-only rooms', () => {
	const config = configFor({ join_invite_only_names: 'board-*' });

	it("denies joining on one's own", () => {
		const decision = decideJoin(config, { room: room('Board-2026'), joiningUser: plain });
		expect(decision.verdict).toBe('deny');
		expect(decision.rule).toEqual({ setting: 'join_invite_only_names', matched: 'board-*' });
		expect(decision.reason).toBe('"Board-2026" is invite-only: ask a member to add you.');
	});

	it('allows a user a member added', () => {
		expect(decideJoin(config, { room: room('board-2026'), joiningUser: plain, inviter: member })).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it('leaves other rooms open', () => {
		expect(decideJoin(config, { room: room('onboard-x'), joiningUser: plain })).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('join: capacity', () => {
	const config = configFor({ join_capacity: 'townhall-*: 3\n*: 100' });

	it.each([
		[0, 'allow'],
		[2, 'allow'],
		[3, 'deny'],
		[4, 'deny'],
	])('townhall-1 with %s members before the join: %s', (memberCount, verdict) => {
		const denial = {
			verdict: 'deny',
			reason: '"townhall-1" is full: it admits at most 3 members.',
			rule: { setting: 'join_capacity', matched: 'townhall-*: 3' },
		};
		const decision = decideJoin(config, { room: room('townhall-1'), joiningUser: plain, inviter: member, memberCount });
		expect(decision).toEqual(verdict === 'deny' ? denial : inEnglish(NO_RULE_MATCHED));
	});

	it('uses the first matching capacity rule', () => {
		expect(capacityRuleFor(config, room('TownHall-9'))?.value).toBe(3);
		expect(capacityRuleFor(config, room('other'))?.value).toBe(100);
		expect(decideJoin(config, { room: room('other'), joiningUser: plain, memberCount: 99 }).verdict).toBe('allow');
		expect(decideJoin(config, { room: room('other'), joiningUser: plain, memberCount: 100 }).verdict).toBe('deny');
	});

	it('has no rule for a room no pattern matches', () => {
		const only = configFor({ join_capacity: 'townhall-*: 3' });
		expect(capacityRuleFor(only, room('random'))).toBeUndefined();
		expect(capacityRuleFor(configFor(), room('townhall-1'))).toBeUndefined();
		expect(decideJoin(only, { room: room('random'), joiningUser: plain, memberCount: 10_000 })).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('join: precedence', () => {
	const config = configFor({
		join_keep_guests_out_of_channels: true,
		join_rules: 'vip-*: vip',
		join_invite_only_names: 'vip-*',
		join_capacity: 'vip-*: 2',
		join_exempt_roles: '',
	});
	const vip = user('v', ['vip']);

	it.each<[string, JoinFacts, string]>([
		['guest rule first', { room: room('vip-lounge'), joiningUser: user('g', ['guest']) }, 'join_keep_guests_out_of_channels'],
		['then join rules', { room: room('vip-lounge'), joiningUser: plain }, 'join_rules'],
		['then invite-only', { room: room('vip-lounge'), joiningUser: vip, memberCount: 5 }, 'join_invite_only_names'],
		['then capacity', { room: room('vip-lounge'), joiningUser: vip, inviter: vip, memberCount: 5 }, 'join_capacity'],
	])('%s', (_order, facts, setting) => {
		expect(decideJoin(config, facts).rule?.setting).toBe(setting);
	});

	it('allows when every rule is met', () => {
		expect(decideJoin(config, { room: room('vip-lounge'), joiningUser: vip, inviter: vip, memberCount: 1 })).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('join: exemptions', () => {
	const config = configFor({
		join_keep_guests_out_of_channels: true,
		join_rules: 'security-*: security',
		join_invite_only_names: 'board-*',
		join_capacity: 'full-*: 1',
		join_exempt_roles: 'admin, Auditor',
		join_exempt_users: 'carol',
	});

	const denials: Array<[string, JoinFacts['room'], number | undefined]> = [
		['guest rule', room('lobby'), undefined],
		['join rule', room('security-ops'), undefined],
		['invite-only', room('board-x'), undefined],
		['capacity', room('full-x'), 5],
	];

	it.each(denials)('an exempt role passes the %s', (_rule, target, memberCount) => {
		const joiningUser: UserFacts = user('aud', ['guest', 'auditor']);
		const decision = decideJoin(config, { room: target, joiningUser, memberCount });
		expect(decision.verdict).toBe('allow');
		expect(decision.rule).toEqual({ setting: 'join_exempt_roles', matched: 'auditor' });
	});

	it.each(denials)('an exempt username passes the %s', (_rule, target, memberCount) => {
		const decision = decideJoin(config, { room: target, joiningUser: user('carol', ['guest']), memberCount });
		expect(decision.verdict).toBe('allow');
		expect(decision.rule).toEqual({ setting: 'join_exempt_users', matched: 'carol' });
	});

	it.each(denials)('a plain guest meets the %s', (_rule, target, memberCount) => {
		expect(decideJoin(config, { room: target, joiningUser: user('gus', ['guest']), memberCount }).verdict).toBe('deny');
	});

	it('an exempt inviter does not exempt the joining user', () => {
		expect(decideJoin(config, { room: room('security-ops'), joiningUser: plain, inviter: admin }).verdict).toBe('deny');
	});
});

describe('joinPolicyActive', () => {
	it.each([
		[{}, false],
		[{ join_exempt_users: 'carol' }, false],
		[{ join_rules: 'a-*: admin' }, true],
		[{ join_keep_guests_out_of_channels: true }, true],
		[{ join_invite_only_names: 'a-*' }, true],
		[{ join_locked_rooms: 'a' }, true],
		[{ join_capacity: 'a-*: 5' }, true],
	])('%j: %s', (values, active) => {
		expect(joinPolicyActive(configFor(values))).toBe(active);
	});
});

describe('decideLeave', () => {
	const config = configFor({ leave_mandatory_names: 'all-hands, company-*', leave_exempt_roles: 'admin, HR' });

	it("denies leaving a mandatory room on one's own, even to an exempt role", () => {
		for (const leavingUser of [plain, admin]) {
			const decision = decideLeave(config, { room: room('All-Hands'), leavingUser });
			expect(decision).toEqual({
				verdict: 'deny',
				reason: '"All-Hands" is a mandatory room: it cannot be left.',
				rule: { setting: 'leave_mandatory_names', matched: 'all-hands' },
			});
		}
	});

	it.each([
		['admin', ['admin'], 'admin'],
		['hr', ['user', 'Hr'], 'Hr'],
	])('allows removal by %s, naming leave_exempt_roles', (username, roles, matched) => {
		const decision = decideLeave(config, { room: room('company-news'), leavingUser: plain, removedBy: user(username, roles) });
		expect(decision.verdict).toBe('allow');
		expect(decision.rule).toEqual({ setting: 'leave_exempt_roles', matched });
		expect(decision.reason).toBe(`removal from a mandatory room by a user with the role "${matched}"`);
	});

	it('denies removal by a user without an exempt role', () => {
		const decision = decideLeave(config, { room: room('company-news'), leavingUser: plain, removedBy: user('owner', ['owner', 'moderator']) });
		expect(decision).toEqual({
			verdict: 'deny',
			reason: '"company-news" is a mandatory room: only a user with the role "admin" or "hr" can remove members.',
			rule: { setting: 'leave_mandatory_names', matched: 'company-*' },
		});
	});

	it.each([
		['leave', undefined],
		['removal', member],
	])('allows %s from a room that is not mandatory', (_how, removedBy) => {
		expect(decideLeave(config, { room: room('random'), leavingUser: plain, removedBy })).toEqual(inEnglish(NO_RULE_MATCHED));
	});

	it('allows everything with no mandatory room', () => {
		expect(decideLeave(configFor(), { room: room('all-hands'), leavingUser: plain })).toEqual(inEnglish(NO_RULE_MATCHED));
	});
});

describe('mandatoryPatternFor', () => {
	const config = configFor({ leave_mandatory_names: 'all-hands\ncompany-*' });

	it.each([
		['all-hands', 'all-hands'],
		['ALL-HANDS', 'all-hands'],
		['company-news', 'company-*'],
		['all-hands-2', undefined],
		['my-company-x', undefined],
	])('%s → %s', (name, source) => {
		expect(mandatoryPatternFor(config, room(name))?.source).toBe(source);
	});

	it.each([
		[{}, false],
		[{ leave_exempt_roles: 'hr' }, false],
		[{ leave_mandatory_names: 'x' }, true],
	])('leavePolicyActive %j: %s', (values, active) => {
		expect(leavePolicyActive(configFor(values))).toBe(active);
	});
});

describe('decideLeave with no exempt role', () => {
	it('says that nobody can remove members', () => {
		const config = configFor({ leave_mandatory_names: 'all-hands', leave_exempt_roles: '' });
		const decision = decideLeave(config, { room: room('all-hands'), leavingUser: user('bob'), removedBy: user('root', ['admin']) });
		expect(decision).toMatchObject({ verdict: 'deny', reason: '"all-hands" is a mandatory room: nobody can remove members.' });
	});
});

describe('joins: what the decision reads', () => {
	it.each([
		[{ join_locked_rooms: 'vault' }, 'vault', 'deny'],
		[{ join_locked_rooms: 'vault' }, 'town', 'allow'],
		[{ join_rules: 'security-*: admin' }, 'town', 'allow'],
		[{ join_rules: 'security-*: admin' }, 'security-x', 'needs user'],
		[{ join_invite_only_names: 'town' }, 'town', 'needs user'],
		[{ join_keep_guests_out_of_channels: true }, 'town', 'needs user'],
		[{ join_capacity: 'town: 5' }, 'town', 'needs memberCount'],
		[{ join_capacity: 'town: 5', join_locked_rooms: 'town' }, 'town', 'deny'],
	])('with %j, a self-join of %s knowing only the event is: %s', (values, name, expected) => {
		const step = decideJoin(configFor(values), { room: room(name) });
		expect(step.verdict === 'needs' ? `needs ${step.fact}` : step.verdict).toBe(expected);
	});

	it('reads nobody for a private room while guests are kept out of public ones', () => {
		const config = configFor({ join_keep_guests_out_of_channels: true });
		expect(decideJoin(config, { room: room('ops', 'private-group', { isPublic: false }) }).verdict).toBe('allow');
	});

	it('asks for the remover of a mandatory room, and not for one who leaves on their own', () => {
		const config = configFor({ leave_mandatory_names: 'all-hands' });
		expect(decideLeave(config, { room: room('all-hands'), removed: true })).toMatchObject({ verdict: 'needs', fact: 'remover' });
		expect(decideLeave(config, { room: room('all-hands') }).verdict).toBe('deny');
	});
});
