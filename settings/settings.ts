import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

import type { NameRule, Parsed } from './valueParsers';
import {
	fail,
	ok,
	parseBoolean,
	parseCount,
	parseNameList,
	parseNonEmptyNameList,
	parsePatternList,
	parsePositiveCount,
	parseRules,
	parseText,
} from './valueParsers';
import type { NamePattern } from '../lib/namePattern';
import { compileLookup } from '../lib/patternLookup';
import { isValidRoomName } from '../lib/roomName';

/**
 * The one source of every setting: id, type, default, section, i18n keys (derived from the
 * id: `<id>` and `<id>_description`, texts in i18n/en.json) and the parser that validates
 * a value and turns it into the typed config the policies read.
 */
export enum Section {
	General = 'section_general',
	Audit = 'section_audit',
	Creation = 'section_creation',
	Naming = 'section_naming',
	Deletion = 'section_deletion',
	Joining = 'section_joining',
	Leaving = 'section_leaving',
	Webhook = 'section_webhook',
}

/** What names in a setting refer to: roles or users, which must exist when the value is saved. */
export type Reference = 'roles' | 'usernames';

/** What kind of value a setting holds, in the words of the README's settings tables. */
export type SettingKind = 'boolean' | 'int' | 'string' | 'choice' | 'patterns' | 'usernames' | 'roles' | 'rules' | 'url' | 'secret';

export interface SettingSpec<T> {
	readonly id: string;
	readonly section: Section;
	readonly kind: SettingKind;
	readonly type: SettingType;
	readonly packageValue: unknown;
	readonly multiline?: boolean;
	/** The choices of a choice setting, each labelled by the i18n key `<id>_<choice>`. */
	readonly choices?: readonly string[];
	/** What the names this setting holds refer to, which must exist on the server (checked when saved). */
	readonly holds?: Reference;
	parse(raw: unknown): Parsed<T>;
}

const toggle = (id: string, section: Section, packageValue = false): SettingSpec<boolean> => ({
	id,
	section,
	kind: 'boolean',
	type: SettingType.BOOLEAN,
	packageValue,
	parse: parseBoolean,
});

const count = (id: string, section: Section, packageValue = 0): SettingSpec<number> => ({
	id,
	section,
	kind: 'int',
	type: SettingType.NUMBER,
	packageValue,
	parse: parseCount,
});

const choice = <T extends string>(id: string, section: Section, choices: readonly T[], packageValue: T): SettingSpec<T> => ({
	id,
	section,
	kind: 'choice',
	type: SettingType.SELECT,
	packageValue,
	choices,
	parse: (raw) => ((choices as readonly unknown[]).includes(raw) ? ok(raw as T) : fail(`expected one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`)),
});

/** A whole number of at least `min`. */
const bounded = (id: string, section: Section, packageValue: number, min: number): SettingSpec<number> => ({
	...count(id, section, packageValue),
	parse: (raw) => {
		const parsed = parseCount(raw);
		return parsed.ok && parsed.value < min ? fail(`expected a whole number of ${min} or more, got ${parsed.value}`) : parsed;
	},
});

const patterns = (id: string, section: Section): SettingSpec<NamePattern[]> => ({
	id,
	section,
	kind: 'patterns',
	type: SettingType.STRING,
	packageValue: '',
	multiline: true,
	parse: parsePatternList,
});

const names = (id: string, section: Section, kind: 'usernames' | 'roles', packageValue = ''): SettingSpec<string[]> => ({
	id,
	section,
	kind,
	type: SettingType.STRING,
	packageValue,
	multiline: true,
	parse: parseNameList,
});

const roles = (id: string, section: Section): SettingSpec<string[]> => ({
	...names(id, section, 'roles', 'admin'),
	holds: 'roles',
});

const usernames = (id: string, section: Section): SettingSpec<string[]> => ({
	...names(id, section, 'usernames'),
	holds: 'usernames',
});

const rules = <T>(id: string, section: Section, parseValue: (text: string) => Parsed<T>, holds?: Reference): SettingSpec<Array<NameRule<T>>> => ({
	id,
	section,
	kind: 'rules',
	type: SettingType.CODE,
	packageValue: '',
	multiline: true,
	holds,
	parse: (raw) => parseRules(raw, parseValue),
});

const prefix = (id: string): SettingSpec<string> => ({
	id,
	section: Section.Naming,
	kind: 'string',
	type: SettingType.STRING,
	packageValue: '',
	parse: (raw) => {
		const text = parseText(raw);
		if (text.ok && text.value !== '' && !isValidRoomName(text.value)) {
			return fail(`the prefix "${text.value}" holds characters room names cannot have (use letters, digits, - _ .)`);
		}
		return text.ok ? ok(text.value.toLowerCase()) : text;
	},
});

const roomName = (id: string, section: Section, packageValue: string): SettingSpec<string> => ({
	id,
	section,
	kind: 'string',
	type: SettingType.STRING,
	packageValue,
	parse: (raw) => {
		const text = parseText(raw);
		if (!text.ok) {
			return text;
		}
		const name = text.value.replace(/^#/, '');
		return name === '' || /\s/.test(name) ? fail('name one room, without spaces') : ok(name);
	},
});

/** Where webhooks go: empty (none), or an http(s) URL a receiver listens on. */
const webhookUrl = (id: string): SettingSpec<string> => ({
	id,
	section: Section.Webhook,
	kind: 'url',
	type: SettingType.STRING,
	packageValue: '',
	parse: (raw) => {
		const text = parseText(raw);
		if (!text.ok || text.value === '') {
			return text;
		}
		if (text.value.length > MAX_URL_LENGTH) {
			return fail(`the URL is longer than ${MAX_URL_LENGTH} characters`);
		}
		return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(text.value) ? ok(text.value) : fail('expected an http:// or https:// URL');
	},
});

const MAX_URL_LENGTH = 2000;

/** A password setting: the admin UI masks it, and the app never echoes it. */
const secret = (id: string): SettingSpec<string> => ({
	id,
	section: Section.Webhook,
	kind: 'secret',
	type: SettingType.PASSWORD,
	packageValue: '',
	parse: (raw) => {
		// Not trimmed: a secret is used as it was given.
		if (raw === undefined || raw === null) {
			return ok('');
		}
		return typeof raw === 'string' ? ok(raw) : fail('expected text');
	},
});

/** How much the audit room gets: every record, decisions only (no plain room events), or denials only. */
export const AUDIT_LEVELS = ['everything', 'decisions', 'denials'] as const;
export type AuditLevel = (typeof AUDIT_LEVELS)[number];

export const SETTINGS = {
	dryRun: toggle('dry_run', Section.General),

	auditEnabled: toggle('audit_enabled', Section.Audit),
	auditRoom: roomName('audit_room', Section.Audit, 'room-events-audit'),
	auditRoomCreated: toggle('audit_room_created', Section.Audit, true),
	auditRoomDeleted: toggle('audit_room_deleted', Section.Audit, true),
	auditUserJoined: toggle('audit_user_joined', Section.Audit, true),
	auditUserLeft: toggle('audit_user_left', Section.Audit, true),
	auditLevel: choice('audit_level', Section.Audit, AUDIT_LEVELS, 'everything'),
	auditDigestThreshold: bounded('audit_digest_threshold', Section.Audit, 50, 2),
	historyDays: bounded('audit_history_days', Section.Audit, 90, 1),
	historyMaxRecords: bounded('audit_history_max_records', Section.Audit, 100_000, 100),

	blockChannels: toggle('creation_block_channels', Section.Creation),
	blockPrivateGroups: toggle('creation_block_private_groups', Section.Creation),
	blockDirectMessages: toggle('creation_block_direct_messages', Section.Creation),
	blockDiscussions: toggle('creation_block_discussions', Section.Creation),
	blockedNames: patterns('creation_blocked_names', Section.Creation),
	requiredNames: patterns('creation_required_names', Section.Creation),
	reservedNames: patterns('creation_reserved_names', Section.Creation),
	creationExemptRoles: roles('creation_exempt_roles', Section.Creation),
	creationExemptUsers: usernames('creation_exempt_users', Section.Creation),
	creationFailClosed: toggle('creation_fail_closed', Section.Creation),

	normalizeNames: toggle('naming_normalize', Section.Naming),
	channelPrefix: prefix('naming_prefix_channel'),
	privateGroupPrefix: prefix('naming_prefix_private_group'),
	discussionPrefix: prefix('naming_prefix_discussion'),
	readOnlyNames: patterns('naming_read_only_names', Section.Naming),
	hiddenSystemMessageNames: patterns('naming_hide_system_messages_names', Section.Naming),
	tagNewRooms: toggle('naming_tag_new_rooms', Section.Naming),
	autoMembers: rules('naming_auto_members', Section.Naming, parseNonEmptyNameList, 'usernames'),

	protectedNames: patterns('deletion_protected_names', Section.Deletion),
	protectDefaultRooms: toggle('deletion_protect_default_rooms', Section.Deletion),
	protectTeamMainRooms: toggle('deletion_protect_team_main_rooms', Section.Deletion),
	protectedMemberCount: count('deletion_protected_member_count', Section.Deletion),
	deletionFailClosed: toggle('deletion_fail_closed', Section.Deletion),

	joinRules: rules('join_rules', Section.Joining, parseNonEmptyNameList, 'roles'),
	keepGuestsOutOfChannels: toggle('join_keep_guests_out_of_channels', Section.Joining),
	inviteOnlyNames: patterns('join_invite_only_names', Section.Joining),
	lockedRooms: patterns('join_locked_rooms', Section.Joining),
	capacityRules: rules('join_capacity', Section.Joining, parsePositiveCount),
	joinExemptRoles: roles('join_exempt_roles', Section.Joining),
	joinExemptUsers: usernames('join_exempt_users', Section.Joining),
	joinFailClosed: toggle('join_fail_closed', Section.Joining),

	mandatoryNames: patterns('leave_mandatory_names', Section.Leaving),
	leaveExemptRoles: roles('leave_exempt_roles', Section.Leaving),
	leaveFailClosed: toggle('leave_fail_closed', Section.Leaving),

	webhookUrl: webhookUrl('webhook_url'),
	webhookSecret: secret('webhook_secret'),
};

export type ConfigKey = keyof typeof SETTINGS;
type ValueOf<S> = S extends SettingSpec<infer T> ? T : never;
/** The typed, validated value of every setting: what policies and handlers read. */
export type RoomEventsConfig = { readonly [K in ConfigKey]: ValueOf<(typeof SETTINGS)[K]> };

const KEY_BY_ID = new Map<string, ConfigKey>((Object.keys(SETTINGS) as ConfigKey[]).map((key) => [SETTINGS[key].id, key]));

export function configKeyOf(settingId: string): ConfigKey | undefined {
	return KEY_BY_ID.get(settingId);
}

export function settingDefinitions(): ISetting[] {
	return Object.values(SETTINGS).map((spec: SettingSpec<unknown>) => ({
		id: spec.id,
		type: spec.type,
		packageValue: spec.packageValue,
		required: false,
		public: false,
		multiline: spec.multiline,
		...(spec.choices && { values: spec.choices.map((key) => ({ key, i18nLabel: `${spec.id}_${key}` })) }),
		section: spec.section,
		i18nLabel: spec.id,
		i18nDescription: `${spec.id}_description`,
	}));
}

export interface SettingProblem {
	readonly settingId: string;
	readonly value: unknown;
	readonly error: string;
}

/**
 * Builds the typed config from raw values by id. A value that does not parse (stored before
 * validation existed, or written around the admin UI) falls back to the setting's default,
 * and is reported so the app can say so.
 */
export function buildConfig(valueOf: (settingId: string) => unknown): { config: RoomEventsConfig; problems: SettingProblem[] } {
	const problems: SettingProblem[] = [];
	const entries = (Object.keys(SETTINGS) as ConfigKey[]).map((key) => {
		const spec: SettingSpec<unknown> = SETTINGS[key];
		const raw = valueOf(spec.id);
		const parsed = spec.parse(raw === undefined || raw === null ? spec.packageValue : raw);
		if (parsed.ok) {
			return [key, parsed.value];
		}
		problems.push({ settingId: spec.id, value: raw, error: parsed.error });
		return [key, parseDefault(spec)];
	});
	return { config: Object.fromEntries(entries) as RoomEventsConfig, problems };
}

export const DEFAULT_CONFIG: RoomEventsConfig = buildConfig(() => undefined).config;

/**
 * Compiles the lookups of the config's long pattern and rule lists (all of them, or the one of
 * `settingId`), so that the first event after a load or a save does not wait for them.
 */
export function compileLists(config: RoomEventsConfig, settingId?: string): void {
	for (const key of Object.keys(SETTINGS) as ConfigKey[]) {
		const { id, kind } = SETTINGS[key];
		if (settingId !== undefined && id !== settingId) {
			continue;
		}
		if (kind === 'patterns') {
			compileLookup(config[key] as readonly NamePattern[], (pattern) => pattern);
		} else if (kind === 'rules') {
			compileLookup(config[key] as ReadonlyArray<NameRule<unknown>>, (rule) => rule.pattern);
		}
	}
}

/** A copy of `config` with one setting's raw value applied, or why the value is refused. */
export function withSetting(config: RoomEventsConfig, settingId: string, raw: unknown): Parsed<RoomEventsConfig> | undefined {
	const key = configKeyOf(settingId);
	if (!key) {
		return undefined;
	}
	const parsed = (SETTINGS[key] as SettingSpec<unknown>).parse(raw);
	return parsed.ok ? ok({ ...config, [key]: parsed.value }) : fail(parsed.error);
}

/**
 * A raw value checked as a save checks it, with one parse however long the value: why it cannot
 * be used, or the roles or usernames it names (each once), which must exist (none for a setting
 * that names neither); undefined for an id the app does not have.
 */
export function checkedValue(settingId: string, raw: unknown): Parsed<{ readonly holds?: Reference; readonly names: string[] }> | undefined {
	const key = configKeyOf(settingId);
	if (!key) {
		return undefined;
	}
	const spec: SettingSpec<unknown> = SETTINGS[key];
	const parsed = spec.parse(raw);
	if (!parsed.ok) {
		return fail(parsed.error);
	}
	if (!spec.holds) {
		return ok({ names: [] });
	}
	const value = parsed.value as string[] | Array<NameRule<string[]>>;
	return ok({ holds: spec.holds, names: [...new Set(value.flatMap((item) => (typeof item === 'string' ? [item] : item.value)))] });
}

function parseDefault(spec: SettingSpec<unknown>): unknown {
	const parsed = spec.parse(spec.packageValue);
	if (!parsed.ok) {
		throw new Error(`the default of ${spec.id} does not parse: ${parsed.error}`);
	}
	return parsed.value;
}
