import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

/** How long the workspace's language is taken as read: an admin rarely changes it, and a refusal must not cost a read. */
export const WORKSPACE_LANGUAGE_TTL_MS = 5 * 60_000;

/**
 * The workspace's default language (Rocket.Chat's server setting `Language`), read at most once
 * every five minutes per instance: refusals and command answers are written in it for users who
 * chose no language of their own, and a pre-event's budget is the reads its rule needs.
 */
export class WorkspaceLanguage {
	private value: string | undefined;

	private readAt = Number.NEGATIVE_INFINITY;

	constructor(private readonly now: () => number = () => Date.now()) {}

	public async of(read: IRead): Promise<string | undefined> {
		if (this.now() - this.readAt < WORKSPACE_LANGUAGE_TTL_MS) {
			return this.value;
		}
		this.value = await readLanguage(read);
		this.readAt = this.now();
		return this.value;
	}
}

async function readLanguage(read: IRead): Promise<string | undefined> {
	try {
		const language = await read.getEnvironmentReader().getServerSettings().getValueById('Language');
		return typeof language === 'string' && language !== '' ? language : undefined;
	} catch {
		// Without the setting, English: a refusal must not fail on the language it is written in.
		return undefined;
	}
}
