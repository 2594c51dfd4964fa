import type { RoomKind } from '../../../policy/eventFacts';
import type { ShapeFacts } from '../../../policy/roomShapePolicy';
import { autoMembersFor, normalizeName, planRoomShape, shapePolicyActive } from '../../../policy/roomShapePolicy';
import { configFor, room } from '../../fakes/configFor';

/** A new room as Modify sees it: writable, showing system messages, display name = name. */
function facts(name: string, kind: RoomKind = 'channel', more: Partial<ShapeFacts> = {}): ShapeFacts {
	return { room: room(name, kind), displayName: name, isReadOnly: false, displaySystemMessages: true, ...more };
}

const PREFIXES = {
	naming_prefix_channel: 'pub-',
	naming_prefix_private_group: 'priv-',
	naming_prefix_discussion: 'disc-',
};

describe('normalizeName', () => {
	it.each([
		['Project X', 'project-x'],
		['  Project   X  ', 'project-x'],
		['a\tb\nc', 'a-b-c'],
		['already-fine', 'already-fine'],
		['UPPER', 'upper'],
	])('%j → %j', (name, expected) => {
		expect(normalizeName(name)).toBe(expected);
	});
});

describe('planRoomShape: names', () => {
	const normalize = configFor({ naming_normalize: true });

	it('normalises a channel name and its display name', () => {
		expect(planRoomShape(normalize, facts('Project X'))).toEqual({
			changes: { slugifiedName: 'project-x', displayName: 'project-x' },
			updated: ['slugifiedName', 'displayName'],
			rules: [{ setting: 'naming_normalize', matched: 'on' }],
		});
	});

	it('changes nothing for a name already normal', () => {
		expect(planRoomShape(normalize, facts('project-x'))).toEqual({ changes: {}, updated: [], rules: [] });
	});

	it('does not normalise a discussion title', () => {
		expect(planRoomShape(normalize, facts('Why X Broke', 'discussion'))).toEqual({ changes: {}, updated: [], rules: [] });
	});

	it.each([
		['channel', 'news', 'pub-news'],
		['private-group', 'hr', 'priv-hr'],
	] as const)('prefixes a %s: %s → %s', (kind, name, expected) => {
		const plan = planRoomShape(configFor(PREFIXES), facts(name, kind));
		expect(plan.changes).toEqual({ slugifiedName: expected, displayName: expected });
		expect(plan.updated).toEqual(['slugifiedName', 'displayName']);
	});

	it.each([
		['channel', 'pub-news'],
		['channel', 'PUB-News'],
		['private-group', 'priv-hr'],
		['discussion', 'disc-why'],
		['discussion', 'Disc-Why'],
	] as const)('does not double the prefix of a %s named %s', (kind, name) => {
		expect(planRoomShape(configFor(PREFIXES), facts(name, kind))).toEqual({ changes: {}, updated: [], rules: [] });
	});

	it('uses only the prefix of the room kind', () => {
		// A channel already holding the team prefix still gets the channel prefix.
		expect(planRoomShape(configFor(PREFIXES), facts('team-red', 'channel')).changes.slugifiedName).toBe('pub-team-red');
	});

	it('puts a discussion prefix in the display name only', () => {
		const plan = planRoomShape(configFor({ ...PREFIXES, naming_normalize: true }), facts('Why X Broke', 'discussion'));
		expect(plan).toEqual({
			changes: { displayName: 'disc-Why X Broke' },
			updated: ['displayName'],
			rules: [{ setting: 'naming_prefix_discussion', matched: 'disc-' }],
		});
	});

	it('normalises before it prefixes', () => {
		const config = configFor({ ...PREFIXES, naming_normalize: true });
		expect(planRoomShape(config, facts('News Desk')).changes.slugifiedName).toBe('pub-news-desk');
		// "Pub News" normalised already holds the prefix.
		expect(planRoomShape(config, facts('Pub News')).changes.slugifiedName).toBe('pub-news');
	});

	it.each(['direct-message', 'livechat'] as const)('leaves a %s untouched whatever is on', (kind) => {
		const config = configFor({
			...PREFIXES,
			naming_normalize: true,
			naming_read_only_names: '*',
			naming_hide_system_messages_names: '*',
		});
		expect(planRoomShape(config, facts('Alice Bob', kind))).toEqual({ changes: {}, updated: [], rules: [] });
	});
});

describe('planRoomShape: display name', () => {
	const normalize = configFor({ naming_normalize: true });

	it.each([
		['equal to the old name', 'Project X', 'project-x'],
		['absent', undefined, 'project-x'],
		['chosen apart from the name', 'The Project X Room', undefined],
	])('when the display name is %s, it becomes %j', (_when, displayName, expected) => {
		const plan = planRoomShape(normalize, facts('Project X', 'channel', { displayName }));
		expect(plan.changes.slugifiedName).toBe('project-x');
		expect(plan.changes.displayName).toBe(expected);
		expect(plan.updated).toEqual(expected === undefined ? ['slugifiedName'] : ['slugifiedName', 'displayName']);
	});
});

describe('planRoomShape: invalid rename results', () => {
	it.each([
		[{ naming_normalize: true }, 'Café Talk', '"café-talk" is not a valid room name, so "Café Talk" was kept'],
		[{ naming_prefix_channel: 'pub-' }, 'Café', '"pub-Café" is not a valid room name, so "Café" was kept'],
	])('with %j, %s is kept', (values, name, skipped) => {
		expect(planRoomShape(configFor(values), facts(name))).toEqual({ changes: {}, updated: [], rules: [], skipped });
	});

	it('still applies the other changes, on the name that was kept', () => {
		const config = configFor({ naming_normalize: true, naming_read_only_names: 'café*' });
		const plan = planRoomShape(config, facts('Café Talk'));
		expect(plan.changes).toEqual({ isReadOnly: true });
		expect(plan.updated).toEqual(['isReadOnly']);
		expect(plan.skipped).toContain('not a valid room name');
	});

	it('does not check a discussion title against room-name rules', () => {
		const plan = planRoomShape(configFor({ naming_prefix_discussion: 'disc-' }), facts('Café Talk', 'discussion'));
		expect(plan).toEqual({
			changes: { displayName: 'disc-Café Talk' },
			updated: ['displayName'],
			rules: [{ setting: 'naming_prefix_discussion', matched: 'disc-' }],
		});
	});
});

describe('planRoomShape: read-only and system messages', () => {
	const config = configFor({
		naming_read_only_names: 'announce-*, *-news',
		naming_hide_system_messages_names: '*-firehose, announce-*',
	});

	const readOnly = (matched: string) => ({ setting: 'naming_read_only_names', matched });
	const quiet = (matched: string) => ({ setting: 'naming_hide_system_messages_names', matched });

	it.each([
		[
			'announce-all',
			{ isReadOnly: true, displaySystemMessages: false },
			['isReadOnly', 'displaySystemMessages'],
			[readOnly('announce-*'), quiet('announce-*')],
		],
		['Sales-News', { isReadOnly: true }, ['isReadOnly'], [readOnly('*-news')]],
		['logs-firehose', { displaySystemMessages: false }, ['displaySystemMessages'], [quiet('*-firehose')]],
		['random', {}, [], []],
	])('%s gets %j', (name, changes, updated, rules) => {
		expect(planRoomShape(config, facts(name))).toEqual({ changes, updated, rules });
	});

	it('changes nothing a room already has', () => {
		const plan = planRoomShape(config, facts('announce-all', 'channel', { isReadOnly: true, displaySystemMessages: false }));
		expect(plan).toEqual({ changes: {}, updated: [], rules: [] });
	});

	it.each(['private-group', 'team', 'discussion'] as const)('applies to a %s too', (kind) => {
		expect(planRoomShape(config, facts('announce-x', kind)).updated).toEqual(['isReadOnly', 'displaySystemMessages']);
	});

	it.each([
		['normalised', { naming_normalize: true }, 'Announce All', 'channel'],
		['prefixed', { naming_prefix_channel: 'announce-' }, 'all', 'channel'],
		['a prefixed discussion', { naming_prefix_discussion: 'announce-' }, 'Hello There', 'discussion'],
	] as const)('matches the final name when %s', (_how, values, name, kind) => {
		const plan = planRoomShape(configFor({ ...values, naming_read_only_names: 'announce-*' }), facts(name, kind));
		expect(plan.changes.isReadOnly).toBe(true);
	});

	it('does not match the name before the rename', () => {
		const plan = planRoomShape(configFor({ naming_prefix_channel: 'pub-', naming_read_only_names: 'news' }), facts('news'));
		expect(plan.changes.isReadOnly).toBeUndefined();
		expect(plan.changes.slugifiedName).toBe('pub-news');
	});

	it('lists every changed field, in IRoom order', () => {
		const all = configFor({ naming_normalize: true, naming_prefix_channel: 'pub-', naming_read_only_names: '*', naming_hide_system_messages_names: '*' });
		const plan = planRoomShape(all, facts('Big News'));
		expect(plan.changes).toEqual({ slugifiedName: 'pub-big-news', displayName: 'pub-big-news', isReadOnly: true, displaySystemMessages: false });
		expect(plan.updated).toEqual(['slugifiedName', 'displayName', 'isReadOnly', 'displaySystemMessages']);
		expect(plan.updated).toEqual(Object.keys(plan.changes));
	});
});

describe('shapePolicyActive', () => {
	it.each([
		[{}, false],
		[{ naming_tag_new_rooms: true }, false],
		[{ naming_auto_members: 'x-*: bot' }, false],
		[{ naming_normalize: true }, true],
		[{ naming_prefix_channel: 'c-' }, true],
		[{ naming_prefix_private_group: 'g-' }, true],
		[{ naming_prefix_discussion: 'd-' }, true],
		[{ naming_read_only_names: 'x' }, true],
		[{ naming_hide_system_messages_names: 'x' }, true],
	])('%j: %s', (values, active) => {
		expect(shapePolicyActive(configFor(values))).toBe(active);
	});
});

describe('autoMembersFor', () => {
	const config = configFor({
		naming_auto_members: 'proj-*: compliance.bot, @Alice\n*-secret: security.bot, compliance.bot\n# all rooms\nproj-x: alice, bob',
	});

	it.each([
		['proj-x', ['compliance.bot', 'alice', 'bob'], 2],
		['proj-secret', ['compliance.bot', 'alice', 'security.bot'], 2],
		['PROJ-Y', ['compliance.bot', 'alice'], 1],
		['hr-secret', ['security.bot', 'compliance.bot'], 1],
		['random', [], 0],
	])('%s gets %j from %s rules', (name, members, ruleCount) => {
		const result = autoMembersFor(config, room(name, 'private-group'));
		expect(result.members).toEqual(members);
		expect(result.rules).toHaveLength(ruleCount);
	});

	it('returns the matching rules in order', () => {
		expect(autoMembersFor(config, room('proj-x')).rules.map((rule) => rule.source)).toEqual(['proj-*: compliance.bot, @Alice', 'proj-x: alice, bob']);
	});

	it.each(['direct-message', 'livechat'] as const)('adds nobody to a %s', (kind) => {
		expect(autoMembersFor(configFor({ naming_auto_members: '*: compliance.bot' }), room('proj-x', kind))).toEqual({ members: [], rules: [] });
	});

	it.each(['channel', 'team', 'discussion'] as const)('adds to a %s', (kind) => {
		expect(autoMembersFor(configFor({ naming_auto_members: '*: compliance.bot' }), room('proj-x', kind)).members).toEqual(['compliance.bot']);
	});
});
