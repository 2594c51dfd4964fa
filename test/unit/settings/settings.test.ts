import { readFileSync } from 'fs';
import { join } from 'path';

import { creationPolicyActive } from '../../../policy/creationPolicy';
import { deletionPolicyActive } from '../../../policy/deletionPolicy';
import { joinPolicyActive, leavePolicyActive } from '../../../policy/membershipPolicy';
import { shapePolicyActive } from '../../../policy/roomShapePolicy';
import type { ConfigKey, RoomEventsConfig } from '../../../settings/settings';
import { DEFAULT_CONFIG, SETTINGS, Section, buildConfig, checkedValue, configKeyOf, settingDefinitions, withSetting } from '../../../settings/settings';
import { parseList } from '../../../settings/valueParsers';
import { PROJECT_ROOT } from '../../../workspace/projectPaths';
import { configFor } from '../../fakes/configFor';

const texts: Record<string, string> = JSON.parse(readFileSync(join(PROJECT_ROOT, 'i18n', 'en.json'), 'utf8'));
const definitions = settingDefinitions();
const ids = definitions.map((definition) => definition.id);

describe('i18n texts of the settings', () => {
	it.each(ids)('%s has a label and a description', (id) => {
		expect(texts[id]?.trim()).toBeTruthy();
		expect(texts[`${id}_description`]?.trim()).toBeTruthy();
	});

	it.each(definitions.flatMap((definition) => (definition.values ?? []).map((value) => value.i18nLabel)))('choice %s has a text', (key) => {
		expect(texts[key]?.trim()).toBeTruthy();
	});

	it.each(Object.values(Section))('section key %s has a text', (section) => {
		expect(texts[section]?.trim()).toBeTruthy();
	});

	it.each(ids)('%s has a label of its own, not its id, and a description that says more than the label', (id) => {
		expect(texts[id]).not.toBe(id);
		expect(texts[`${id}_description`]).not.toBe(texts[id]);
	});
});

describe('setting definitions', () => {
	it('have unique ids, in lower snake case, prefixed by their section', () => {
		expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
		const prefixes: Record<Section, string> = {
			[Section.General]: 'dry_run',
			[Section.Audit]: 'audit_',
			[Section.Creation]: 'creation_',
			[Section.Naming]: 'naming_',
			[Section.Deletion]: 'deletion_',
			[Section.Joining]: 'join_',
			[Section.Leaving]: 'leave_',
			[Section.Webhook]: 'webhook_',
		};
		expect(
			definitions.filter((definition) => !/^[a-z]+(_[a-z]+)*$/.test(definition.id) || !definition.id.startsWith(prefixes[definition.section as Section])),
		).toEqual([]);
	});

	it.each(definitions.map((definition) => [definition.id, definition.packageValue]))('the default of %s parses', (id, packageValue) => {
		const parsed = withSetting(DEFAULT_CONFIG, id as string, packageValue);
		expect(parsed).toEqual(expect.objectContaining({ ok: true }));
	});

	it.each(ids)('%s maps back to its config key', (id) => {
		const key = configKeyOf(id) as ConfigKey;
		expect(key).toBeDefined();
		expect(SETTINGS[key].id).toBe(id);
	});
});

describe('DEFAULT_CONFIG', () => {
	it.each([
		['creationPolicyActive', creationPolicyActive],
		['deletionPolicyActive', deletionPolicyActive],
		['joinPolicyActive', joinPolicyActive],
		['leavePolicyActive', leavePolicyActive],
		['shapePolicyActive', shapePolicyActive],
	])('has %s false', (_name, active) => {
		expect(active(DEFAULT_CONFIG)).toBe(false);
	});

	it('has the audit trail and dry run off', () => {
		expect(DEFAULT_CONFIG.auditEnabled).toBe(false);
		expect(DEFAULT_CONFIG.dryRun).toBe(false);
	});

	it('is what buildConfig gives with nothing stored, without problems', () => {
		const { config, problems } = buildConfig(() => undefined);
		expect(problems).toEqual([]);
		expect(config.auditRoom).toBe('room-events-audit');
		expect(config.creationExemptRoles).toEqual(['admin']);
		expect(config).toEqual(DEFAULT_CONFIG);
	});

	it.each([
		['creation_reserved_names', 'general', creationPolicyActive],
		['deletion_protected_member_count', 10, deletionPolicyActive],
		['join_locked_rooms', 'war-room', joinPolicyActive],
		['leave_mandatory_names', 'all-hands', leavePolicyActive],
	])('turns its policy on when %s is %j', (id, value, active) => {
		expect(active(configFor({ [id]: value }))).toBe(true);
	});
});

describe('buildConfig', () => {
	it.each([
		['creation_blocked_names', 'a,,b', []],
		['creation_block_channels', 'yes', false],
		['deletion_protected_member_count', -3, 0],
		['audit_room', '   ', 'room-events-audit'],
		['join_capacity', 'townhall-*', []],
	])('reports a malformed %s (%j) and falls back to the default', (id, value, fallback) => {
		const { config, problems } = buildConfig((settingId) => (settingId === id ? value : undefined));
		expect(problems).toEqual([{ settingId: id, value, error: expect.any(String) }]);
		expect(problems[0].error).not.toBe('');
		const key = configKeyOf(id) as ConfigKey;
		expect(config[key]).toEqual(fallback);
	});

	it('keeps the good values beside a bad one', () => {
		const stored: Record<string, unknown> = { creation_block_discussions: true, creation_reserved_names: 'a, ,b' };
		const { config, problems } = buildConfig((id) => stored[id]);
		expect(config.blockDiscussions).toBe(true);
		expect(config.reservedNames).toEqual([]);
		expect(problems.map((problem) => problem.settingId)).toEqual(['creation_reserved_names']);
	});
});

describe('withSetting', () => {
	/** DEFAULT_CONFIG with one value applied; fails the test when the value is refused. */
	function applied(id: string, value: unknown): RoomEventsConfig {
		const parsed = withSetting(DEFAULT_CONFIG, id, value);
		if (!parsed?.ok) {
			throw new Error(`${id} = ${JSON.stringify(value)} was refused: ${parsed?.error ?? 'unknown setting'}`);
		}
		return parsed.value;
	}

	it('takes room names as patterns, a leading # left out', () => {
		const config = applied('join_locked_rooms', '#Incident-*, war-room');
		expect(config.lockedRooms.map((pattern) => pattern.source)).toEqual(['Incident-*', 'war-room']);
		expect(config.lockedRooms[0].matches('incident-2026-11')).toBe(true);
	});

	it.each([
		['creation_block_channels', true, 'blockChannels', true],
		['creation_block_channels', 'true', 'blockChannels', true],
		['creation_exempt_roles', 'Admin, @Moderator', 'creationExemptRoles', ['admin', 'moderator']],
		['deletion_protected_member_count', '50', 'protectedMemberCount', 50],
		['naming_prefix_channel', ' Pub- ', 'channelPrefix', 'pub-'],
		['audit_room', '#Audit', 'auditRoom', 'Audit'],
		['creation_exempt_users', 'alice\nrocket.cat', 'creationExemptUsers', ['alice', 'rocket.cat']],
	] as const)('applies %s = %j', (id, value, key, expected) => {
		const config = applied(id, value);
		expect(config[key]).toEqual(expected);
		// Only that setting changes.
		expect({ ...config, [key]: DEFAULT_CONFIG[key] }).toEqual(DEFAULT_CONFIG);
	});

	it('applies a valid rule setting as parsed rules', () => {
		const { capacityRules } = applied('join_capacity', '# big rooms\ntownhall-*: 500\n\nsmall-?: 3');
		expect(capacityRules.map((rule) => [rule.source, rule.value])).toEqual([
			['townhall-*: 500', 500],
			['small-?: 3', 3],
		]);
		expect(capacityRules[0].pattern.matches('TownHall-2026')).toBe(true);
	});

	it('does not change the config it was given', () => {
		withSetting(DEFAULT_CONFIG, 'creation_block_channels', true);
		expect(DEFAULT_CONFIG.blockChannels).toBe(false);
	});

	it('knows nothing of an unknown setting', () => {
		expect(withSetting(DEFAULT_CONFIG, 'no_such_setting', true)).toBeUndefined();
	});

	it.each([
		['creation_blocked_names', 'a,,b', 'empty item'],
		['creation_blocked_names', 'secret *', 'white space'],
		['deletion_protected_names', 'legal-*\nlegal archive', 'white space'],
		['join_rules', 'security-* admin', 'no ":"'],
		['join_rules', 'security-*:', 'no names are given'],
		['join_rules', 'security-*: admin, ,security', 'empty item'],
		['naming_auto_members', 'proj-*:', 'no names are given'],
		['join_capacity', 'townhall-*: 0', 'capacity of 0'],
		['join_capacity', 'townhall-*: -5', 'whole number'],
		['join_capacity', 'townhall-*: 2.5', 'whole number'],
		['join_capacity', 'townhall-*: many', 'whole number'],
		['join_capacity', ': 5', 'empty'],
		['deletion_protected_member_count', -1, 'whole number'],
		['deletion_protected_member_count', 1.5, 'whole number'],
		['naming_prefix_channel', 'pub -', 'characters room names cannot have'],
		['naming_prefix_discussion', 'disc\t-', 'characters room names cannot have'],
		['naming_prefix_channel', 'pub#', 'characters room names cannot have'],
		['audit_room', '', 'without spaces'],
		['audit_room', '#', 'without spaces'],
		['audit_room', 'audit room', 'without spaces'],
		['creation_exempt_users', 'alice smith', 'no spaces'],
		['creation_block_channels', 'maybe', 'true or false'],
	])('refuses %s = %j, saying %j', (id, value, error) => {
		const parsed = withSetting(DEFAULT_CONFIG, id, value);
		expect(parsed).toEqual({ ok: false, error: expect.stringContaining(error) });
	});

	it('names the offending rule line in a rule error', () => {
		const parsed = withSetting(DEFAULT_CONFIG, 'join_capacity', 'ok-*: 5\ntownhall-*: 0');
		expect(parsed).toEqual({ ok: false, error: expect.stringContaining('"townhall-*: 0"') });
	});
});

describe('checkedValue', () => {
	it.each([
		['creation_exempt_roles', 'Admin, Security', { holds: 'roles', names: ['admin', 'security'] }],
		['join_exempt_roles', 'moderator', { holds: 'roles', names: ['moderator'] }],
		['leave_exempt_roles', 'owner\nadmin', { holds: 'roles', names: ['owner', 'admin'] }],
		['join_rules', 'security-*: Admin, security\n# note\nboard-*: board, admin', { holds: 'roles', names: ['admin', 'security', 'board'] }],
		['join_rules', '', { holds: 'roles', names: [] }],
		['creation_exempt_users', '@Alice, bob', { holds: 'usernames', names: ['alice', 'bob'] }],
		['naming_auto_members', 'proj-*: compliance.bot\nteam-*: compliance.bot, carol', { holds: 'usernames', names: ['compliance.bot', 'carol'] }],
		['join_capacity', 'townhall-*: 500', { names: [] }],
		['creation_reserved_names', 'admin', { names: [] }],
	])('%s = %j names %j', (id, value, expected) => {
		expect(checkedValue(id, value)).toEqual({ ok: true, value: expected });
	});

	it('says why a value cannot be used, as withSetting does', () => {
		expect(checkedValue('creation_exempt_roles', 'a,,b')).toEqual({ ok: false, error: 'the line "a,,b" has an empty item' });
		expect(checkedValue('creation_exempt_roles', 'a,,b')).toEqual(withSetting(DEFAULT_CONFIG, 'creation_exempt_roles', 'a,,b'));
	});

	it('knows no setting the app does not have', () => {
		expect(checkedValue('no_such_setting', 'admin')).toBeUndefined();
	});
});

describe('parseList', () => {
	it.each([
		['a, b, c', ['a', 'b', 'c']],
		['a,\nb,', ['a', 'b']],
		['a,,', ['a']],
		['\n\na\n\n  \nb\n', ['a', 'b']],
		['a\r\nb', ['a', 'b']],
		['', []],
		[undefined, []],
	])('forgives %j', (raw, expected) => {
		expect(parseList(raw)).toEqual({ ok: true, value: expected });
	});

	it.each([['a,,b'], [',a'], ['a, ,b'], ['x\nc,,d']])('refuses the empty item in %j', (raw) => {
		expect(parseList(raw)).toEqual({ ok: false, error: expect.stringContaining('empty item') });
	});

	it('refuses what is not text', () => {
		expect(parseList(42)).toEqual({ ok: false, error: expect.stringContaining('expected text') });
	});
});

describe('stricter value forms', () => {
	it.each([
		['deletion_protected_member_count', '0x10', 'whole number'],
		['deletion_protected_member_count', '1e3', 'whole number'],
		['join_capacity', 'town: 1e3', 'whole number'],
		['creation_exempt_users', '@', 'nothing after the @'],
		['join_locked_rooms', 'a, #', 'a pattern is empty'],
	])('refuses %s = %j, saying %j', (id, value, message) => {
		const result = withSetting(DEFAULT_CONFIG, id, value);
		expect(result).toEqual({ ok: false, error: expect.stringContaining(message) });
	});

	it('takes a stored null as the default, without a problem', () => {
		const { config, problems } = buildConfig((id) => (id === 'audit_room_created' ? null : undefined));
		expect(problems).toEqual([]);
		expect(config.auditRoomCreated).toBe(true);
	});
});
