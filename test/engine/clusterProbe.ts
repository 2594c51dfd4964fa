import { packageFixtureApp } from './fixtureApps';
import type { EngineHost } from '../../workspace/engine/engineHost';

/** The cluster probe fixture (test/fixtures/cluster-probe-app): each handler logs one `probe: …` line. */
export const CLUSTER_PROBE_ID = '8d28191c-9e89-4ed3-97bb-18d10be90ada';

export function clusterProbeZip(): Promise<Buffer> {
	return packageFixtureApp('cluster-probe-app');
}

/** What the probe logged on one instance, oldest first, without the `probe: ` prefix. */
export function probeLines(host: EngineHost): string[] {
	return host
		.getLogs(CLUSTER_PROBE_ID)
		.flatMap((entry) => entry.args)
		.filter((arg): arg is string => typeof arg === 'string' && arg.startsWith('probe: '))
		.map((line) => line.slice('probe: '.length));
}
