import { AppInterface } from 'apps-engine-deno/definition/metadata';

import type { RoomEventsFixture } from './roomEventsHost';
import { startRoomEvents } from './roomEventsHost';
import { translate } from '../../lib/translate';
import { toAppRoom } from '../../workspace/engine/converters';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import type { RoomRecord, UserRecord } from '../../workspace/store/workspaceStore';
import type { CaseEvent, PolicyCase } from '../policyCases';
import { CASE_ROOMS, CASE_USERS, POLICY_CASES, explainLine } from '../policyCases';

type Decision = { outcome: string; setting?: string };

function named<T>(map: Map<string, T>, name: string): T {
	const found = map.get(name);
	if (found === undefined) throw new Error(`The policy cases name "${name}", which their workspace lacks.`);
	return found;
}

/** The policy cases' workspace (test/policyCases.ts) in the engine fixture's store, beside its admin and audit room. */
function addCaseWorkspace(re: RoomEventsFixture): { users: Map<string, UserRecord>; rooms: Map<string, RoomRecord> } {
	const users = new Map<string, UserRecord>([
		['alice', re.alice],
		['bob', re.bob],
	]);
	for (const { username, roles } of CASE_USERS) {
		if (!users.has(username)) users.set(username, re.store.createUser({ username, roles: [...roles] }));
	}
	const rooms = new Map<string, RoomRecord>([['town', re.town]]);
	for (const spec of CASE_ROOMS) {
		const room = rooms.get(spec.name) ?? re.store.createRoom({ name: spec.name, type: spec.type, creatorId: re.admin.id, isDefault: 'isDefault' in spec });
		rooms.set(spec.name, room);
		for (const member of spec.members) if (!re.store.isMember(room.id, named(users, member).id)) re.store.addMember(room.id, named(users, member).id);
	}
	return { users, rooms };
}

/**
 * `/room-events explain` and the event handlers on the packaged app, in each runtime, over every
 * case of the policy table: the decision explain reports is the one the handler takes, enforces
 * and audits, with the same rule.
 */
describe.each(RUNTIME_NAMES)('explain agrees with the handlers of the packaged app in the %s runtime', (runtime) => {
	let re: RoomEventsFixture;
	let users: Map<string, UserRecord>;
	let rooms: Map<string, RoomRecord>;

	beforeAll(async () => {
		re = await startRoomEvents(runtime);
		({ users, rooms } = addCaseWorkspace(re));
	});

	afterAll(async () => {
		await re.host.stop();
	});

	const user = (name: string) => named(users, name);
	const room = (name: string) => named(rooms, name);

	/** Fires the case's pre-event; answers whether the app refused it. */
	async function enforced(event: CaseEvent): Promise<boolean> {
		const refused = (work: Promise<unknown>) =>
			work.then(
				() => false,
				(error: { name?: string }) => {
					if (error.name !== 'AppsEngineException') throw error;
					return true;
				},
			);
		switch (event.kind) {
			case 'join':
				return refused(
					re.host.fire(AppInterface.IPreRoomUserJoined, re.joinOf(room(event.room), user(event.user), event.by ? user(event.by) : undefined)),
				);
			case 'leave':
				return refused(
					re.host.fire(AppInterface.IPreRoomUserLeave, re.leaveOf(room(event.room), user(event.user), event.by ? user(event.by) : undefined)),
				);
			case 'create': {
				const type = event.type === 'private' ? 'p' : 'c';
				const parent = event.type === 'discussion' ? { parentRoom: toAppRoom(re.store, room('town')) } : {};
				return refused(re.host.fire(AppInterface.IPreRoomCreatePrevent, re.unsaved(event.name, type, user(event.creator), parent)));
			}
			case 'delete':
				return re.host.fire<boolean>(AppInterface.IPreRoomDeletePrevent, toAppRoom(re.store, room(event.room)));
		}
	}

	/** What the handler decided, from the record it kept (none: allowed, no rule), checked against what it enforced. */
	async function handlerDecision(event: CaseEvent): Promise<Decision> {
		const before = new Set(re.outbox().map((record) => record.id));
		const refused = await enforced(event);
		await re.host.settle();
		const kept = re.outbox().filter((record) => !before.has(record.id));
		expect(kept.length).toBeLessThanOrEqual(1);
		const data = kept[0]?.data as { outcome?: string | null; rule?: { setting?: string } | null } | undefined;
		const decision = { outcome: data?.outcome ?? 'allowed', ...(data?.rule?.setting && { setting: data.rule.setting }) };
		expect(refused).toBe(decision.outcome === 'denied');
		return decision;
	}

	/** What explain answered, read back from its first two lines. */
	async function explained(event: CaseEvent): Promise<Decision> {
		const [title, rule] = (await re.command(user('root'), explainLine(event).join(' '))).split('\n');
		const outcome = (['allowed', 'denied', 'would-deny'] as const).find((candidate) =>
			title.endsWith(`*: ${translate('en', { key: `command_outcome_${candidate}` })}`),
		);
		const setting = /`([a-z_]+)`/.exec(rule)?.[1];
		return { outcome: outcome ?? `unreadable: ${title}`, ...(setting && { setting }) };
	}

	it.each(POLICY_CASES.map((testCase) => [testCase.title, testCase] as const))('%s', async (_title, testCase: PolicyCase) => {
		const settings = Object.entries(testCase.settings);
		for (const [id, value] of settings) await re.host.updateSetting(re.appId, id, value);
		try {
			const expected = { outcome: testCase.outcome, ...(testCase.setting && { setting: testCase.setting }) };
			expect(await explained(testCase.event)).toEqual(expected);
			expect(await handlerDecision(testCase.event)).toEqual(expected);
		} finally {
			for (const [id] of settings) await re.host.updateSetting(re.appId, id, re.host.getAppSettings(re.appId)[id].packageValue);
		}
	});
});
