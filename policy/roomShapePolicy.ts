import type { RuleMatch } from './decision';
import { allRules, firstMatch } from './decision';
import type { RoomFacts, RoomKind } from './eventFacts';
import { hasOwnName } from './eventFacts';
import { isValidRoomName } from '../lib/roomName';
import { SETTINGS } from '../settings/settings';
import type { RoomEventsConfig } from '../settings/settings';
import type { NameRule } from '../settings/valueParsers';

/** The room fields Rocket.Chat applies from IPreRoomCreateModify, by their IRoom names. */
export interface RoomShape {
	readonly slugifiedName?: string;
	readonly displayName?: string;
	readonly isReadOnly?: boolean;
	readonly displaySystemMessages?: boolean;
}

export interface ShapeFacts {
	readonly room: RoomFacts;
	readonly displayName?: string;
	readonly isReadOnly: boolean;
	readonly displaySystemMessages: boolean;
}

export interface ShapePlan {
	readonly changes: RoomShape;
	/** Names of the fields that change, in a fixed order: what the audit lists as `updated`. */
	readonly updated: ReadonlyArray<keyof RoomShape>;
	/** Why a wanted rename was left out, if it was. */
	readonly skipped?: string;
	/** The rules that asked for the changes, each with the part of its setting that matched. */
	readonly rules: readonly RuleMatch[];
}

type PrefixKey = 'channelPrefix' | 'privateGroupPrefix' | 'discussionPrefix';

const PREFIX: Partial<Record<RoomKind, PrefixKey>> = {
	'channel': 'channelPrefix',
	'private-group': 'privateGroupPrefix',
	'discussion': 'discussionPrefix',
};

export function shapePolicyActive(config: RoomEventsConfig): boolean {
	return (
		config.normalizeNames ||
		Object.values(PREFIX).some((key) => key !== undefined && config[key] !== '') ||
		config.readOnlyNames.length > 0 ||
		config.hiddenSystemMessageNames.length > 0
	);
}

export function normalizeName(name: string): string {
	return name.trim().toLowerCase().replace(/\s+/g, '-');
}

export function planRoomShape(config: RoomEventsConfig, facts: ShapeFacts): ShapePlan {
	const { room } = facts;
	if (!hasOwnName(room.kind)) {
		return { changes: {}, updated: [], rules: [] };
	}
	const changes: { -readonly [K in keyof RoomShape]: RoomShape[K] } = {};
	const rules: RuleMatch[] = [];
	let skipped: string | undefined;

	const name = plannedRoomName(config, room);
	if (name !== room.name) {
		if (room.kind === 'discussion') {
			// A discussion's slug is generated; its title is the name people see and rules match.
			changes.displayName = name;
		} else if (isValidRoomName(name)) {
			changes.slugifiedName = name;
			if (facts.displayName === undefined || facts.displayName === room.name) {
				changes.displayName = name;
			}
		} else {
			skipped = `"${name}" is not a valid room name, so "${room.name}" was kept`;
		}
		if (!skipped) {
			rules.push(...renameRules(config, room));
		}
	}
	const finalName = changes.displayName !== undefined && room.kind === 'discussion' ? changes.displayName : (changes.slugifiedName ?? room.name);
	const readOnly = facts.isReadOnly ? undefined : firstMatch(config.readOnlyNames, finalName);
	if (readOnly) {
		changes.isReadOnly = true;
		rules.push({ setting: SETTINGS.readOnlyNames.id, matched: readOnly.source });
	}
	const quiet = facts.displaySystemMessages ? firstMatch(config.hiddenSystemMessageNames, finalName) : undefined;
	if (quiet) {
		changes.displaySystemMessages = false;
		rules.push({ setting: SETTINGS.hiddenSystemMessageNames.id, matched: quiet.source });
	}
	const order: Array<keyof RoomShape> = ['slugifiedName', 'displayName', 'isReadOnly', 'displaySystemMessages'];
	return { changes, updated: order.filter((field) => changes[field] !== undefined), rules, ...(skipped ? { skipped } : {}) };
}

/** The naming rules behind a rename: normalising, and the prefix of the room's kind. */
function renameRules(config: RoomEventsConfig, room: RoomFacts): RuleMatch[] {
	const rules: RuleMatch[] = [];
	if (config.normalizeNames && room.kind !== 'discussion' && normalizeName(room.name) !== room.name) {
		rules.push({ setting: SETTINGS.normalizeNames.id, matched: 'on' });
	}
	const prefixKey = PREFIX[room.kind];
	if (prefixKey && config[prefixKey] !== '' && !room.name.toLowerCase().startsWith(config[prefixKey])) {
		rules.push({ setting: SETTINGS[prefixKey].id, matched: config[prefixKey] });
	}
	return rules;
}

/** The name a new room will have once normalised and prefixed (or its title, for a discussion). */
export function plannedRoomName(config: RoomEventsConfig, room: RoomFacts): string {
	let name = config.normalizeNames && room.kind !== 'discussion' ? normalizeName(room.name) : room.name;
	const prefixKey = PREFIX[room.kind];
	const prefix = prefixKey ? config[prefixKey] : '';
	if (prefix !== '' && !name.toLowerCase().startsWith(prefix)) {
		name = `${prefix}${name}`;
	}
	return name;
}

/** Users to add to a new room: every auto-members rule whose pattern matches, in order, once each. */
export function autoMembersFor(config: RoomEventsConfig, room: RoomFacts): { members: string[]; rules: Array<NameRule<string[]>> } {
	if (!hasOwnName(room.kind)) {
		return { members: [], rules: [] };
	}
	const rules = allRules(config.autoMembers, room.name);
	const members = Array.from(new Set(rules.flatMap((rule) => rule.value)));
	return { members, rules };
}
