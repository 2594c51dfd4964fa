import type { RoomFacts, UserFacts } from './eventFacts';
import { decideJoin } from './membershipPolicy';
import type { RoomEventsConfig } from '../settings/settings';
import type { NameRule } from '../settings/valueParsers';

export interface RoomMembers {
	readonly room: RoomFacts;
	readonly members: readonly UserFacts[];
}

export interface JoinPreview {
	readonly roomsChecked: number;
	readonly membersChecked: number;
	/** Every member the edited rule would refuse, room by room, in the order given. */
	readonly refused: ReadonlyArray<{ readonly room: string; readonly username: string }>;
}

/**
 * The config in which a join is decided by the edited rule alone: it takes the place of the rule
 * with the same pattern, or comes first (first match wins), and the join settings that do not
 * judge the member (locks, invite-only, capacity) are left out, exemptions kept.
 */
export function withEditedJoinRule(config: RoomEventsConfig, rule: NameRule<string[]>): RoomEventsConfig {
	const others = config.joinRules.filter((existing) => existing.pattern.source.toLowerCase() !== rule.pattern.source.toLowerCase());
	return {
		...config,
		joinRules: [rule, ...others],
		keepGuestsOutOfChannels: false,
		inviteOnlyNames: [],
		lockedRooms: [],
		capacityRules: [],
	};
}

/**
 * Which current members of the rooms the edited rule's pattern matches it would no longer admit:
 * each member is decided by decideJoin itself, as a join of their own, with their roles as stored.
 */
export function previewJoinRule(config: RoomEventsConfig, rule: NameRule<string[]>, rooms: readonly RoomMembers[]): JoinPreview {
	const edited = withEditedJoinRule(config, rule);
	const refused: Array<{ room: string; username: string }> = [];
	let roomsChecked = 0;
	let membersChecked = 0;
	for (const { room, members } of rooms) {
		if (!rule.pattern.matches(room.name)) {
			continue;
		}
		roomsChecked += 1;
		for (const member of members) {
			membersChecked += 1;
			if (decideJoin(edited, { room, joiningUser: member }).verdict === 'deny') {
				refused.push({ room: room.name, username: member.username });
			}
		}
	}
	return { roomsChecked, membersChecked, refused };
}
