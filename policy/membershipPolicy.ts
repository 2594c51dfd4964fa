import type { Decision } from './decision';
import { NO_RULE_MATCHED, applyExemption, deny, firstMatch, heldRole } from './decision';
import type { RoomFacts, UserFacts } from './eventFacts';
import type { NamePattern } from '../lib/namePattern';
import type { RoomEventsConfig } from '../settings/settings';
import { SETTINGS } from '../settings/settings';
import type { NameRule } from '../settings/valueParsers';

export interface JoinFacts {
	readonly room: RoomFacts;
	readonly joiningUser: UserFacts;
	/** Present when a member added the user (invite, add); absent when they joined on their own. */
	readonly inviter?: { readonly id?: string; readonly username: string };
	/** Members before this join; read only when a capacity rule matches the room. */
	readonly memberCount?: number;
}

export interface LeaveFacts {
	readonly room: RoomFacts;
	/** Who leaves; no rule reads their roles. */
	readonly leavingUser?: { readonly id?: string; readonly username: string };
	/** Present when someone else removed the user (kick); absent when they left. */
	readonly removedBy?: UserFacts;
}

export function joinPolicyActive(config: RoomEventsConfig): boolean {
	return (
		config.joinRules.length > 0 ||
		config.keepGuestsOutOfChannels ||
		config.inviteOnlyNames.length > 0 ||
		config.lockedRooms.length > 0 ||
		config.capacityRules.length > 0
	);
}

export function leavePolicyActive(config: RoomEventsConfig): boolean {
	return config.mandatoryNames.length > 0;
}

/** The capacity rule for a room, first match wins; the handler reads the member count only then. */
export function capacityRuleFor(config: RoomEventsConfig, room: RoomFacts): NameRule<number> | undefined {
	return config.capacityRules.find((rule) => rule.pattern.matches(room.name));
}

/**
 * Whether a join decided without knowing the user could turn out otherwise knowing their roles
 * and username: a denial (a join rule or an exemption may pass it), or a public room while
 * guests are kept out.
 */
export function joinUserCouldMatter(config: RoomEventsConfig, room: RoomFacts, unknownUser: Decision): boolean {
	return unknownUser.verdict === 'deny' || (config.keepGuestsOutOfChannels && room.isPublic);
}

export function decideJoin(config: RoomEventsConfig, facts: JoinFacts): Decision {
	const { room } = facts;
	// A locked room admits nobody new, whoever asks: no exemption applies.
	if (config.lockedRooms.includes(room.name.toLowerCase())) {
		return deny(SETTINGS.lockedRooms.id, room.name, `The room "${room.name}" is locked: it admits no new members until it is unlocked.`);
	}
	return applyExemption(decideJoinByRules(config, facts), facts.joiningUser, {
		roles: config.joinExemptRoles,
		users: config.joinExemptUsers,
		rolesSetting: SETTINGS.joinExemptRoles.id,
		usersSetting: SETTINGS.joinExemptUsers.id,
	});
}

function decideJoinByRules(config: RoomEventsConfig, facts: JoinFacts): Decision {
	const { room, joiningUser } = facts;
	if (config.keepGuestsOutOfChannels && room.isPublic && heldRole(joiningUser, ['guest'])) {
		return deny(SETTINGS.keepGuestsOutOfChannels.id, 'guest', 'Guests cannot join public rooms in this workspace.');
	}
	const joinRule = config.joinRules.find((rule) => rule.pattern.matches(room.name));
	if (joinRule && !heldRole(joiningUser, joinRule.value)) {
		return deny(
			SETTINGS.joinRules.id,
			joinRule.source,
			`Only users with the role ${joinRule.value.map((role) => `"${role}"`).join(' or ')} may join "${room.name}".`,
		);
	}
	const inviteOnly = firstMatch(config.inviteOnlyNames, room.name);
	if (inviteOnly && !facts.inviter) {
		return deny(SETTINGS.inviteOnlyNames.id, inviteOnly.source, `"${room.name}" is invite-only: ask a member to add you.`);
	}
	const capacity = capacityRuleFor(config, room);
	if (capacity && facts.memberCount !== undefined && facts.memberCount >= capacity.value) {
		return deny(SETTINGS.capacityRules.id, capacity.source, `"${room.name}" is full: it admits at most ${capacity.value} members.`);
	}
	return NO_RULE_MATCHED;
}

/** The mandatory-room pattern a room matches; the remover's roles are read only then. */
export function mandatoryPatternFor(config: RoomEventsConfig, room: RoomFacts): NamePattern | undefined {
	return firstMatch(config.mandatoryNames, room.name);
}

export function decideLeave(config: RoomEventsConfig, facts: LeaveFacts): Decision {
	const mandatory = mandatoryPatternFor(config, facts.room);
	if (!mandatory) {
		return NO_RULE_MATCHED;
	}
	const { removedBy } = facts;
	if (!removedBy) {
		return deny(SETTINGS.mandatoryNames.id, mandatory.source, `"${facts.room.name}" is a mandatory room: it cannot be left.`);
	}
	const role = heldRole(removedBy, config.leaveExemptRoles);
	if (role) {
		return {
			verdict: 'allow',
			reason: `removal from a mandatory room by a user with the role "${role}"`,
			rule: { setting: SETTINGS.leaveExemptRoles.id, matched: role },
		};
	}
	const removers = config.leaveExemptRoles.map((role) => `"${role}"`).join(' or ');
	return deny(
		SETTINGS.mandatoryNames.id,
		mandatory.source,
		removers === ''
			? `"${facts.room.name}" is a mandatory room: nobody can remove members.`
			: `"${facts.room.name}" is a mandatory room: only a user with the role ${removers} can remove members.`,
	);
}
