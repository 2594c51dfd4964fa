import type { IPersistence, IRead, IRoomBuilder } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';
import { ADMISSION_FIELD } from '../policy/creationPolicy';
import { planRoomShape, shapePolicyActive } from '../policy/roomShapePolicy';

/**
 * Naming and shape: applies only the fields Rocket.Chat keeps from a Modify result (name,
 * display name, read-only, system messages). Dry-run mode reports the plan and changes
 * nothing. The audit lists the changed fields, with `customFields` when tagging added one.
 */
export async function preRoomCreateModify(app: AppContext, room: IRoom, builder: IRoomBuilder, read: IRead, persistence: IPersistence): Promise<IRoom> {
	const { config } = app;
	const tagged = room.customFields?.[ADMISSION_FIELD] !== undefined;
	if (!shapePolicyActive(config) && !tagged) {
		return builder.getRoom();
	}
	await safely(app.logger, 'IPreRoomCreateModify', async () => {
		const facts = roomFacts(room);
		const plan = planRoomShape(config, {
			room: facts,
			displayName: room.displayName,
			isReadOnly: room.isReadOnly === true,
			displaySystemMessages: room.displaySystemMessages !== false,
		});
		if (!config.dryRun) {
			const { changes } = plan;
			if (changes.slugifiedName !== undefined) builder.setSlugifiedName(changes.slugifiedName);
			if (changes.displayName !== undefined) builder.setDisplayName(changes.displayName);
			if (changes.isReadOnly !== undefined) builder.setReadOnly(changes.isReadOnly);
			if (changes.displaySystemMessages !== undefined) builder.setDisplayingOfSystemMessages(changes.displaySystemMessages);
		}
		const updated = [...(tagged ? ['customFields'] : []), ...plan.updated];
		const newName = plan.changes.slugifiedName ?? plan.changes.displayName;
		const renamed = newName !== undefined ? `renamed from "${facts.name}"` : undefined;
		if (updated.length > 0 || plan.skipped) {
			await app.audit.keep(config, app.logger, persistence, [
				{
					event: 'room-shaped',
					room: roomRef({ ...facts, name: newName ?? facts.name }),
					actor: userRef(room.creator),
					updated,
					reason: plan.skipped ?? renamed,
					dryRun: config.dryRun,
				},
			]);
		}
	});
	return builder.getRoom();
}
