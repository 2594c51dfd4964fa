// GET /api/apps/:id/logs as Rocket.Chat answers it (apps/meteor/ee/server/apps/communication/
// endpoints/appLogsHandler.ts, its query schema isAppLogsProps and makeAppLogsQuery): the app's
// log records, one per call into the app, from every instance (Rocket.Chat keeps them in one
// collection), newest first unless `sort` says otherwise, paginated with offset and count.
import type { StoredLogRecord } from '../../engine/engineHost';
import { ApiError, failure, invalidParams } from '../apiResponse';
import type { Page } from './params';
import { paginate, sortDocuments } from './params';

const PARAMETERS = new Set(['appId', 'logLevel', 'method', 'instanceId', 'startDate', 'endDate', 'offset', 'count', 'sort']);

/**
 * The severities each `logLevel` selects, as makeAppLogsQuery lists them. The engine writes a
 * warning as 'warning', a name no level lists: on a server too, a record whose only lines are
 * warnings is left out at every level, and shown only without `logLevel`.
 */
const SEVERITIES_OF_LEVEL: Record<string, string[]> = {
	0: ['error'],
	1: ['error', 'warn', 'info', 'log'],
	2: ['error', 'warn', 'info', 'log', 'debug', 'success'],
};

// What the schema's `format: 'date-time'` takes (RFC 3339, as ajv-formats checks it).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function dateParameter(query: Record<string, string>, name: string): Date | undefined {
	const value = query[name];
	if (value === undefined) return undefined;
	if (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) throw new ApiError(invalidParams(`must match format "date-time"`));
	return new Date(value);
}

/** The page of `records` (one app's, every instance's) that `query` asks for; throws an ApiError for a parameter Rocket.Chat refuses. */
export function appLogsPage(records: StoredLogRecord[], query: Record<string, string>): Page<Record<string, unknown>> {
	const unknown = Object.keys(query).find((name) => !PARAMETERS.has(name));
	if (unknown !== undefined) throw new ApiError(invalidParams('must NOT have additional properties'));
	const { logLevel, method, instanceId } = query;
	if (logLevel !== undefined && !(logLevel in SEVERITIES_OF_LEVEL)) throw new ApiError(invalidParams('must be equal to one of the allowed values'));
	for (const name of ['offset', 'count']) {
		const value = query[name] === undefined ? undefined : Number(query[name]);
		if (value !== undefined && Number.isNaN(value)) throw new ApiError(invalidParams('must be number'));
		if (value !== undefined && value < 0) throw new ApiError(invalidParams('must be >= 0'));
	}
	const startDate = dateParameter(query, 'startDate');
	const endDate = dateParameter(query, 'endDate');
	if (startDate && endDate && startDate >= endDate) throw new ApiError(failure('Invalid date range'));

	const severities = logLevel === undefined ? undefined : SEVERITIES_OF_LEVEL[logLevel];
	const matching = records.filter(
		(record) =>
			(method === undefined || record.method === method) &&
			(instanceId === undefined || record.instanceId === instanceId) &&
			(severities === undefined || record.entries.some((entry) => severities.includes(entry.severity))) &&
			(startDate === undefined || record._updatedAt >= startDate) &&
			(endDate === undefined || record._updatedAt <= endDate),
	);
	const oldestFirst = [...matching].sort((a, b) => a._updatedAt.getTime() - b._updatedAt.getTime());
	return paginate(sortDocuments(oldestFirst as unknown as Array<Record<string, unknown>>, query, { _updatedAt: -1 }), query);
}
