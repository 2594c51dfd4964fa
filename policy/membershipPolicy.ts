import type { Step } from './decision';
import { NO_RULE_MATCHED, applyExemption, deny, firstMatch, firstRule, heldRole, needs } from './decision';
import type { RoomFacts, UserFacts } from './eventFacts';
import type { NamePattern } from '../lib/namePattern';
import { text } from '../lib/translate';
import type { RoomEventsConfig } from '../settings/settings';
import { SETTINGS } from '../settings/settings';
import type { NameRule } from '../settings/valueParsers';

export interface JoinFacts {
	readonly room: RoomFacts;
	/** The joining user as stored (read by id); absent until a rule needs their roles or username. */
	readonly joiningUser?: UserFacts;
	/** Present when a member added the user (invite, add); absent when they joined on their own. */
	readonly inviter?: { readonly id?: string; readonly username: string };
	/** Members before this join; absent until a capacity rule needs it. */
	readonly memberCount?: number;
}

export interface LeaveFacts {
	readonly room: RoomFacts;
	/** Who leaves; no rule reads their roles. */
	readonly leavingUser?: { readonly id?: string; readonly username: string };
	/** Whether someone else removed the user (kick); absent when they left. */
	readonly removed?: boolean;
	/** The remover as stored (read by id); absent until a mandatory room needs their roles. */
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
	return firstRule(config.capacityRules, room.name);
}

/**
 * The join decision, rule by rule: a locked room decides on the name alone; the user is needed for
 * the guest and join rules and for an exemption from a refusal, the member count for capacity.
 */
export function decideJoin(config: RoomEventsConfig, facts: JoinFacts): Step {
	const { room } = facts;
	// A locked room admits nobody new, whoever asks: no exemption applies.
	const locked = firstMatch(config.lockedRooms, room.name);
	if (locked) {
		return deny(SETTINGS.lockedRooms.id, locked.source, text('reason_room_locked', { room: room.name }));
	}
	return applyExemption(decideJoinByRules(config, facts), facts.joiningUser, {
		roles: config.joinExemptRoles,
		users: config.joinExemptUsers,
		rolesSetting: SETTINGS.joinExemptRoles.id,
		usersSetting: SETTINGS.joinExemptUsers.id,
	});
}

function decideJoinByRules(config: RoomEventsConfig, facts: JoinFacts): Step {
	const { room, joiningUser } = facts;
	const guestsOut = config.keepGuestsOutOfChannels && room.isPublic;
	const joinRule = firstRule(config.joinRules, room.name);
	if ((guestsOut || joinRule) && !joiningUser) {
		return needs('user', guestsOut ? 'guests are kept out of public rooms' : `the join rule "${joinRule?.source}"`);
	}
	if (guestsOut && joiningUser && heldRole(joiningUser, ['guest'])) {
		return deny(SETTINGS.keepGuestsOutOfChannels.id, 'guest', text('reason_guests_kept_out'));
	}
	if (joinRule && joiningUser && !heldRole(joiningUser, joinRule.value)) {
		return deny(
			SETTINGS.joinRules.id,
			joinRule.source,
			text('reason_join_role', { roles: { anyOf: joinRule.value.map((role) => `"${role}"`) }, room: room.name }),
		);
	}
	const inviteOnly = firstMatch(config.inviteOnlyNames, room.name);
	if (inviteOnly && !facts.inviter) {
		return deny(SETTINGS.inviteOnlyNames.id, inviteOnly.source, text('reason_invite_only', { room: room.name }));
	}
	const capacity = capacityRuleFor(config, room);
	if (capacity && facts.memberCount === undefined) {
		return needs('memberCount', `the capacity rule "${capacity.source}"`);
	}
	if (capacity && facts.memberCount !== undefined && facts.memberCount >= capacity.value) {
		return deny(SETTINGS.capacityRules.id, capacity.source, text('reason_room_full', { room: room.name, capacity: capacity.value }));
	}
	return NO_RULE_MATCHED;
}

/** The mandatory-room pattern a room matches; the remover's roles are read only then. */
export function mandatoryPatternFor(config: RoomEventsConfig, room: RoomFacts): NamePattern | undefined {
	return firstMatch(config.mandatoryNames, room.name);
}

/** The leave decision: a mandatory room is decided on its name, a removal from it needs the remover's roles. */
export function decideLeave(config: RoomEventsConfig, facts: LeaveFacts): Step {
	const mandatory = mandatoryPatternFor(config, facts.room);
	if (!mandatory) {
		return NO_RULE_MATCHED;
	}
	const { removedBy } = facts;
	if (!facts.removed && !removedBy) {
		return deny(SETTINGS.mandatoryNames.id, mandatory.source, text('reason_mandatory_room', { room: facts.room.name }));
	}
	if (!removedBy) {
		return needs('remover', `"${mandatory.source}" is a mandatory room`);
	}
	const role = heldRole(removedBy, config.leaveExemptRoles);
	if (role) {
		return {
			verdict: 'allow',
			reason: text('reason_removal_by_role', { role }),
			rule: { setting: SETTINGS.leaveExemptRoles.id, matched: role },
		};
	}
	const removers = config.leaveExemptRoles.map((role) => `"${role}"`);
	return deny(
		SETTINGS.mandatoryNames.id,
		mandatory.source,
		removers.length === 0
			? text('reason_mandatory_no_removal', { room: facts.room.name })
			: text('reason_mandatory_removal_role', { room: facts.room.name, roles: { anyOf: removers } }),
	);
}
