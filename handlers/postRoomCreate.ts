import type { IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { auditedRoomRef, roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';
import type { NewAuditRecord, RoomRef } from '../audit/auditRecord';
import { errorText } from '../lib/errorText';
import type { AdmissionTag } from '../policy/creationPolicy';
import { ADMISSION_FIELD } from '../policy/creationPolicy';
import { autoMembersFor } from '../policy/roomShapePolicy';

/**
 * Audits the new room and adds the auto-members: Rocket.Chat ignores members added during
 * creation (Apps-Engine #96), so they are added now, through the room updater. Never throws.
 */
export async function postRoomCreate(app: AppContext, room: IRoom, read: IRead, persistence: IPersistence, modify: IModify): Promise<void> {
	const { config } = app;
	await safely(app.logger, 'IPostRoomCreate', async () => {
		const facts = roomFacts(room);
		const records: NewAuditRecord[] = [
			{ event: 'room-created', room: await auditedRoomRef(read, room, facts), actor: userRef(room.creator), reason: admissionOf(room) },
		];
		const { members, rules } = autoMembersFor(config, facts);
		if (members.length > 0) {
			const failure = config.dryRun ? undefined : await addMembers(read, modify, facts.id, members);
			if (failure) {
				app.logger.warn(`Room Events could not add auto-members to "${facts.name}": ${failure}`);
			}
			records.push(membersRecord(roomRef(facts), members, rules.map((rule) => `"${rule.source}"`).join(', '), config.dryRun, failure));
		}
		await app.audit.keep(config, app.logger, persistence, records);
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

/** Members added are named only when they were added (or, in dry-run mode, would have been). */
function membersRecord(room: RoomRef, usernames: string[], rules: string, dryRun: boolean, failure: string | undefined): NewAuditRecord {
	if (failure) {
		return {
			event: 'members-added',
			room,
			reason: `auto-members rule ${rules}: ${usernames.map((name) => `@${name}`).join(', ')} not added: ${failure}`,
			dryRun,
		};
	}
	return { event: 'members-added', room, members: usernames, reason: `auto-members rule ${rules}`, dryRun };
}

/** What the tag that Extend put on the room says of its admission, for the creation message. */
function admissionOf(room: IRoom): string | undefined {
	const tag = room.customFields?.[ADMISSION_FIELD] as Partial<AdmissionTag> | undefined;
	return tag?.admittedBy ? `tagged as admitted by ${tag.admittedBy} (${tag.reason ?? 'no reason given'})` : undefined;
}
