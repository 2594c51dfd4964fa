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

	it("refuses a direct message the policy blocks when a member's name cannot be read for the audit record, naming that member by id", async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, creation_block_direct_messages: true }));
		const dm = { type: RoomType.DIRECT_MESSAGE, slugifiedName: '', userIds: ['id-alice', 'id-root'] } as unknown as IRoom;
		ws.failing.set('getUserById', 1);
		await expect(preRoomCreatePrevent(app, dm, ws.read(), ws.persistence())).rejects.toMatchObject({
			message: 'Creating a direct message is switched off in this workspace.',
		});
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ event: 'creation-decided', outcome: 'denied', room: expect.objectContaining({ name: 'user id id-alice, @root' }) }),
		]);
	});

	it('fails open when the creator cannot be read, with an error in the log and the failure audited', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, creation_blocked_names: 'secret-*' }));
		ws.failing.set('getUserById', 1);
		await expect(preRoomCreatePrevent(app, newRoom('secret-x'), ws.read(), ws.persistence())).resolves.toBe(false);
		expect(app.fakeLogger.at('error')).toEqual([
			expect.stringContaining('could not check the room creation rules (creation-decided), and let through the action: getUserById failed (test)'),
		]);
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ event: 'decision-failed', reason: 'getUserById failed (test); the action went ahead (the policy fails open)' }),
		]);
	});

	it('fails closed when the admin asked for it: refuses with a reason saying so, and audits the refusal', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, creation_blocked_names: 'secret-*', creation_fail_closed: true }));
		ws.failing.set('getUserById', 1);
		await expect(preRoomCreatePrevent(app, newRoom('secret-x'), ws.read(), ws.persistence())).rejects.toMatchObject({
			name: 'AppsEngineException',
			message: 'Room Events could not check the room creation rules; try again or ask an admin.',
		});
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ event: 'decision-failed', outcome: 'denied', rule: { setting: 'creation_fail_closed', matched: 'on' } }),
		]);
		// A room no rule refuses needs no read, so nothing can fail.
		ws.failing.set('getUserById', 1);
		await expect(preRoomCreatePrevent(app, newRoom('town'), ws.read(), ws.persistence())).resolves.toBe(false);
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
			expect.objectContaining({
				event: 'room-shaped',
				room: { name: 'pub-news-desk', kind: 'channel' },
				updated: ['name', 'display name', 'read-only'],
				renamedFrom: 'News Desk',
				reason: 'shaped by `naming_normalize` (on), `naming_prefix_channel` (pub-), `naming_read_only_names` (pub-news*)',
			}),
		]);
	});

	it('in dry-run mode changes nothing but reports the plan', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, dry_run: true, naming_normalize: true }));
		const target = newRoom('Big Room');
		const result = await preRoomCreateModify(app, target, builderFor(target), ws.read(), ws.persistence());
		expect(result.slugifiedName).toBe('Big Room');
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ room: { name: 'Big Room', kind: 'channel' }, updated: ['name', 'display name'], dryRun: true }),
		]);
		expect(ws.outbox()[0].renamedFrom).toBeUndefined();
	});

	it('keeps no record of its own for a room Extend tagged: the creation message tells the tag', async () => {
		const ws = workspace();
		const target = newRoom('x', RoomType.CHANNEL, user('alice'), { customFields: { [ADMISSION_FIELD]: { admittedBy: 'default' } } });
		await preRoomCreateModify(appContext(configFor(AUDIT)), target, builderFor(target), ws.read(), ws.persistence());
		expect(ws.outbox()).toEqual([]);
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
	it('keeps the creation record, with the admission tag Extend put on the room', async () => {
		const ws = workspace();
		const tagged = room('proj-x', RoomType.CHANNEL, { customFields: { [ADMISSION_FIELD]: { admittedBy: 'default', reason: 'no creation rule is on' } } });
		await postRoomCreate(appContext(configFor(AUDIT)), tagged, ws.read(), ws.persistence(), ws.modify());
		expect(ws.messages).toEqual([]);
		expect(ws.outbox()).toEqual([
			expect.objectContaining({
				event: 'room-created',
				room: { id: 'rid-proj-x', name: 'proj-x', kind: 'channel' },
				actor: { id: 'id-owner', username: 'owner' },
				reason: 'tagged as admitted by default (no creation rule is on)',
			}),
		]);
	});

	it("keeps a new direct message's record when a member's name cannot be read, naming that member by id", async () => {
		const ws = workspace();
		const dm = { id: 'dm2', type: RoomType.DIRECT_MESSAGE, slugifiedName: '', userIds: ['id-alice', 'id-root'] } as unknown as IRoom;
		ws.failing.set('getUserById', 1);
		await postRoomCreate(appContext(configFor(AUDIT)), dm, ws.read(), ws.persistence(), ws.modify());
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ event: 'room-created', room: { id: 'dm2', name: 'user id id-alice, @root', kind: 'direct-message' } }),
		]);
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
		expect(ws.outbox()).toEqual([
			expect.objectContaining({ event: 'room-created' }),
			expect.objectContaining({
				event: 'members-added',
				members: ['compliance.bot', 'alice'],
				reason: 'auto-members rule "proj-*: compliance.bot, alice"',
			}),
		]);
	});

	it('names no member as added when adding them failed, and says why', async () => {
		const ws = workspace();
		const app = appContext(configFor({ ...AUDIT, naming_auto_members: 'proj-*: compliance.bot' }));
		const broken = { ...ws.modify(), getUpdater: () => ({ room: async () => Promise.reject(new Error('no such user')) }) } as never;
		await postRoomCreate(app, room('proj-x'), ws.read(), ws.persistence(), broken);
		const [, members] = ws.outbox();
		expect(members.members).toBeUndefined();
		expect(members.reason).toBe('auto-members rule "proj-*: compliance.bot": @compliance.bot not added: no such user');
	});

	it("audits the audit room's own creation as the room's activity", async () => {
		const ws = workspace();
		await postRoomCreate(appContext(configFor(AUDIT)), room('Audit', RoomType.PRIVATE_GROUP), ws.read(), ws.persistence(), ws.modify());
		expect(ws.outbox()).toEqual([expect.objectContaining({ event: 'audit-room-activity', activity: 'room-created' })]);
	});

	it('with audit off, keeps nothing', async () => {
		const ws = workspace();
		await postRoomCreate(appContext(configFor({})), room('proj-x'), ws.read(), ws.persistence(), ws.modify());
		expect(ws.outbox()).toEqual([]);
	});
});
