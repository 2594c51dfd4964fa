/**
 * One table of decisions over every rule of every policy family: the case, the settings, and
 * what the policies decide (outcome, and the setting whose rule decided). The handlers and
 * `/room-events explain` are both run on each case, with fakes and through the packaged app in
 * both runtimes, and must agree with it and with each other.
 *
 * The workspace: alice and bob (users), gus (a guest), lee (role lawyer), root (admin); rooms
 * town (channel: alice, bob), legal-team (group), vault, onboarding, lobby (a default
 * channel), crowd (a channel of three: alice, bob, root).
 */
export type CaseEvent =
	| { readonly kind: 'join'; readonly room: string; readonly user: string; readonly by?: string }
	| { readonly kind: 'leave'; readonly room: string; readonly user: string; readonly by?: string }
	| { readonly kind: 'create'; readonly name: string; readonly type: 'channel' | 'private' | 'discussion'; readonly creator: string }
	| { readonly kind: 'delete'; readonly room: string };

export interface PolicyCase {
	readonly title: string;
	readonly settings: Readonly<Record<string, unknown>>;
	readonly event: CaseEvent;
	readonly outcome: 'allowed' | 'denied' | 'would-deny';
	/** The setting whose rule decided; absent when no rule matched. */
	readonly setting?: string;
}

export const CASE_USERS = [
	{ username: 'alice', roles: ['user'] },
	{ username: 'bob', roles: ['user'] },
	{ username: 'gus', roles: ['guest'] },
	{ username: 'lee', roles: ['user', 'lawyer'] },
	{ username: 'root', roles: ['admin'] },
] as const;

export const CASE_ROOMS = [
	{ name: 'town', type: 'c', members: ['alice', 'bob'] },
	{ name: 'legal-team', type: 'p', members: ['lee'] },
	{ name: 'vault', type: 'p', members: ['root'] },
	{ name: 'onboarding', type: 'c', members: ['alice'] },
	{ name: 'lobby', type: 'c', members: ['alice'], isDefault: true },
	{ name: 'crowd', type: 'c', members: ['alice', 'bob', 'root'] },
] as const;

/** A command line for `explain` that asks about the case's event. */
export function explainLine(event: CaseEvent): string[] {
	switch (event.kind) {
		case 'join':
		case 'leave':
			return ['explain', event.kind, `@${event.user}`, `#${event.room}`, ...(event.by ? ['by', `@${event.by}`] : [])];
		case 'create':
			return ['explain', 'create', event.name, event.type, `@${event.creator}`];
		case 'delete':
			return ['explain', 'delete', `#${event.room}`];
	}
}

export const POLICY_CASES: readonly PolicyCase[] = [
	// Joining
	{ title: 'a join with no join rule on', settings: {}, event: { kind: 'join', room: 'town', user: 'alice' }, outcome: 'allowed' },
	{
		title: 'a join of a locked room, even by an admin',
		settings: { join_locked_rooms: 'vault' },
		event: { kind: 'join', room: 'vault', user: 'root' },
		outcome: 'denied',
		setting: 'join_locked_rooms',
	},
	{
		title: 'a join of a locked room in dry-run mode',
		settings: { join_locked_rooms: 'vault', dry_run: true },
		event: { kind: 'join', room: 'vault', user: 'alice' },
		outcome: 'would-deny',
		setting: 'join_locked_rooms',
	},
	{
		title: 'a guest joining a public channel',
		settings: { join_keep_guests_out_of_channels: true },
		event: { kind: 'join', room: 'town', user: 'gus' },
		outcome: 'denied',
		setting: 'join_keep_guests_out_of_channels',
	},
	{
		title: 'a guest joining a private group',
		settings: { join_keep_guests_out_of_channels: true },
		event: { kind: 'join', room: 'legal-team', user: 'gus', by: 'lee' },
		outcome: 'allowed',
	},
	{
		title: 'a join without the role a join rule asks for',
		settings: { join_rules: 'legal-*: lawyer' },
		event: { kind: 'join', room: 'legal-team', user: 'alice', by: 'lee' },
		outcome: 'denied',
		setting: 'join_rules',
	},
	{
		title: 'a join with the role a join rule asks for',
		settings: { join_rules: 'legal-*: lawyer' },
		event: { kind: 'join', room: 'legal-team', user: 'lee' },
		outcome: 'allowed',
	},
	{
		title: 'an admin passing a join rule by an exempt role',
		settings: { join_rules: 'legal-*: lawyer' },
		event: { kind: 'join', room: 'legal-team', user: 'root' },
		outcome: 'allowed',
		setting: 'join_exempt_roles',
	},
	{
		title: 'a user passing a join rule as an exempt user',
		settings: { join_rules: 'legal-*: lawyer', join_exempt_users: 'bob' },
		event: { kind: 'join', room: 'legal-team', user: 'bob' },
		outcome: 'allowed',
		setting: 'join_exempt_users',
	},
	{
		title: 'joining an invite-only room on their own',
		settings: { join_invite_only_names: 'town' },
		event: { kind: 'join', room: 'town', user: 'lee' },
		outcome: 'denied',
		setting: 'join_invite_only_names',
	},
	{
		title: 'added to an invite-only room by a member',
		settings: { join_invite_only_names: 'town' },
		event: { kind: 'join', room: 'town', user: 'lee', by: 'alice' },
		outcome: 'allowed',
	},
	{
		title: 'a join of a full room',
		settings: { join_capacity: 'crowd: 3' },
		event: { kind: 'join', room: 'crowd', user: 'lee' },
		outcome: 'denied',
		setting: 'join_capacity',
	},
	{
		title: 'a join of a room with space left',
		settings: { join_capacity: 'crowd: 4' },
		event: { kind: 'join', room: 'crowd', user: 'lee' },
		outcome: 'allowed',
	},
	// Leaving
	{
		title: 'leaving a room that is not mandatory',
		settings: { leave_mandatory_names: 'onboarding' },
		event: { kind: 'leave', room: 'town', user: 'bob' },
		outcome: 'allowed',
	},
	{
		title: 'leaving a mandatory room',
		settings: { leave_mandatory_names: 'onboarding' },
		event: { kind: 'leave', room: 'onboarding', user: 'alice' },
		outcome: 'denied',
		setting: 'leave_mandatory_names',
	},
	{
		title: 'removed from a mandatory room by a user without an exempt role',
		settings: { leave_mandatory_names: 'onboarding' },
		event: { kind: 'leave', room: 'onboarding', user: 'alice', by: 'bob' },
		outcome: 'denied',
		setting: 'leave_mandatory_names',
	},
	{
		title: 'removed from a mandatory room by an admin',
		settings: { leave_mandatory_names: 'onboarding' },
		event: { kind: 'leave', room: 'onboarding', user: 'alice', by: 'root' },
		outcome: 'allowed',
		setting: 'leave_exempt_roles',
	},
	// Creation
	{
		title: 'creating a channel with no creation rule on',
		settings: {},
		event: { kind: 'create', name: 'plans', type: 'channel', creator: 'alice' },
		outcome: 'allowed',
	},
	{
		title: 'creating a channel when channels are switched off',
		settings: { creation_block_channels: true },
		event: { kind: 'create', name: 'plans', type: 'channel', creator: 'alice' },
		outcome: 'denied',
		setting: 'creation_block_channels',
	},
	{
		title: 'an admin creating a channel when channels are switched off',
		settings: { creation_block_channels: true },
		event: { kind: 'create', name: 'plans', type: 'channel', creator: 'root' },
		outcome: 'allowed',
		setting: 'creation_exempt_roles',
	},
	{
		title: 'creating a private group when groups are switched off',
		settings: { creation_block_private_groups: true },
		event: { kind: 'create', name: 'plans', type: 'private', creator: 'bob' },
		outcome: 'denied',
		setting: 'creation_block_private_groups',
	},
	{
		title: 'creating a discussion when discussions are switched off',
		settings: { creation_block_discussions: true },
		event: { kind: 'create', name: 'plans', type: 'discussion', creator: 'bob' },
		outcome: 'denied',
		setting: 'creation_block_discussions',
	},
	{
		title: 'creating a room with a blocked name',
		settings: { creation_blocked_names: 'secret-*' },
		event: { kind: 'create', name: 'secret-plans', type: 'channel', creator: 'bob' },
		outcome: 'denied',
		setting: 'creation_blocked_names',
	},
	{
		title: 'creating a room whose name no required pattern matches',
		settings: { creation_required_names: 'team-*' },
		event: { kind: 'create', name: 'plans', type: 'private', creator: 'bob' },
		outcome: 'denied',
		setting: 'creation_required_names',
	},
	{
		title: 'creating a room with a reserved name',
		settings: { creation_reserved_names: 'general' },
		event: { kind: 'create', name: 'general', type: 'channel', creator: 'bob' },
		outcome: 'denied',
		setting: 'creation_reserved_names',
	},
	{
		title: 'a user exempt by name creating a blocked room',
		settings: { creation_blocked_names: 'secret-*', creation_exempt_users: 'bob' },
		event: { kind: 'create', name: 'secret-plans', type: 'channel', creator: 'bob' },
		outcome: 'allowed',
		setting: 'creation_exempt_users',
	},
	// Deletion
	{ title: 'deleting a room with no protection on', settings: {}, event: { kind: 'delete', room: 'town' }, outcome: 'allowed' },
	{
		title: 'deleting a room with a protected name',
		settings: { deletion_protected_names: 'legal-*' },
		event: { kind: 'delete', room: 'legal-team' },
		outcome: 'denied',
		setting: 'deletion_protected_names',
	},
	{
		title: 'deleting a default room',
		settings: { deletion_protect_default_rooms: true },
		event: { kind: 'delete', room: 'lobby' },
		outcome: 'denied',
		setting: 'deletion_protect_default_rooms',
	},
	{
		title: 'deleting a room above the member limit',
		settings: { deletion_protected_member_count: 2 },
		event: { kind: 'delete', room: 'crowd' },
		outcome: 'denied',
		setting: 'deletion_protected_member_count',
	},
	{
		title: 'deleting a room within the member limit',
		settings: { deletion_protected_member_count: 2 },
		event: { kind: 'delete', room: 'town' },
		outcome: 'allowed',
	},
];
