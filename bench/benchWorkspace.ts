/** The workspace and the policy set the engine sections of `npm run bench` run Room Events with. */
import { EngineHost } from '../workspace/engine/engineHost';
import type { RuntimeName } from '../workspace/engine/engineRuntime';
import { WorkspaceStore } from '../workspace/store/workspaceStore';

/** A policy set such as a mid-sized organisation might keep, with the audit trail on. */
export const REALISTIC_SETTINGS: Readonly<Record<string, unknown>> = {
	audit_enabled: true,
	audit_room: 'audit',
	creation_blocked_names: 'secret-*, *-archive, tmp-*, test-*, old-*',
	creation_reserved_names: 'general, announcements, random',
	naming_prefix_private_group: 'priv-',
	naming_read_only_names: 'announce-*',
	deletion_protected_names: 'general, legal-*',
	deletion_protect_default_rooms: true,
	join_rules: 'security-*: admin\nfinance-*: admin, user',
	join_keep_guests_out_of_channels: true,
	join_locked_rooms: 'incident-2026-11',
	join_capacity: 'townhall-*: 500',
	leave_mandatory_names: 'all-hands, company-*',
};

/** The audit trail on, no policy. */
export const AUDIT_ONLY_SETTINGS: Readonly<Record<string, unknown>> = { audit_enabled: true, audit_room: 'audit' };

/** A room the realistic join rules refuse to plain users (`security-*: admin`). */
export const RULED_ROOM = 'security-ops';

/**
 * Fills a store as the benches need it: the admin, alice and bob; the private audit room `audit`
 * (unless told otherwise), created by the admin so that the app trusts it; the public channel
 * `town`, which alice owns and no realistic rule names; and `security-ops`, which a join rule guards.
 */
export function fillBenchStore(store: WorkspaceStore, options: { auditRoom?: boolean } = {}): WorkspaceStore {
	const admin = store.createUser({ username: 'admin', roles: ['admin'] });
	const alice = store.createUser({ username: 'alice' });
	store.createUser({ username: 'bob' });
	if (options.auditRoom ?? true) store.createRoom({ name: 'audit', type: 'p', creatorId: admin.id });
	for (const name of ['town', RULED_ROOM]) {
		const room = store.createRoom({ name, type: 'c', creatorId: alice.id });
		store.addMember(room.id, alice.id, ['owner']);
	}
	return store;
}

export interface BenchHost {
	readonly store: WorkspaceStore;
	readonly host: EngineHost;
	readonly appId: string;
	/** Milliseconds the install took. */
	readonly installMs: number;
}

/**
 * An engine host of `runtime` of its own, on a bench store, with the app of `zip` installed and
 * `settings` saved as an admin saves them. `clock` drives the store, the bridges and the scheduler.
 */
export async function startBenchHost(
	runtime: RuntimeName,
	zip: Buffer,
	settings: Readonly<Record<string, unknown>> = {},
	options: { auditRoom?: boolean; clock?: () => Date } = {},
): Promise<BenchHost> {
	const store = fillBenchStore(new WorkspaceStore(options.clock), options);
	const host = new EngineHost(store, { runtime, clock: options.clock });
	await host.start();
	const started = process.hrtime.bigint();
	const appId = await host.install(zip);
	const installMs = Number(process.hrtime.bigint() - started) / 1e6;
	for (const [id, value] of Object.entries(settings)) await host.updateSetting(appId, id, value);
	return { store, host, appId, installMs };
}
