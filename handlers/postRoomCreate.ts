import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { auditedRoomRef, roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';
import type { NewAuditRecord, RoomRef } from '../audit/auditRecord';
import { errorText } from '../lib/errorText';
import { autoMembersFor } from '../policy/roomShapePolicy';

/**
 * Audits the new room and adds the auto-members: Rocket.Chat ignores members added during
 * creation (Apps-Engine #96), so they are added now, through the room updater. Never throws.
 */
export async function postRoomCreate(app: AppContext, room: IRoom, read: IRead, persistence: IPersistence, modify: IModify): Promise<void> {
	const { config } = app;
	await safely(app.logger, 'IPostRoomCreate', async () => {
		const facts = roomFacts(room);
		const records: NewAuditRecord[] = [{ event: 'room-created', room: await auditedRoomRef(read, room, facts), actor: userRef(room.creator) }];
		const { members, rules } = autoMembersFor(config, facts);
		if (members.length > 0) {
			const failure = config.dryRun ? undefined : await addMembers(read, modify, facts.id, members);
			if (failure) {
				app.logger.warn(`Room Events could not add auto-members to "${facts.name}": ${failure}`);
			}
			records.push(membersRecord(roomRef(facts), members, rules.map((rule) => `"${rule.source}"`).join(', '), config.dryRun, failure));
		}
		await app.audit.publish(config, app.logger, { read, modify, persistence }, records);
	});
}

async function addMembers(read: IRead, modify: IModify, roomId: string | undefined, usernames: string[]): Promise<string | undefined> {
	try {
		const appUser = await read.getUserReader().getAppUser();
		if (!roomId || !appUser) {
			return roomId ? "the app's bot user was not found" : 'the new room has no id';
		}
		const updater = await modify.getUpdater().room(roomId, appUser);
		usernames.forEach((username) => updater.addMemberToBeAddedByUsername(username));
		await modify.getUpdater().finish(updater);
		return undefined;
	} catch (error) {
		return errorText(error);
	}
}

function membersRecord(room: RoomRef, usernames: string[], rules: string, dryRun: boolean, failure: string | undefined): NewAuditRecord {
	return {
		event: 'members-added',
		room,
		members: usernames,
		reason: failure ? `auto-members rule ${rules} could not be applied: ${failure}` : `auto-members rule ${rules}`,
		dryRun,
	};
}
