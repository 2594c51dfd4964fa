import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { Say } from './commandAnswer';
import { pause } from '../../lib/pause';
import { firstMatch } from '../../policy/decision';
import { withListItem, withoutListItem } from '../../settings/listEdits';
import { SETTINGS } from '../../settings/settings';
import type { AppContext } from '../appContext';
import { roomFacts, roomRef, userRef } from '../payloadFacts';

/** The app's own settings writer (IEnvironmentWrite's), which stores a value as the admin UI does. */
export interface SettingsWriter {
	updateValue(id: string, value: unknown): Promise<void>;
}

/** How long a change is waited for: the 1.42.1 runtime stores it after updateValue returns. */
const CONFIRM_TRIES = 20;
const CONFIRM_PAUSE_MS = 100;

export interface LockAccess {
	readonly read: IRead;
	readonly persistence: IPersistence;
	readonly writer: SettingsWriter;
	readonly caller: IUser;
}

/**
 * `lock #room [reason]` and `unlock #room`: the room's line is added to or taken from the locked
 * rooms setting through the app's settings, so the admin UI shows the change and every instance
 * takes it as any other save (onPreSettingUpdate checks it first). The answer and the audit
 * record say it happened only once the stored setting shows it.
 */
export async function lockCommand(
	request: { readonly name: 'lock' | 'unlock'; readonly room: string; readonly reason?: string },
	app: AppContext,
	access: LockAccess,
	say: Say,
): Promise<string[]> {
	const room = await access.read.getRoomReader().getByName(request.room);
	if (!room) {
		return [say('command_problem_no_room', { room: request.room })];
	}
	const facts = roomFacts(room);
	const { id } = SETTINGS.lockedRooms;
	const raw = String((await access.read.getEnvironmentReader().getSettings().getValueById(id)) ?? '');
	const lockedBy = firstMatch(app.config.lockedRooms, facts.name);
	let next: string;
	if (request.name === 'lock') {
		if (lockedBy) {
			return [say('command_lock_already', { room: facts.name, pattern: lockedBy.source })];
		}
		next = withListItem(raw, facts.name);
	} else {
		const edited = withoutListItem(raw, facts.name);
		if (edited.removed === 0) {
			return [
				lockedBy
					? say('command_unlock_by_pattern', { room: facts.name, pattern: lockedBy.source, setting: id })
					: say('command_unlock_not_locked', { room: facts.name }),
			];
		}
		next = edited.text;
	}
	const parsed = SETTINGS.lockedRooms.parse(next);
	if (!parsed.ok) {
		return [say('command_lock_unparsable', { setting: id, problem: parsed.error })];
	}
	await access.writer.updateValue(id, next);
	if (!(await settingShows(access.read, id, next))) {
		return [say('command_lock_unconfirmed', { setting: id })];
	}
	await app.audit.keep(app.config, app.logger, access.persistence, [
		{
			event: request.name === 'lock' ? 'room-locked' : 'room-unlocked',
			room: roomRef(facts),
			actor: userRef(access.caller),
			reason: request.reason,
			rule: { setting: id, matched: facts.name },
		},
	]);
	const stillLocked = request.name === 'unlock' ? firstMatch(parsed.value, facts.name) : undefined;
	return [
		request.name === 'lock' ? say('command_locked', { room: facts.name }) : say('command_unlocked', { room: facts.name }),
		...(stillLocked ? [say('command_unlock_by_pattern', { room: facts.name, pattern: stillLocked.source, setting: id })] : []),
	];
}

async function settingShows(read: IRead, id: string, value: string): Promise<boolean> {
	const settings = read.getEnvironmentReader().getSettings();
	for (let attempt = 0; attempt < CONFIRM_TRIES; attempt++) {
		if ((await settings.getValueById(id)) === value) {
			return true;
		}
		await pause(CONFIRM_PAUSE_MS);
	}
	return false;
}
