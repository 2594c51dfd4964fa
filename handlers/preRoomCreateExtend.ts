import type { IPersistence, IRead, IRoomExtender } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';

import type { AppContext } from './appContext';
import { creationDecision } from './decisions';
import { safely } from './safely';
import { ADMISSION_FIELD, admissionTag, creationPolicyActive } from '../policy/creationPolicy';

/**
 * Tagging: records on the new room which policy admitted it. The decision is made again
 * here (it is pure, and reads the server only for a refused room) rather than carried over
 * from IPreRoomCreatePrevent, a separate call that may run on another instance of a cluster.
 */
export async function preRoomCreateExtend(app: AppContext, room: IRoom, extend: IRoomExtender, read: IRead, persistence: IPersistence): Promise<IRoom> {
	const { config } = app;
	if (config.tagNewRooms) {
		await safely(app.logger, 'IPreRoomCreateExtend', async () => {
			const decision = creationPolicyActive(config) ? await creationDecision(config, room, read) : undefined;
			extend.addCustomField(ADMISSION_FIELD, admissionTag(decision, config.dryRun, new Date()));
		});
	}
	return extend.getRoom();
}
