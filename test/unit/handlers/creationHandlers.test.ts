import type { IRoomBuilder, IRoomExtender } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';

import { postRoomCreate } from '../../../handlers/postRoomCreate';
import { preRoomCreateExtend } from '../../../handlers/preRoomCreateExtend';
import { preRoomCreateModify } from '../../../handlers/preRoomCreateModify';
import { preRoomCreatePrevent } from '../../../handlers/preRoomCreatePrevent';
import { ADMISSION_FIELD } from '../../../policy/creationPolicy';
import { configFor } from '../../fakes/configFor';
import { FakeWorkspace, appContext, room, user } from '../../fakes/fakeAccessors';

const AUDIT = { audit_enabled: true, audit_room: 'audit' };

function workspace(): FakeWorkspace {
	return new FakeWorkspace().addUser(user('alice'), user('root', ['admin', 'user'])).addRoom(room('audit', RoomType.PRIVATE_GROUP));
}

/** A new room as Rocket.Chat hands it to pre-create handlers: no id yet. */
function newRoom(name: string, type = RoomType.CHANNEL, creator = user('alice'), extra: Record<string, unknown> = {}): IRoom {
	return room(name, type, { id: undefined as unknown as string, creator, ...extra });
}

function builderFor(target: IRoom): IRoomBuilder {
	const built = { ...target } as IRoom;
	const builder = {
		set: (fields: Partial<IRoom>) => {
			Object.assign(built, fields);
			return builder;
		},
		setSlugifiedName: (slugifiedName: string) => builder.set({ slugifiedName }),
		setDisplayName: (displayName: string) => builder.set({ displayName }),
		setReadOnly: (isReadOnly: boolean) => builder.set({ isReadOnly }),
		setDisplayingOfSystemMessages: (displaySystemMessages: boolean) => builder.set({ displaySystemMessages }),
		getRoom: () => built,
	};
	return builder as unknown as IRoomBuilder;
}

describe('IPreRoomCreatePrevent handler', () => {
	it('with no policy on, blocks nothing, reads nothing and records nothing', async () => {
		const ws = workspace();
		await expect(preRoomCreatePrevent(appContext(configFor(AUDIT)), newRoom('secret-x'), ws.read(), ws.persistence())).resolves.toBe(false);
		expect(ws.reads).toEqual({ users: 0, rooms: 0, members: 0 });
		expect(ws.outbox()).toEqual([]);
	});

	it('reads no user for a room the rules let through', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, creation_blocked_names: 'secret-*' }));
		await expect(preRoomCreatePrevent(app, newRoom('public-x'), ws.read(), ws.persistence())).resolves.toBe(false);
		expect(ws.reads.users).toBe(0);
	});

	it("throws the policy's reason as an AppsEngineException and keeps the denial for the audit room", async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, creation_blocked_names: 'secret-*' }));
		const attempt = preRoomCreatePrevent(app, newRoom('secret-x'), ws.read(), ws.persistence());
		await expect(attempt).rejects.toMatchObject({
			name: 'AppsEngineException',
			message: 'Room names matching "secret-*" are not allowed in this workspace.',
		});
		expect(ws.outbox()).toEqual([
			expect.objectContaining({
				event: 'creation-decided',
				outcome: 'denied',
				rule: { setting: 'creation_blocked_names', matched: 'secret-*' },
				actor: { id: 'id-alice', username: 'alice' },
			}),
		]);
	});

	it('in dry-run mode lets the room through and records that it would have been denied', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, dry_run: true, creation_blocked_names: 'secret-*' }));
		await expect(preRoomCreatePrevent(app, newRoom('secret-x'), ws.read(), ws.persistence())).resolves.toBe(false);
		expect(ws.outbox()).toEqual([expect.objectContaining({ outcome: 'would-deny', dryRun: true })]);
	});

	it("reads the creator's roles from the server, not from the payload", async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, creation_blocked_names: 'secret-*' }));
		const claimsAdmin = user('alice', ['admin']);
		await expect(preRoomCreatePrevent(app, newRoom('secret-x', RoomType.CHANNEL, claimsAdmin), ws.read(), ws.persistence())).rejects.toMatchObject({
			name: 'AppsEngineException',
		});
		await expect(preRoomCreatePrevent(app, newRoom('secret-y', RoomType.CHANNEL, user('root', [])), ws.read(), ws.persistence())).resolves.toBe(false);
		expect(ws.outbox()[1]).toMatchObject({ outcome: 'allowed', rule: { setting: 'creation_exempt_roles', matched: 'admin' } });
	});

	it('handles a direct message without a creator', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, creation_block_direct_messages: true }));
		const dm = { id: 'dm1', type: RoomType.DIRECT_MESSAGE, slugifiedName: '', usernames: [] } as unknown as IRoom;
		await expect(preRoomCreatePrevent(app, dm, ws.read(), ws.persistence())).rejects.toMatchObject({
			message: 'Creating a direct message is switched off in this workspace.',
		});
	});

	it('fails open, with an error in the log, when the server cannot be read', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, creation_blocked_names: 'secret-*' }));
		const broken = { ...ws.read(), getUserReader: () => ({ getById: async () => Promise.reject(new Error('timeout')) }) } as unknown as ReturnType<
			FakeWorkspace['read']
		>;
		await expect(preRoomCreatePrevent(app, newRoom('secret-x'), broken, ws.persistence())).resolves.toBe(false);
		expect(app.fakeLogger.at('error')).toEqual([expect.stringContaining('IPreRoomCreatePrevent failed and changed nothing: timeout')]);
	});
});

describe('IPreRoomCreateExtend handler', () => {
	function extenderFor(target: IRoom): IRoomExtender & { fields: Record<string, unknown> } {
		const fields: Record<string, unknown> = {};
		const extender = {
			fields,
			addCustomField: (key: string, value: unknown) => {
				fields[key] = value;
				return extender;
			},
			getRoom: () => ({ ...target, customFields: { ...target.customFields, ...fields } }),
		};
		return extender as unknown as IRoomExtender & { fields: Record<string, unknown> };
	}

	it('tags the new room with the rule that admitted it', async () => {
		const ws = workspace();
		const app = appContext(configFor({ naming_tag_new_rooms: true, creation_blocked_names: 'secret-*' }));
		const extender = extenderFor(newRoom('secret-x', RoomType.CHANNEL, user('root')));
		const result = await preRoomCreateExtend(app, newRoom('secret-x', RoomType.CHANNEL, user('root')), extender, ws.read(), ws.persistence());
		expect(result.customFields?.[ADMISSION_FIELD]).toMatchObject({ admittedBy: 'creation_exempt_roles', dryRun: false });
	});

	it('adds nothing with tagging off, and returns the extender room', async () => {
		const ws = workspace();
		const extender = extenderFor(newRoom('x'));
		const result = await preRoomCreateExtend(appContext(configFor({})), newRoom('x'), extender, ws.read(), ws.persistence());
		expect(extender.fields).toEqual({});
		expect(result.slugifiedName).toBe('x');
	});
});

describe('IPreRoomCreateModify handler', () => {
	it('applies the naming plan to the builder and keeps an audit record of the updated fields', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, naming_normalize: true, naming_prefix_channel: 'pub-', naming_read_only_names: 'pub-news*' }));
		const target = newRoom('News Desk');
		const builder = builderFor(target);
		const result = await preRoomCreateModify(app, target, builder, ws.read(), ws.persistence());
		expect(result).toMatchObject({ slugifiedName: 'pub-news-desk', displayName: 'pub-news-desk', isReadOnly: true });
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ event: 'room-shaped', updated: ['slugifiedName', 'displayName', 'isReadOnly'], reason: 'renamed from "News Desk"' }),
		]);
	});

	it('in dry-run mode changes nothing but reports the plan', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, dry_run: true, naming_normalize: true }));
		const target = newRoom('Big Room');
		const result = await preRoomCreateModify(app, target, builderFor(target), ws.read(), ws.persistence());
		expect(result.slugifiedName).toBe('Big Room');
		expect(ws.outbox()).toEqual([expect.objectContaining({ updated: ['slugifiedName', 'displayName'], dryRun: true })]);
	});

	it('lists customFields when the room was tagged in Extend', async () => {
		const ws = workspace();
		const target = newRoom('x', RoomType.CHANNEL, user('alice'), { customFields: { [ADMISSION_FIELD]: { admittedBy: 'default' } } });
		await preRoomCreateModify(appContext(configFor(AUDIT)), target, builderFor(target), ws.read(), ws.persistence());
		expect(ws.outbox()).toEqual([expect.objectContaining({ updated: ['customFields'] })]);
	});

	it('with no naming rule on, returns the room untouched and records nothing', async () => {
		const ws = workspace();
		const target = newRoom('Any Name');
		const result = await preRoomCreateModify(appContext(configFor(AUDIT)), target, builderFor(target), ws.read(), ws.persistence());
		expect(result.slugifiedName).toBe('Any Name');
		expect(ws.outbox()).toEqual([]);
	});
});

describe('IPostRoomCreate handler', () => {
	it('posts one message in the audit room as the app user', async () => {
		const ws = workspace();
		await postRoomCreate(appContext(configFor(AUDIT)), room('proj-x'), ws.read(), ws.persistence(), ws.modify());
		expect(ws.messages).toHaveLength(1);
		expect(ws.messages[0]).toMatchObject({ roomId: 'rid-audit', senderId: 'app-user' });
		expect(ws.messages[0].text).toContain('*Room created* · #proj-x (public channel, id `rid-proj-x`)');
		expect(ws.messages[0].text).toContain('Created by: @owner');
	});

	it('adds the auto-members after creation and audits them', async () => {
		const ws = workspace();
		await postRoomCreate(
			appContext(configFor({ ...AUDIT, naming_auto_members: 'proj-*: compliance.bot, alice' })),
			room('proj-x'),
			ws.read(),
			ws.persistence(),
			ws.modify(),
		);
		expect(ws.addedMembers).toEqual([{ roomId: 'rid-proj-x', usernames: ['compliance.bot', 'alice'] }]);
		expect(ws.messages.map((m) => m.text.split('\n')[0])).toEqual([
			'*Room created* · #proj-x (public channel, id `rid-proj-x`)',
			'*Members added to new room* · #proj-x (public channel, id `rid-proj-x`)',
		]);
	});

	it("does not audit the audit room's own creation", async () => {
		const ws = workspace();
		await postRoomCreate(appContext(configFor(AUDIT)), room('Audit', RoomType.PRIVATE_GROUP), ws.read(), ws.persistence(), ws.modify());
		expect(ws.messages).toEqual([]);
	});

	it('keeps the record in the outbox and warns when the audit room is missing, without throwing', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, audit_room: 'nowhere' }));
		await expect(postRoomCreate(app, room('proj-x'), ws.read(), ws.persistence(), ws.modify())).resolves.toBeUndefined();
		expect(ws.messages).toEqual([]);
		expect(ws.outbox()).toEqual([expect.objectContaining({ event: 'room-created' })]);
		expect(app.fakeLogger.at('warn')).toEqual([expect.stringContaining('no room is named "nowhere". 1 record(s) wait in the outbox.')]);
	});

	it('with audit off, posts nothing and keeps nothing', async () => {
		const ws = workspace();
		await postRoomCreate(appContext(configFor({})), room('proj-x'), ws.read(), ws.persistence(), ws.modify());
		expect(ws.messages).toEqual([]);
		expect(ws.outbox()).toEqual([]);
	});
});
