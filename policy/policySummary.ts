import type { RoomEventsConfig } from '../settings/settings';

export type PolicyFamilyName = 'creation' | 'naming' | 'deletion' | 'joining' | 'leaving';

const count = (...parts: Array<boolean | number>) => parts.reduce<number>((sum, part) => sum + Number(part), 0);

/**
 * How many rules each policy family has switched on: each switch that is on, each pattern and
 * rule line. A family with none decides nothing (`/room-events status` shows it off).
 */
export function ruleCounts(config: RoomEventsConfig): Record<PolicyFamilyName, number> {
	return {
		creation: count(
			config.blockChannels,
			config.blockPrivateGroups,
			config.blockDirectMessages,
			config.blockDiscussions,
			config.blockedNames.length,
			config.requiredNames.length,
			config.reservedNames.length,
		),
		naming: count(
			config.normalizeNames,
			config.channelPrefix !== '',
			config.privateGroupPrefix !== '',
			config.discussionPrefix !== '',
			config.readOnlyNames.length,
			config.hiddenSystemMessageNames.length,
			config.tagNewRooms,
			config.autoMembers.length,
		),
		deletion: count(config.protectedNames.length, config.protectDefaultRooms, config.protectTeamMainRooms, config.protectedMemberCount > 0),
		joining: count(
			config.joinRules.length,
			config.keepGuestsOutOfChannels,
			config.inviteOnlyNames.length,
			config.lockedRooms.length,
			config.capacityRules.length,
		),
		leaving: count(config.mandatoryNames.length),
	};
}
