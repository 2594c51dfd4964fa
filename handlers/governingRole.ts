import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

/** The role that may govern (run the command's subcommands, read the export): read by id from the server. */
export const GOVERNING_ROLE = 'admin';

/**
 * The user as the server holds them, when they hold the governing role; undefined otherwise.
 * Read by id: a payload's roles (or a client's claim) are never trusted for this.
 */
export async function governingUser(read: IRead, userId: string | undefined): Promise<IUser | undefined> {
	if (!userId) {
		return undefined;
	}
	const user = await read.getUserReader().getById(userId);
	return user?.roles?.some((role) => role.toLowerCase() === GOVERNING_ROLE) ? user : undefined;
}
