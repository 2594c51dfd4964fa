import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom, IRoomRaw } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

import type { Say } from './commandAnswer';
import { errorText } from '../../lib/errorText';
import type { RoomMembers } from '../../policy/joinPreview';
import { previewJoinRule } from '../../policy/joinPreview';
import type { RoomEventsConfig } from '../../settings/settings';
import { SETTINGS } from '../../settings/settings';
import { settingValueProblem } from '../onPreSettingUpdate';
import { roomFacts, userFacts } from '../payloadFacts';

/** Rooms looked through for a wildcard pattern (pages of 100), rooms whose members are read, members named. */
export const PREVIEW_ROOMS_SCANNED = 1000;
export const PREVIEW_ROOMS_CHECKED = 50;
export const PREVIEW_MEMBERS_NAMED = 10;

const PAGE = 100;

/**
 * `preview join <rule line>`: which current members of the rooms the rule's pattern matches the
 * edited rule would no longer admit, saving nothing. The line is checked as the setting checks
 * it (its roles must exist); rooms are found by name, or for a wildcard pattern by listing the
 * workspace's channels and groups (Apps-Engine 1.5x's room listing, permission
 * room.system.view-all), within the bounds above.
 */
export async function previewCommand(ruleLine: string, config: RoomEventsConfig, read: IRead, appId: string, say: Say): Promise<string[]> {
	// In chat a room is written #name; in the setting a line starting with # is a comment.
	const line = ruleLine.replace(/^#/, '');
	const parsed = SETTINGS.joinRules.parse(line);
	if (!parsed.ok || parsed.value.length !== 1) {
		return [say('command_problem_rule', { problem: parsed.ok ? say('command_problem_rule_missing') : parsed.error })];
	}
	const setting: ISetting = {
		id: SETTINGS.joinRules.id,
		type: SettingType.CODE,
		packageValue: '',
		value: line,
		required: false,
		public: false,
		i18nLabel: '',
	};
	const problem = await settingValueProblem(setting, read, appId);
	if (problem !== undefined) {
		return [say('command_problem_rule', { problem })];
	}
	const [rule] = parsed.value;
	const candidates = await roomsFor(rule.pattern.source, read, say);
	if (typeof candidates === 'string') {
		return [candidates];
	}
	const matching = candidates.rooms.filter((room) => rule.pattern.matches(roomFacts(room).name));
	const rooms: RoomMembers[] = [];
	for (const room of matching.slice(0, PREVIEW_ROOMS_CHECKED)) {
		const members = await read.getRoomReader().getMembers(room.id);
		rooms.push({ room: roomFacts(room), members: members.map((member) => userFacts(member)) });
	}
	const preview = previewJoinRule(config, rule, rooms);
	const lines = [
		`*${say('command_preview_title', { rule: rule.source })}*`,
		say('command_preview_checked', { rooms: preview.roomsChecked, members: preview.membersChecked }),
	];
	if (candidates.incomplete) {
		lines.push(say('command_preview_scan_bound', { scanned: PREVIEW_ROOMS_SCANNED }));
	}
	if (matching.length > PREVIEW_ROOMS_CHECKED) {
		lines.push(say('command_preview_room_bound', { matching: matching.length, checked: PREVIEW_ROOMS_CHECKED }));
	}
	if (preview.refused.length === 0) {
		lines.push(say('command_preview_nobody'));
		return lines;
	}
	lines.push(say('command_preview_refused', { count: preview.refused.length }));
	lines.push(...preview.refused.slice(0, PREVIEW_MEMBERS_NAMED).map(({ room, username }) => `• @${username} · #${room}`));
	if (preview.refused.length > PREVIEW_MEMBERS_NAMED) {
		lines.push(say('command_preview_more', { count: preview.refused.length - PREVIEW_MEMBERS_NAMED }));
	}
	lines.push(say('command_preview_nothing_saved'));
	return lines;
}

type Candidates = { rooms: IRoom[]; incomplete: boolean };

/** The rooms a pattern may match: the one room it names, or the listed channels and groups. */
async function roomsFor(pattern: string, read: IRead, say: Say): Promise<Candidates | string> {
	const reader = read.getRoomReader();
	if (!/[*?]/.test(pattern)) {
		const room = await reader.getByName(pattern);
		return { rooms: room ? [room] : [], incomplete: false };
	}
	// The 1.42.1 runtime's room reader has no listing; the subprocess runtimes pass the call on.
	if (typeof reader.getAllRooms !== 'function') {
		return say('command_preview_no_listing');
	}
	const rooms: IRoom[] = [];
	try {
		for (let skip = 0; skip < PREVIEW_ROOMS_SCANNED; skip += PAGE) {
			const page = await reader.getAllRooms({ types: [RoomType.CHANNEL, RoomType.PRIVATE_GROUP] }, { limit: PAGE, skip });
			if (page === undefined) {
				return say('command_preview_no_permission');
			}
			rooms.push(...page.map(asRoom));
			if (page.length < PAGE) {
				return { rooms, incomplete: false };
			}
		}
	} catch (error) {
		return say('command_preview_listing_failed', { error: errorText(error) });
	}
	return { rooms, incomplete: true };
}

/** A listed room as the policies read rooms: a discussion is known by its parent. */
function asRoom(raw: IRoomRaw): IRoom {
	const { id, slugifiedName, displayName, type, isDefault, parentRoomId } = raw;
	return { id, slugifiedName, displayName, type, isDefault, parentRoom: parentRoomId ? ({ id: parentRoomId } as IRoom) : undefined } as IRoom;
}
