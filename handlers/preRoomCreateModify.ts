import type { IPersistence, IRead, IRoomBuilder } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { roomFacts, roomRef, userRef } from './payloadFacts';
import { safely } from './safely';
import type { RoomShape } from '../policy/roomShapePolicy';
import { planRoomShape, shapePolicyActive } from '../policy/roomShapePolicy';

/** The words the audit uses for the room fields Modify changes. */
const FIELD_NAMES: Record<keyof RoomShape, string> = {
	slugifiedName: 'name',
	displayName: 'display name',
	isReadOnly: 'read-only',
	displaySystemMessages: 'system messages hidden',
};

/**
 * Naming and shape: applies only the fields Rocket.Chat keeps from a Modify result (name,
 * display name, read-only, system messages). Dry-run mode reports the plan and changes nothing.
 * What changed is kept for the creation message: the delivery pairs it with the room's
 * creation record, and drops it if the room is never created (Rocket.Chat may still refuse it).
 */
export async function preRoomCreateModify(app: AppContext, room: IRoom, builder: IRoomBuilder, read: IRead, persistence: IPersistence): Promise<IRoom> {
	const { config } = app;
	if (!shapePolicyActive(config)) {
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
		if (plan.updated.length === 0 && !plan.skipped) {
			return;
		}
		const newName = config.dryRun ? undefined : (plan.changes.slugifiedName ?? plan.changes.displayName);
		const rules = plan.rules.map((rule) => `\`${rule.setting}\` (${rule.matched})`).join(', ');
		await app.audit.keep(config, app.logger, persistence, [
			{
				event: 'room-shaped',
				room: roomRef({ ...facts, name: newName ?? facts.name }),
				actor: userRef(room.creator),
				updated: plan.updated.map((field) => FIELD_NAMES[field]),
				renamedFrom: newName !== undefined ? facts.name : undefined,
				reason: [rules && `shaped by ${rules}`, plan.skipped].filter(Boolean).join('; '),
				dryRun: config.dryRun,
			},
		]);
	});
	return builder.getRoom();
}
