import type { RoomEventsConfig } from '../../settings/settings';
import { buildConfig } from '../../settings/settings';

/** The config with these raw setting values (by setting id) and defaults elsewhere; throws on a bad value. */
export function configWith(values: Record<string, unknown>): RoomEventsConfig {
	const { config, problems } = buildConfig((id) => values[id]);
	if (problems.length > 0) {
		throw new Error(`bad test settings: ${JSON.stringify(problems)}`);
	}
	return config;
}
