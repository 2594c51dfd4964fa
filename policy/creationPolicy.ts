import type { Decision, Step } from './decision';
import { NO_RULE_MATCHED, applyExemption, deny, firstMatch } from './decision';
import type { RoomFacts, RoomKind, UserFacts } from './eventFacts';
import { hasOwnName } from './eventFacts';
import { plannedRoomName } from './roomShapePolicy';
import type { NamePattern } from '../lib/namePattern';
import type { Text } from '../lib/translate';
import { AUDIT_LANGUAGE, text, translate } from '../lib/translate';
import { SETTINGS } from '../settings/settings';
import type { RoomEventsConfig } from '../settings/settings';

type BlockSwitch = 'blockChannels' | 'blockPrivateGroups' | 'blockDirectMessages' | 'blockDiscussions';

/**
 * No switch for teams: since Rocket.Chat 6.12 a team's main room is created as a plain channel or
 * group and flagged afterwards, so the creation events cannot tell it apart (the channel and
 * group switches apply to it).
 */
const BLOCK_SWITCH: Partial<Record<RoomKind, BlockSwitch>> = {
	'channel': 'blockChannels',
	'private-group': 'blockPrivateGroups',
	'direct-message': 'blockDirectMessages',
	'discussion': 'blockDiscussions',
};

/** Whether any creation rule is on: with none, creation needs no facts and is not audited. */
export function creationPolicyActive(config: RoomEventsConfig): boolean {
	return (
		Object.values(BLOCK_SWITCH).some((key) => key !== undefined && config[key]) ||
		config.blockedNames.length > 0 ||
		config.requiredNames.length > 0 ||
		config.reservedNames.length > 0
	);
}

/** The creation decision; the creator (read by id) is needed only when the rules refuse the room. */
export function decideCreation(config: RoomEventsConfig, room: RoomFacts, creator?: UserFacts): Step {
	return applyExemption(decideByRules(config, room), creator, {
		roles: config.creationExemptRoles,
		users: config.creationExemptUsers,
		rolesSetting: SETTINGS.creationExemptRoles.id,
		usersSetting: SETTINGS.creationExemptUsers.id,
	});
}

function decideByRules(config: RoomEventsConfig, room: RoomFacts): Decision {
	const blockSwitch = BLOCK_SWITCH[room.kind];
	if (blockSwitch && config[blockSwitch]) {
		return deny(SETTINGS[blockSwitch].id, room.kind, text('reason_creation_switched_off', { kind: text(`room_kind_${room.kind}`) }));
	}
	if (!hasOwnName(room.kind)) {
		return NO_RULE_MATCHED;
	}
	// Naming rules may rename the room after this check: judge the name asked for and the
	// name it will get, so a prefix neither sneaks past a rule nor trips one it satisfies.
	const names = Array.from(new Set([room.name, plannedRoomName(config, room)]));
	const reserved = names.find((name) => firstMatch(config.reservedNames, name));
	if (reserved) {
		const pattern = firstMatch(config.reservedNames, reserved) as NamePattern;
		return deny(SETTINGS.reservedNames.id, pattern.source, text('reason_name_reserved', { name: reserved }));
	}
	const blocked = names.map((name) => firstMatch(config.blockedNames, name)).find((match) => match !== undefined);
	if (blocked) {
		return deny(SETTINGS.blockedNames.id, blocked.source, text('reason_name_blocked', { pattern: blocked.source }));
	}
	if (config.requiredNames.length > 0 && !names.some((name) => firstMatch(config.requiredNames, name))) {
		return deny(SETTINGS.requiredNames.id, ...requiredNamesRefusal(config.requiredNames));
	}
	return NO_RULE_MATCHED;
}

/** Required patterns a refusal names before "and N more": a list of thousands is neither read nor worth building per decision. */
const REQUIRED_SHOWN = 5;

/** What a refusal for want of a required pattern names: the first patterns, in order, and how many more there are. */
function requiredNamesRefusal(required: readonly NamePattern[]): [matched: string, reason: Text] {
	const shown = required
		.slice(0, REQUIRED_SHOWN)
		.map((pattern) => `"${pattern.source}"`)
		.join(', ');
	const more = required.length - REQUIRED_SHOWN;
	if (more > 0) {
		return [`${shown} and ${more} more`, text('reason_name_required_one_of_more', { patterns: shown, count: more })];
	}
	return [shown, required.length === 1 ? text('reason_name_required', { pattern: shown }) : text('reason_name_required_one_of', { patterns: shown })];
}

/** The custom field on new rooms that records which policy admitted them. */
export const ADMISSION_FIELD = 'roomEventsAdmission';

export interface AdmissionTag {
	readonly admittedBy: string;
	readonly reason: string;
	readonly dryRun: boolean;
	readonly at: string;
}

/** `decision` is absent when no creation rule is on: the room was admitted by default. */
export function admissionTag(decision: Decision | undefined, dryRun: boolean, now: Date): AdmissionTag {
	if (!decision) {
		return { admittedBy: 'default', reason: 'no creation rule is on', dryRun, at: now.toISOString() };
	}
	if (decision.verdict === 'deny') {
		// Only dry-run mode lets a denied room be created: the rule would have refused it.
		const reason = `${decision.rule.setting} would have refused it: ${translate(AUDIT_LANGUAGE, decision.reason)}`;
		return { admittedBy: 'dry-run', reason, dryRun, at: now.toISOString() };
	}
	return { admittedBy: decision.rule?.setting ?? 'default', reason: translate(AUDIT_LANGUAGE, decision.reason), dryRun, at: now.toISOString() };
}
