import { UserNotAllowedException } from '@rocket.chat/apps-engine/definition/exceptions';
import type { IRoomUserJoinedContext, IRoomUserLeaveContext } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { postRoomUserJoined } from '../../../handlers/postRoomUserJoined';
import { postRoomUserLeave } from '../../../handlers/postRoomUserLeave';
import { preRoomUserJoined } from '../../../handlers/preRoomUserJoined';
import { preRoomUserLeave } from '../../../handlers/preRoomUserLeave';
import { configFor } from '../../fakes/configFor';
import { FakeWorkspace, appContext, room, user } from '../../fakes/fakeAccessors';

const AUDIT = { audit_enabled: true, audit_room: 'audit' };

function workspace(): FakeWorkspace {
	return new FakeWorkspace()
		.addUser(user('alice'), user('bob'), user('guest1', ['guest']), user('root', ['admin']))
		.addRoom(room('audit', RoomType.PRIVATE_GROUP))
		.addRoom(room('town'), ['id-alice', 'id-bob']);
}

/** Rocket.Chat may hand over partial users: an inviter with only id and username. */
const partial = (u: IUser) => ({ id: u.id, username: u.username }) as IUser;

const join = (name: string, joining: IUser, inviter?: IUser): IRoomUserJoinedContext => ({ room: room(name), joiningUser: joining, inviter });
const leave = (name: string, leaving: IUser, removedBy?: IUser): IRoomUserLeaveContext => ({ room: room(name), leavingUser: leaving, removedBy });

describe('IPreRoomUserJoined handler', () => {
	it('with no join rule on, allows and reads nothing', async () => {
		const ws = workspace();
		await expect(preRoomUserJoined(appContext(configFor(AUDIT)), join('town', user('alice')), ws.read(), ws.persistence())).resolves.toBeUndefined();
		expect(ws.reads).toEqual({ users: 0, rooms: 0, members: 0 });
	});

	it('reads no user for a join the rules let through whatever the roles', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, join_locked_rooms: 'vault', join_rules: 'security-*: admin' }));
		await expect(preRoomUserJoined(app, join('town', user('alice')), ws.read(), ws.persistence())).resolves.toBeUndefined();
		expect(ws.reads.users).toBe(0);
		await expect(preRoomUserJoined(app, join('security-x', user('root')), ws.read(), ws.persistence())).resolves.toBeUndefined();
		expect(ws.reads.users).toBe(1);
	});

	it("refuses a locked room with UserNotAllowedException carrying the app's reason", async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, join_locked_rooms: 'town' }));
		await expect(preRoomUserJoined(app, join('town', user('root')), ws.read(), ws.persistence())).rejects.toBeInstanceOf(UserNotAllowedException);
		await expect(preRoomUserJoined(app, join('town', user('root')), ws.read(), ws.persistence())).rejects.toMatchObject({
			name: 'AppsEngineException',
			message: 'The room "town" is locked: it admits no new members until it is unlocked.',
		});
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ event: 'join-decided', outcome: 'denied', subject: { id: 'id-root', username: 'root' } }),
			expect.objectContaining({ event: 'join-decided', outcome: 'denied' }),
		]);
	});

	it("writes the refusal in the language of the user who acted, else in the workspace's, and audits it in English", async () => {
		const ws = workspace();
		ws.serverSettings.set('Language', 'pt-BR');
		const app = appContext(configFor({ ...AUDIT, join_locked_rooms: 'town' }));
		const speaking = (u: IUser, language: string) => ({ ...u, settings: { preferences: { language } } }) as unknown as IUser;
		const refusal = (context: IRoomUserJoinedContext) => preRoomUserJoined(app, context, ws.read(), ws.persistence());
		await expect(refusal(join('town', speaking(user('alice'), 'de-AT')))).rejects.toMatchObject({
			message: 'Der Raum "town" ist gesperrt: Er nimmt keine neuen Mitglieder auf, bis er entsperrt wird.',
		});
		await expect(refusal(join('town', user('alice')))).rejects.toMatchObject({
			message: 'A sala "town" está bloqueada: não admite novos membros até ser desbloqueada.',
		});
		// Whoever added the user reads it, in their language.
		await expect(refusal(join('town', speaking(user('alice'), 'de'), speaking(user('root', ['admin']), 'fr-CA')))).rejects.toMatchObject({
			message: "Le salon \"town\" est verrouillé : il n'admet aucun nouveau membre tant qu'il n'est pas déverrouillé.",
		});
		expect(ws.outbox().map((record) => record.reason)).toEqual(Array(3).fill('The room "town" is locked: it admits no new members until it is unlocked.'));
	});

	it("reads the workspace's language once for many refusals: a refused join costs no read its rule does not need", async () => {
		const ws = workspace();
		ws.serverSettings.set('Language', 'pt-BR');
		const app = appContext(configFor({ ...AUDIT, join_locked_rooms: 'town' }));
		for (let i = 0; i < 5; i++) {
			await expect(preRoomUserJoined(app, join('town', user('alice')), ws.read(), ws.persistence())).rejects.toMatchObject({
				message: expect.stringContaining('bloqueada'),
			});
		}
		expect(ws.calls.filter((call) => call === 'getServerSettingValue')).toHaveLength(1);
		expect(ws.reads.users).toBe(0);
	});

	it('reads roles by id for a partial user and keeps guests out of public channels', async () => {
		const ws = workspace();
		const app = appContext(configFor({ join_keep_guests_out_of_channels: true }));
		await expect(preRoomUserJoined(app, join('town', partial(user('guest1', []))), ws.read(), ws.persistence())).rejects.toMatchObject({
			name: 'AppsEngineException',
		});
		expect(ws.reads.users).toBe(1);
	});

	it('reads the member count only for rooms with a capacity rule', async () => {
		const ws = workspace();
		const app = appContext(configFor({ join_capacity: 'town: 2' }));
		await expect(preRoomUserJoined(app, join('other', user('alice')), ws.read(), ws.persistence())).resolves.toBeUndefined();
		expect(ws.reads.members).toBe(0);
		await expect(preRoomUserJoined(app, join('town', user('alice')), ws.read(), ws.persistence())).rejects.toMatchObject({
			message: '"town" is full: it admits at most 2 members.',
		});
		expect(ws.reads.members).toBe(1);
	});

	it("takes a username exemption from the user stored under the payload's id, never from the payload", async () => {
		const ws = workspace().addUser(user('helpdesk.bot', ['bot']), user('mallory', ['user']));
		const app = appContext(configFor({ ...AUDIT, join_rules: 'security-*: admin', join_exempt_users: 'helpdesk.bot' }));
		const forged = { id: 'id-mallory', username: 'helpdesk.bot' } as IUser;
		await expect(preRoomUserJoined(app, join('security-ops', forged), ws.read(), ws.persistence())).rejects.toMatchObject({
			message: 'Only users with the role "admin" may join "security-ops".',
		});
		await expect(preRoomUserJoined(app, join('security-ops', user('helpdesk.bot', ['bot'])), ws.read(), ws.persistence())).resolves.toBeUndefined();
	});

	it('keeps a locked room closed when reading users fails: the lock needs no read', async () => {
		const ws = workspace();
		ws.failing.set('getUserById', 5);
		const app = appContext(configFor({ ...AUDIT, join_locked_rooms: 'town', join_rules: 'town: admin' }));
		await expect(preRoomUserJoined(app, join('town', user('alice')), ws.read(), ws.persistence())).rejects.toMatchObject({ name: 'AppsEngineException' });
		expect(ws.calls).not.toContain('getUserById');
	});

	it('refuses a join it could not check when joins fail closed, and lets it through otherwise', async () => {
		const values = { ...AUDIT, join_rules: 'security-*: admin' };
		const ws = workspace();
		ws.failing.set('getUserById', 2);
		await expect(
			preRoomUserJoined(appContext(configFor(values)), join('security-x', user('root', ['admin'])), ws.read(), ws.persistence()),
		).resolves.toBeUndefined();
		await expect(
			preRoomUserJoined(
				appContext(configFor({ ...values, join_fail_closed: true })),
				join('security-x', user('root', ['admin'])),
				ws.read(),
				ws.persistence(),
			),
		).rejects.toMatchObject({ message: 'Room Events could not check the join rules; try again or ask an admin.' });
		expect(ws.outbox().map((record) => [record.event, record.outcome])).toEqual([
			['decision-failed', undefined],
			['decision-failed', 'denied'],
		]);
	});

	it('lets an invited user into an invite-only room', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, join_invite_only_names: 'town' }));
		await expect(preRoomUserJoined(app, join('town', user('alice')), ws.read(), ws.persistence())).rejects.toMatchObject({ name: 'AppsEngineException' });
		await expect(preRoomUserJoined(app, join('town', user('alice'), partial(user('bob'))), ws.read(), ws.persistence())).resolves.toBeUndefined();
	});
});

describe('IPostRoomUserJoined handler', () => {
	/** Rocket.Chat's converter leaves the room's usersCount unmapped; join events carry the count before the join. */
	const counted = (context: IRoomUserJoinedContext, usersCount: number) => ({ ...context, room: { ...context.room, _unmappedProperties_: { usersCount } } });

	it('keeps who joined, who added them and the member count after the join, with one write and no read', async () => {
		const ws = workspace();
		await postRoomUserJoined(appContext(configFor(AUDIT)), counted(join('town', user('alice'), partial(user('bob'))), 1), ws.persistence());
		expect(ws.calls).toEqual(['createWithAssociations']);
		expect(ws.outbox()).toEqual([
			expect.objectContaining({
				event: 'user-joined',
				actor: { id: 'id-bob', username: 'bob' },
				subject: { id: 'id-alice', username: 'alice' },
				memberCount: 2,
			}),
		]);
	});

	it('says the member count is unknown when the server gave none', async () => {
		const ws = workspace();
		await postRoomUserJoined(appContext(configFor(AUDIT)), join('town', user('alice')), ws.persistence());
		expect(ws.outbox()).toEqual([expect.objectContaining({ memberCount: 'unknown' })]);
		expect(ws.reads.members).toBe(0);
	});

	it('keeps nothing when joins are not audited', async () => {
		const ws = workspace();
		await postRoomUserJoined(appContext(configFor({ ...AUDIT, audit_user_joined: false })), join('town', user('alice')), ws.persistence());
		expect(ws.calls).toEqual([]);
	});
});

describe('IPreRoomUserLeave handler', () => {
	const mandatory = { ...AUDIT, leave_mandatory_names: 'town' };

	it('refuses leaving a mandatory room', async () => {
		const ws = workspace();
		await expect(preRoomUserLeave(appContext(configFor(mandatory)), leave('town', user('alice')), ws.read(), ws.persistence())).rejects.toMatchObject({
			name: 'AppsEngineException',
			message: '"town" is a mandatory room: it cannot be left.',
		});
	});

	it('allows removal by a user with an exempt role, read from the server', async () => {
		const ws = workspace();
		await expect(
			preRoomUserLeave(appContext(configFor(mandatory)), leave('town', user('alice'), partial(user('root'))), ws.read(), ws.persistence()),
		).resolves.toBeUndefined();
		expect(ws.outbox()).toEqual([
			expect.objectContaining({
				outcome: 'allowed',
				actor: { id: 'id-root', username: 'root' },
				rule: { setting: 'leave_exempt_roles', matched: 'admin' },
			}),
		]);
	});

	it('reads nobody for rooms that are not mandatory', async () => {
		const ws = workspace();
		await expect(
			preRoomUserLeave(appContext(configFor(mandatory)), leave('other', user('alice'), user('bob')), ws.read(), ws.persistence()),
		).resolves.toBeUndefined();
		expect(ws.reads.users).toBe(0);
		expect(ws.outbox()).toEqual([]);
	});
});

describe('IPostRoomUserLeave handler', () => {
	it('keeps who left, who removed them and the member count after it, and never throws when keeping fails', async () => {
		const ws = workspace();
		const app = appContext(configFor(AUDIT));
		const context = leave('town', user('alice'), user('bob'));
		await postRoomUserLeave(app, { ...context, room: { ...context.room, _unmappedProperties_: { usersCount: 3 } } as never }, ws.persistence());
		expect(ws.outbox()).toEqual([expect.objectContaining({ event: 'user-left', actor: { id: 'id-bob', username: 'bob' }, memberCount: 2 })]);
		ws.failing.set('createWithAssociations', 2);
		await expect(postRoomUserLeave(app, leave('town', user('bob')), ws.persistence())).resolves.toBeUndefined();
		expect(app.fakeLogger.at('warn')).toEqual([expect.stringContaining('could not keep 1 audit record(s)')]);
	});
});
