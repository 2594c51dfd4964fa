import type { Text } from '../../lib/translate';
import { translate } from '../../lib/translate';
import type { RoomFacts, RoomKind, UserFacts } from '../../policy/eventFacts';
import type { RoomEventsConfig } from '../../settings/settings';
import { buildConfig, configKeyOf } from '../../settings/settings';

/**
 * The typed config for raw setting values by id, every other setting at its default, as the
 * app builds it. Throws on an unknown id or a value that does not parse, so a typo in a test
 * table cannot silently test the default instead.
 */
export function configFor(values: Record<string, unknown> = {}): RoomEventsConfig {
	const unknown = Object.keys(values).filter((id) => configKeyOf(id) === undefined);
	if (unknown.length > 0) {
		throw new Error(`no setting is named ${unknown.join(', ')}`);
	}
	const { config, problems } = buildConfig((id) => values[id]);
	if (problems.length > 0) {
		throw new Error(`test config does not parse: ${problems.map((p) => `${p.settingId}: ${p.error}`).join('; ')}`);
	}
	return config;
}

/** A room as the policies see it; a channel that is neither default nor a team's main room unless told. */
export function room(name: string, kind: RoomKind = 'channel', more: Partial<RoomFacts> = {}): RoomFacts {
	return { name, kind, isPublic: kind === 'channel', isDefault: false, isTeamMain: false, ...more };
}

/** A user as the policies see it: lower-case username, roles read from the server. */
export function user(username: string, roles: readonly string[] = ['user'], id?: string): UserFacts {
	return { username, roles, ...(id === undefined ? {} : { id }) };
}

/** A decision (or step) with its reason written out in English, as the audit room has it. */
export function inEnglish<T extends { reason: Text | string }>(step: T): InEnglish<T> {
	// A step that needs a fact names it in a plain string (for the handler, never shown).
	const reason = typeof step.reason === 'string' ? step.reason : translate('en', step.reason);
	return { ...step, reason } as unknown as InEnglish<T>;
}

/** Distributes over a union, so a decision's verdict still tells its shape apart. */
type InEnglish<T> = T extends unknown ? Omit<T, 'reason'> & { reason: string } : never;
