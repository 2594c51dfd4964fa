import type { IMessage } from 'apps-engine-deno/definition/messages';

import { fromAppMessage, toAppMessage, toAppRoom, toRawMessage } from '../../workspace/engine/converters';
import { WorkspaceStore } from '../../workspace/store/workspaceStore';

/** Rocket.Chat's convertAppMessage copies `_unmappedProperties_` onto the stored message (docs/rocketchat-fidelity.md §8.3). */
describe("an app's message and its _unmappedProperties_", () => {
	const store = new WorkspaceStore();
	const alice = store.createUser({ username: 'alice' });
	const room = store.createRoom({ name: 'town', type: 'c', creatorId: alice.id });
	const appMessage = (unmapped: unknown) =>
		({ room: toAppRoom(store, room), sender: { id: alice.id }, text: 'hello', _unmappedProperties_: unmapped }) as unknown as IMessage;

	it('stores the _id an app puts there as the message id, keeps the other fields and gives them back on every read', () => {
		const record = store.createMessage(fromAppMessage(appMessage({ _id: 'digest-2030-01', kind: 'digest' })));

		expect(record).toMatchObject({ id: 'digest-2030-01', text: 'hello', unmappedFields: { kind: 'digest' } });
		expect(toAppMessage(store, record)).toMatchObject({ id: 'digest-2030-01', _unmappedProperties_: { kind: 'digest' } });
		expect(toRawMessage(store, record)).toMatchObject({ id: 'digest-2030-01', _unmappedProperties_: { kind: 'digest' } });
		expect(fromAppMessage(appMessage(undefined))).not.toHaveProperty('id');
	});

	it("refuses an _id that is not a string, as sendMessage's check does, and a second message of one id, as the _id index does", () => {
		expect(() => fromAppMessage(appMessage({ _id: 42 }))).toThrow('Match error: Expected string, got number in field _id');
		store.createMessage({ id: 'once', roomId: room.id, senderId: alice.id, text: 'first' });
		expect(() => store.createMessage({ id: 'once', roomId: room.id, senderId: alice.id, text: 'second' })).toThrow(
			'E11000 duplicate key error collection: rocketchat_message index: _id_ dup key: { _id: "once" }',
		);
		expect(store.listMessages(room.id).filter((message) => message.id === 'once')).toHaveLength(1);
	});
});
