import { packageFixtureApp } from './fixtureApps';

/** The API and HTTP probe fixture (test/fixtures/api-http-app): app endpoints that echo what they get, and outgoing requests on demand. */
export const API_HTTP_PROBE_ID = '75796719-e7f4-4174-8923-374df5e6d29e';

export function apiHttpProbeZip(): Promise<Buffer> {
	return packageFixtureApp('api-http-app');
}
