import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { PartialUser } from './payloadFacts';
import type { WorkspaceLanguage } from './workspaceLanguage';
import type { Text } from '../lib/translate';
import { translate } from '../lib/translate';

/**
 * A refusal as the user who acted reads it (Rocket.Chat shows the message of the exception a
 * pre-event throws): in their language when they chose one (Rocket.Chat's user converter passes
 * it on), else in the workspace's default language (the server setting `Language`).
 */
export async function refusalFor(workspace: WorkspaceLanguage, read: IRead, actor: PartialUser, refusal: Text): Promise<string> {
	return translate(await readerLanguage(workspace, read, actor), refusal);
}

/** The language a user reads what the app tells them in: theirs when they chose one, else the workspace's. */
export async function readerLanguage(workspace: WorkspaceLanguage, read: IRead, user: PartialUser): Promise<string | undefined> {
	return user?.settings?.preferences?.language || workspace.of(read);
}
