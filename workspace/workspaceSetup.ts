// What `npm start` prepares: the admin of a new workspace, the packaged app (installed, or updated
// when another version is installed) and, on a first run, the audit room with the audit trail on.
import { randomBytes } from 'node:crypto';

import type { LocalWorkspace } from './localWorkspace';
import type { RoomRecord, UserRecord } from './store/workspaceStore';

/** The room Room Events posts its audit trail to by default (its `audit_room` setting). */
export const AUDIT_ROOM_NAME = 'room-events-audit';

export interface AdminAccount {
	username: string;
	password: string;
	email: string;
	name: string;
}

export interface DeployedApp {
	appId: string;
	name: string;
	version: string;
	/** What was done: a first install, an update (another version or other files), or nothing (this package is installed). */
	action: 'installed' | 'updated' | 'kept';
}

/** The first admin, from Rocket.Chat's own variables (ADMIN_USERNAME, ADMIN_PASS, ADMIN_EMAIL, ADMIN_NAME) or made up. */
export function adminFromEnvironment(environment: NodeJS.ProcessEnv = process.env): AdminAccount {
	const username = environment.ADMIN_USERNAME || 'admin';
	return {
		username,
		password: environment.ADMIN_PASS || randomBytes(12).toString('base64url'),
		email: environment.ADMIN_EMAIL || `${username}@localhost.localdomain`,
		name: environment.ADMIN_NAME || 'Administrator',
	};
}

export function createAdmin(workspace: LocalWorkspace, admin: AdminAccount): Promise<UserRecord> {
	return workspace.accounts.createUser({ ...admin, roles: ['admin'], joinDefaultChannels: false });
}

/**
 * Installs the package, or updates the installed app when it runs another version or other files
 * (a rebuilt app whose version did not change), keeping its settings and data.
 */
export async function deployApp(workspace: LocalWorkspace, zip: Buffer, installedBy: string): Promise<DeployedApp> {
	const { engine } = workspace;
	const info = await engine.readPackage(zip);
	const deployed = { appId: info.id, name: info.name, version: info.version };
	if (!engine.isInstalled(info.id)) {
		await engine.install(zip, { installedBy });
		return { ...deployed, action: 'installed' };
	}
	if (await engine.isInstalledAs(zip)) return { ...deployed, action: 'kept' };
	await engine.update(zip);
	return { ...deployed, action: 'updated' };
}

/**
 * Creates the audit room as a private group of the admin, through the room service (so the app sees
 * it created), points the app at it and switches the audit trail on.
 */
export async function setUpAudit(workspace: LocalWorkspace, adminId: string, appId: string): Promise<RoomRecord> {
	const room = workspace.store.getRoomByName(AUDIT_ROOM_NAME) ?? (await workspace.rooms.createChannel(adminId, 'p', { name: AUDIT_ROOM_NAME }));
	await workspace.engine.updateSetting(appId, 'audit_room', AUDIT_ROOM_NAME);
	await workspace.engine.updateSetting(appId, 'audit_enabled', true);
	return room;
}
