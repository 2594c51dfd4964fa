import type { Step } from './decision';
import { NO_RULE_MATCHED, deny, firstMatch, needs } from './decision';
import type { RoomFacts } from './eventFacts';
import { text } from '../lib/translate';
import { SETTINGS } from '../settings/settings';
import type { RoomEventsConfig } from '../settings/settings';

/**
 * Rocket.Chat does not say who deletes a room (IPreRoomDeletePrevent carries the room
 * alone), so deletion protection has no per-user exemptions: an admin lifts it by changing
 * the setting.
 */
export function deletionPolicyActive(config: RoomEventsConfig): boolean {
	return config.protectedNames.length > 0 || config.protectDefaultRooms || config.protectTeamMainRooms || config.protectedMemberCount > 0;
}

/** The deletion decision; the member count is needed only once the name rules let the room go. */
export function decideDeletion(config: RoomEventsConfig, room: RoomFacts, memberCount?: number): Step {
	const isProtected = firstMatch(config.protectedNames, room.name);
	if (isProtected) {
		return deny(SETTINGS.protectedNames.id, isProtected.source, text('reason_deletion_protected_name', { pattern: isProtected.source }));
	}
	if (config.protectDefaultRooms && room.isDefault) {
		return deny(SETTINGS.protectDefaultRooms.id, 'default room', text('reason_deletion_default_room'));
	}
	if (config.protectTeamMainRooms && room.isTeamMain) {
		return deny(SETTINGS.protectTeamMainRooms.id, 'team main room', text('reason_deletion_team_main_room'));
	}
	const limit = config.protectedMemberCount;
	if (limit > 0 && memberCount === undefined) {
		return needs('memberCount', `rooms above ${limit} members are protected`);
	}
	if (limit > 0 && memberCount !== undefined && memberCount > limit) {
		return deny(SETTINGS.protectedMemberCount.id, String(limit), text('reason_deletion_member_count', { limit, count: memberCount }));
	}
	return NO_RULE_MATCHED;
}
