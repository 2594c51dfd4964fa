import type { UserFacts } from './eventFacts';
import type { NamePattern } from '../lib/namePattern';
import { allMatching, firstMatching } from '../lib/patternLookup';
import type { Text } from '../lib/translate';
import { text } from '../lib/translate';
import type { NameRule } from '../settings/valueParsers';

/** The setting whose rule decided, and the part of it that matched (a pattern, a rule line). */
export interface RuleMatch {
	readonly setting: string;
	readonly matched: string;
}

export type Decision =
	| { readonly verdict: 'allow'; readonly reason: Text; readonly rule?: RuleMatch }
	| { readonly verdict: 'deny'; readonly reason: Text; readonly rule: RuleMatch };

/** A fact an event does not carry, read from the server only when a rule needs it. */
export type Fact = 'user' | 'memberCount' | 'remover';

/**
 * The answer of a decision that cannot be made without a fact the handler has not read: the
 * handler reads it and asks again. Rules are checked in order, so a rule that decides on what
 * the event carries (a lock, a name) decides before anything is read.
 */
export interface NeedsFact {
	readonly verdict: 'needs';
	readonly fact: Fact;
	readonly reason: string;
	readonly rule?: undefined;
}

export type Step = Decision | NeedsFact;

export function needs(fact: Fact, reason: string): NeedsFact {
	return { verdict: 'needs', fact, reason };
}

/** What a decision does once dry-run mode is applied. */
export type Outcome = 'allowed' | 'denied' | 'would-deny';

export const NO_RULE_MATCHED: Decision = { verdict: 'allow', reason: text('reason_no_rule') };

/** A refusal; its reason is a text (i18n) so that the user who is refused reads it in their language. */
export function deny(setting: string, matched: string, reason: Text): Decision {
	return { verdict: 'deny', reason, rule: { setting, matched } };
}

export function outcomeOf(decision: Decision, dryRun: boolean): Outcome {
	if (decision.verdict === 'allow') {
		return 'allowed';
	}
	return dryRun ? 'would-deny' : 'denied';
}

export function firstMatch(patterns: readonly NamePattern[], name: string): NamePattern | undefined {
	return firstMatching(patterns, itself, name);
}

/** The first rule whose pattern matches `name`: rules are read in order, first match wins. */
export function firstRule<T>(rules: ReadonlyArray<NameRule<T>>, name: string): NameRule<T> | undefined {
	return firstMatching(rules, patternOfRule, name);
}

export function allRules<T>(rules: ReadonlyArray<NameRule<T>>, name: string): Array<NameRule<T>> {
	return allMatching(rules, patternOfRule, name);
}

const itself = (pattern: NamePattern) => pattern;
function patternOfRule<T>(rule: NameRule<T>): NamePattern {
	return rule.pattern;
}

/** The first of the user's roles that is among `wanted` (role names compared in lower case), if any. */
export function heldRole(user: UserFacts, wanted: readonly string[]): string | undefined {
	return user.roles.find((held) => wanted.includes(held.toLowerCase()));
}

export interface Exemption {
	readonly roles: readonly string[];
	readonly users: readonly string[];
	readonly rolesSetting: string;
	readonly usersSetting: string;
}

/**
 * Lets an exempt user through a denial, saying which exemption did it; leaves every other
 * decision as it is. A denial needs the user (read by id) to know whether they are exempt.
 */
export function applyExemption(decision: Step, user: UserFacts | undefined, exemption: Exemption): Step {
	if (decision.verdict !== 'deny') {
		return decision;
	}
	if (!user) {
		return needs('user', 'an exemption could apply');
	}
	const role = heldRole(user, exemption.roles);
	if (role) {
		return {
			verdict: 'allow',
			reason: text('reason_exempt_role', { role, reason: decision.reason }),
			rule: { setting: exemption.rolesSetting, matched: role },
		};
	}
	if (user.username !== '' && exemption.users.includes(user.username)) {
		return {
			verdict: 'allow',
			reason: text('reason_exempt_user', { user: user.username, reason: decision.reason }),
			rule: { setting: exemption.usersSetting, matched: user.username },
		};
	}
	return decision;
}
