import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { preRoomCreatePrevent } from '../../../../handlers/preRoomCreatePrevent';
import { preRoomDeletePrevent } from '../../../../handlers/preRoomDeletePrevent';
import { preRoomUserJoined } from '../../../../handlers/preRoomUserJoined';
import { preRoomUserLeave } from '../../../../handlers/preRoomUserLeave';
import { translate } from '../../../../lib/translate';
import { casesWorkspace, commandRunner } from '../../../fakes/commandRunner';
import { configFor } from '../../../fakes/configFor';
import type { FakeWorkspace } from '../../../fakes/fakeAccessors';
import { appContext } from '../../../fakes/fakeAccessors';
import type { PolicyCase } from '../../../policyCases';
import { POLICY_CASES, explainLine } from '../../../policyCases';

const AUDIT = { audit_enabled: true, audit_room: 'audit' };

const userNamed = (ws: FakeWorkspace, username: string) => [...ws.users.values()].find((u) => u.username === username) as IUser;
const roomNamed = (ws: FakeWorkspace, name: string) => [...ws.rooms.values()].find((r) => r.slugifiedName === name) as IRoom;

/** What the handler decided: from the record it kept, checked against what it enforced. */
async function handlerDecision(ws: FakeWorkspace, testCase: PolicyCase): Promise<{ outcome: string; setting?: string }> {
	const app = appContext(configFor({ ...AUDIT, ...testCase.settings }));
	const read = ws.read();
	const persistence = ws.persistence();
	const { event } = testCase;
	let enforced: boolean;
	switch (event.kind) {
		case 'join':
			enforced = await preRoomUserJoined(
				app,
				{ room: roomNamed(ws, event.room), joiningUser: userNamed(ws, event.user), inviter: event.by ? userNamed(ws, event.by) : undefined },
				read,
				persistence,
			).then(
				() => false,
				() => true,
			);
			break;
		case 'leave':
			enforced = await preRoomUserLeave(
				app,
				{ room: roomNamed(ws, event.room), leavingUser: userNamed(ws, event.user), removedBy: event.by ? userNamed(ws, event.by) : undefined },
				read,
				persistence,
			).then(
				() => false,
				() => true,
			);
			break;
		case 'create': {
			const type = event.type === 'channel' ? RoomType.CHANNEL : RoomType.PRIVATE_GROUP;
			const parentRoom = event.type === 'discussion' ? roomNamed(ws, 'town') : undefined;
			const draft = { slugifiedName: event.name, displayName: event.name, type, creator: userNamed(ws, event.creator), parentRoom } as IRoom;
			enforced = await preRoomCreatePrevent(app, draft, read, persistence).then(
				() => false,
				() => true,
			);
			break;
		}
		case 'delete':
			enforced = await preRoomDeletePrevent(app, roomNamed(ws, event.room), read, persistence);
			break;
	}
	const [record] = ws.outbox();
	const outcome = (record?.outcome as string | undefined) ?? 'allowed';
	expect(enforced).toBe(outcome === 'denied');
	return { outcome, setting: (record?.rule as { setting?: string } | undefined)?.setting };
}

/** What `/room-events explain` answered, read back from its first two lines. */
async function explained(ws: FakeWorkspace, testCase: PolicyCase): Promise<{ outcome: string; setting?: string }> {
	const command = commandRunner(ws, () => configFor({ ...AUDIT, ...testCase.settings }));
	const [title, rule] = (await command.run(userNamed(ws, 'root'), explainLine(testCase.event))).split('\n');
	const outcome = (['allowed', 'denied', 'would-deny'] as const).find((candidate) =>
		title.endsWith(`*: ${translate('en', { key: `command_outcome_${candidate}` })}`),
	);
	return { outcome: outcome ?? `unreadable: ${title}`, setting: /`([a-z_]+)`/.exec(rule)?.[1] };
}

describe('explain agrees with the handlers on every case of the policy table', () => {
	it.each(POLICY_CASES.map((testCase) => [testCase.title, testCase] as const))('%s', async (_title, testCase) => {
		const expected = { outcome: testCase.outcome, setting: testCase.setting };
		const byHandler = await handlerDecision(casesWorkspace(), testCase);
		const byExplain = await explained(casesWorkspace(), testCase);
		expect(byHandler).toEqual(expected);
		expect(byExplain).toEqual(expected);
	});
});
