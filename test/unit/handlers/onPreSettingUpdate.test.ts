import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import { settingValueProblem } from '../../../handlers/onPreSettingUpdate';
import { FakeWorkspace, user } from '../../fakes/fakeAccessors';

/** A read accessor whose role reader counts its calls. */
function withRoles(ws: FakeWorkspace, custom: string[]) {
	const calls = { custom: 0 };
	const read = {
		...ws.read(),
		getRoleReader: () => ({
			getOneByIdOrName: async () => Promise.reject(new Error('not expected: one read of the custom roles serves a save')),
			getCustomRoles: async () => {
				calls.custom++;
				return custom.map((name) => ({ id: name, name }));
			},
		}),
	} as unknown as IRead;
	return { read, calls };
}

const setting = (id: string, value: unknown) => ({ id, value }) as ISetting;

describe('validating a setting value when it is saved', () => {
	it('checks 10,000 join rules with one read of the roles, naming the unknown one', async () => {
		const ws = new FakeWorkspace();
		const { read, calls } = withRoles(ws, ['Security']);
		const lines = Array.from({ length: 10_000 }, (_, i) => `proj-${i}-*: admin, security`).join('\n');
		await expect(settingValueProblem(setting('join_rules', lines), read, 'app')).resolves.toBeUndefined();
		expect(calls.custom).toBe(1);
		await expect(settingValueProblem(setting('join_rules', `${lines}\nx-*: auditors`), read, 'app')).resolves.toBe('no role is named "auditors"');
		expect(calls.custom).toBe(2);
	});

	it('reads no role for a list of Rocket.Chat roles alone', async () => {
		const { read, calls } = withRoles(new FakeWorkspace(), []);
		await expect(settingValueProblem(setting('creation_exempt_roles', 'admin, moderator, livechat-manager'), read, 'app')).resolves.toBeUndefined();
		expect(calls.custom).toBe(0);
	});

	it.each([
		['join_exempt_users', 'alice, ghost', 'no user is named "ghost"'],
		['creation_exempt_users', '@ghost, @phantom', 'no user is named "ghost", "phantom"'],
		['naming_auto_members', 'proj-*: alice, ghost\nteam-*: ghost', 'no user is named "ghost"'],
	])('refuses %s = %j, which names users that do not exist', async (id, value, problem) => {
		const ws = new FakeWorkspace().addUser(user('alice'));
		await expect(settingValueProblem(setting(id, value), ws.read(), 'app')).resolves.toBe(problem);
	});

	it('accepts users who exist, each read once', async () => {
		const ws = new FakeWorkspace().addUser(user('alice'), user('bob'));
		await expect(settingValueProblem(setting('naming_auto_members', 'proj-*: alice, bob\nteam-*: alice'), ws.read(), 'app')).resolves.toBeUndefined();
		expect(ws.calls).toEqual(['getUserByUsername', 'getUserByUsername']);
	});
});
