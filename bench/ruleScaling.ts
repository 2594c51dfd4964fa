/**
 * Rule scaling (a section of `npm run bench`): every rule family decided through the app's own
 * pure decision functions (policy/*.ts), on a config built by settings/settings.ts buildConfig
 * from 10 and from 10,000 rule lines of the shapes admins write. Goal: 10,000 rules cost at most
 * twice what 10 cost per decision. The two sizes are timed in turns, round after round.
 */
import { fmt, load, perDecision, row } from './benchSupport';
import { NONE_MATCHING, lastMatching, realisticRules } from './ruleShapes';
import { decideCreation } from '../policy/creationPolicy';
import type { Step } from '../policy/decision';
import { decideDeletion } from '../policy/deletionPolicy';
import type { RoomFacts, UserFacts } from '../policy/eventFacts';
import { decideJoin, decideLeave } from '../policy/membershipPolicy';
import { autoMembersFor, planRoomShape } from '../policy/roomShapePolicy';
import type { RoomEventsConfig } from '../settings/settings';
import { buildConfig } from '../settings/settings';

const MEMBER: UserFacts = { id: 'u1', username: 'member', roles: ['user'] };

function channel(name: string): RoomFacts {
	return { name, kind: 'channel', isPublic: true, isDefault: false, isTeamMain: false };
}

/** What a step says of the family's setting: whether one of its rules decided (or, for a shape, asked for a change). */
const decidedBy = (setting: string) => (step: Step) => step.rule?.setting === setting;

interface Family {
	readonly label: string;
	readonly setting: string;
	/** The setting's line for one pattern. */
	readonly line: (pattern: string) => string;
	readonly decide: (config: RoomEventsConfig, name: string) => unknown;
	/** Whether the family's rules had a say in this result: checked before timing, so a broken setup cannot be timed. */
	readonly hadSay: (result: never) => boolean;
	/** Required names decide when no rule matches: their say is the other way round. */
	readonly sayWhenNoneMatches?: boolean;
}

const join = (config: RoomEventsConfig, name: string) => decideJoin(config, { room: channel(name), joiningUser: MEMBER, memberCount: 3 });
const create = (config: RoomEventsConfig, name: string) => decideCreation(config, channel(name), MEMBER);
const shape = (config: RoomEventsConfig, name: string) =>
	planRoomShape(config, { room: channel(name), displayName: name, isReadOnly: false, displaySystemMessages: true });
const shapedBy = (setting: string) => (plan: ReturnType<typeof planRoomShape>) => plan.rules.some((rule) => rule.setting === setting);

/** A family whose setting lists patterns, one a line, and whose decisions name the pattern that decided. */
const patternList = (label: string, setting: string, decide: Family['decide'], more: Partial<Family> = {}): Family => ({
	label,
	setting,
	line: (pattern) => pattern,
	decide,
	hadSay: decidedBy(setting),
	...more,
});

const FAMILIES: readonly Family[] = [
	{ label: 'join rules', setting: 'join_rules', line: (pattern) => `${pattern}: admin`, decide: join, hadSay: decidedBy('join_rules') },
	{ label: 'capacity rules', setting: 'join_capacity', line: (pattern) => `${pattern}: 2`, decide: join, hadSay: decidedBy('join_capacity') },
	patternList('locked rooms', 'join_locked_rooms', join),
	patternList('invite-only rooms', 'join_invite_only_names', join),
	patternList('creation: blocked names', 'creation_blocked_names', create),
	patternList('creation: reserved names', 'creation_reserved_names', create),
	patternList('creation: required names', 'creation_required_names', create, { sayWhenNoneMatches: true }),
	patternList('read-only patterns', 'naming_read_only_names', shape, { hadSay: shapedBy('naming_read_only_names') }),
	patternList('system-message patterns', 'naming_hide_system_messages_names', shape, { hadSay: shapedBy('naming_hide_system_messages_names') }),
	patternList('mandatory rooms (leave)', 'leave_mandatory_names', (config, name) => decideLeave(config, { room: channel(name), removed: false })),
	patternList('deletion protection', 'deletion_protected_names', (config, name) => decideDeletion(config, channel(name), 3)),
	{
		label: 'auto-members',
		setting: 'naming_auto_members',
		line: (pattern) => `${pattern}: compliance.bot`,
		decide: (config, name) => autoMembersFor(config, channel(name)),
		hadSay: (members: ReturnType<typeof autoMembersFor>) => members.rules.length > 0,
	},
];

/** The config with `count` rules of the family, every other setting at its default, built as the app builds it. */
function configWith(family: Family, count: number): RoomEventsConfig {
	const value = realisticRules(count).map(family.line).join('\n');
	const { config, problems } = buildConfig((id) => (id === family.setting ? value : undefined));
	if (problems.length > 0) throw new Error(`${family.setting} does not parse: ${problems[0].error}`);
	return config;
}

function check(family: Family, config: RoomEventsConfig, names: readonly string[], matching: boolean): void {
	for (const name of names) {
		const hadSay = family.hadSay(family.decide(config, name) as never);
		if (hadSay !== (matching !== (family.sayWhenNoneMatches ?? false))) {
			throw new Error(`${family.label}: the decision on "${name}" is not what its rules say`);
		}
	}
}

export function benchRuleScaling(): void {
	// As many rounds in a quick run: the section is short, and fewer rounds let a loaded machine's noise through.
	const rounds = 31;
	console.log(`Rule scaling: ns per decision through policy/*.ts, 10 against 10,000 rules of one family, fastest of ${rounds} interleaved rounds`);
	const widths = [26, 14, 9, 13, 11];
	console.log(row(['family', 'names', '10 rules', '10,000 rules', '10,000 ÷ 10'], widths));
	const lastOfTen = lastMatching(realisticRules(10));
	const lastOfTenThousand = lastMatching(realisticRules(10000));
	const worst: Array<{ label: string; ratio: number }> = [];
	for (const family of FAMILIES) {
		const small = configWith(family, 10);
		const large = configWith(family, 10000);
		const ratios: number[] = [];
		for (const [label, smallNames, largeNames, matching] of [
			['none matching', NONE_MATCHING, NONE_MATCHING, false],
			['last matching', lastOfTen, lastOfTenThousand, true],
		] as const) {
			check(family, small, smallNames, matching);
			check(family, large, largeNames, matching);
			const times = perDecision(
				{
					small: { decide: (name) => family.decide(small, name), names: smallNames },
					large: { decide: (name) => family.decide(large, name), names: largeNames },
				},
				rounds,
			);
			ratios.push(times.large / times.small);
			console.log(row([family.label, label, fmt(times.small), fmt(times.large), fmt(times.large / times.small)], widths));
		}
		worst.push({ label: family.label, ratio: Math.max(...ratios) });
	}
	const over = worst.filter(({ ratio }) => ratio > 2);
	const highest = worst.reduce((a, b) => (b.ratio > a.ratio ? b : a));
	console.log(
		`goal 10,000 ÷ 10 ≤ 2 for every family: worst ${fmt(highest.ratio)} (${highest.label}) → ${over.length === 0 ? 'met' : `not met by ${over.map(({ label }) => label).join(', ')}`}; load now ${load()}`,
	);
}
