import type { ExportedRecord } from './exportRecord';
import { EXPORT_ACTIONS } from './exportRecord';
import type { NamePattern } from '../lib/namePattern';
import { parseNamePattern } from '../lib/namePattern';

export const EXPORT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Where a page ends: the last record's time and id (records are exported oldest first). */
export interface ExportCursor {
	readonly at: string;
	readonly id: string;
}

/** What an export asks for: a time range, actions, actor and room, a page. */
export interface ExportQuery {
	/** From this instant on (inclusive). */
	readonly since?: string;
	/** Before this instant (exclusive). */
	readonly until?: string;
	readonly actions?: readonly NamePattern[];
	/** A username (case-insensitive) or user id. */
	readonly actor?: string;
	readonly rooms?: readonly NamePattern[];
	readonly after?: ExportCursor;
	readonly limit: number;
	readonly format: ExportFormat;
}

/** A parameter that cannot be read: answered with 400, naming it. */
export interface ExportQueryProblem {
	readonly parameter: string;
	readonly error: string;
}

const PARAMETERS = ['since', 'until', 'action', 'actor', 'room', 'cursor', 'limit', 'format'];
const DAY = 24 * 60 * 60 * 1000;

/**
 * Reads an export's query parameters. Times are ISO 8601 (`2026-11-24`, `2026-11-24T08:00:00Z`)
 * or a span back from `now` (`7d`, `12h`); `action` and `room` take comma-separated patterns
 * (`member.*`, `*_denied`, `legal-*`).
 */
export function parseExportQuery(query: Readonly<Record<string, unknown>>, now: Date): ExportQuery | ExportQueryProblem {
	const unknown = Object.keys(query).find((name) => !PARAMETERS.includes(name));
	if (unknown !== undefined) {
		return { parameter: unknown, error: `unknown parameter; the export takes ${PARAMETERS.join(', ')}` };
	}
	const texts: Record<string, string | undefined> = {};
	for (const name of PARAMETERS) {
		const value = query[name];
		if (value !== undefined && typeof value !== 'string') {
			return { parameter: name, error: 'give it once, as text' };
		}
		texts[name] = value?.trim() === '' ? undefined : value?.trim();
	}
	const range = timeRangeOf(texts, now);
	if ('parameter' in range) {
		return range;
	}
	const filters = filtersOf(texts);
	if ('parameter' in filters) {
		return filters;
	}
	const page = pageOf(texts);
	if ('parameter' in page) {
		return page;
	}
	return { ...range, ...filters, ...page };
}

type Texts = Readonly<Record<string, string | undefined>>;

function timeRangeOf(texts: Texts, now: Date): Pick<ExportQuery, 'since' | 'until'> | ExportQueryProblem {
	const range: { since?: string; until?: string } = {};
	for (const parameter of ['since', 'until'] as const) {
		const given = texts[parameter];
		if (given === undefined) {
			continue;
		}
		const instant = instantOf(given, now);
		if (instant === null) {
			return { parameter, error: `"${given}" is not a time: use 2026-11-24, 2026-11-24T08:00:00Z, 7d or 12h` };
		}
		range[parameter] = instant;
	}
	if (range.since !== undefined && range.until !== undefined && range.since >= range.until) {
		return { parameter: 'until', error: `${range.until} is not after since (${range.since})` };
	}
	return range;
}

function filtersOf(texts: Texts): Pick<ExportQuery, 'actions' | 'actor' | 'rooms'> | ExportQueryProblem {
	const actions = texts.action === undefined ? undefined : patternsOf(texts.action);
	if (actions && 'error' in actions) {
		return { parameter: 'action', error: actions.error };
	}
	const unmatched = actions?.find((pattern) => !EXPORT_ACTIONS.some((action) => pattern.matches(action)));
	if (unmatched) {
		return { parameter: 'action', error: `"${unmatched.source}" names no action; the actions are ${EXPORT_ACTIONS.join(', ')}` };
	}
	const rooms = texts.room === undefined ? undefined : patternsOf(texts.room.replace(/#/g, ''));
	if (rooms && 'error' in rooms) {
		return { parameter: 'room', error: rooms.error };
	}
	return {
		...(actions && { actions }),
		...(texts.actor !== undefined && { actor: texts.actor.replace(/^@/, '') }),
		...(rooms && { rooms }),
	};
}

function pageOf(texts: Texts): Pick<ExportQuery, 'after' | 'limit' | 'format'> | ExportQueryProblem {
	const after = texts.cursor === undefined ? undefined : decodeCursor(texts.cursor);
	if (after === null) {
		return { parameter: 'cursor', error: 'not a cursor this export gave (pass `next` from the previous page as it is)' };
	}
	const limit = texts.limit === undefined ? DEFAULT_PAGE_SIZE : Number(texts.limit);
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
		return { parameter: 'limit', error: `expected a whole number from 1 to ${MAX_PAGE_SIZE}, got "${texts.limit}"` };
	}
	const format = (texts.format ?? 'json').toLowerCase();
	if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
		return { parameter: 'format', error: `expected ${EXPORT_FORMATS.join(', ')}, got "${texts.format}"` };
	}
	return { ...(after && { after }), limit, format: format as ExportFormat };
}

export function isExportQueryProblem(parsed: ExportQuery | ExportQueryProblem): parsed is ExportQueryProblem {
	return 'parameter' in parsed;
}

/** The UTC days a query can reach, given the days the history holds: only these are read. */
export function daysToRead(query: ExportQuery, heldDays: readonly string[]): string[] {
	const first = [query.since, query.after?.at]
		.filter((at): at is string => at !== undefined)
		.sort()
		.pop()
		?.slice(0, 10);
	const last = query.until?.slice(0, 10);
	return heldDays.filter((day) => (first === undefined || day >= first) && (last === undefined || day <= last)).sort();
}

export function matchesExportQuery(query: ExportQuery, record: ExportedRecord): boolean {
	if (query.after && (record.at < query.after.at || (record.at === query.after.at && record.id <= query.after.id))) {
		return false;
	}
	if ((query.since !== undefined && record.at < query.since) || (query.until !== undefined && record.at >= query.until)) {
		return false;
	}
	if (query.actions && !query.actions.some((pattern) => pattern.matches(record.action))) {
		return false;
	}
	if (query.actor !== undefined) {
		const { actor } = record;
		if (!actor || (actor.id !== query.actor && actor.username.toLowerCase() !== query.actor.toLowerCase())) {
			return false;
		}
	}
	if (query.rooms) {
		const name = record.entity?.name;
		if (name === undefined || !query.rooms.some((pattern) => pattern.matches(name))) {
			return false;
		}
	}
	return true;
}

/** Opaque to callers; the time and id of the page's last record, readable in a URL. */
export function encodeCursor(record: ExportCursor): string {
	return `${record.at}~${record.id}`;
}

function decodeCursor(text: string): ExportCursor | null {
	const [at, id, ...rest] = text.split('~');
	if (rest.length > 0 || !id || Number.isNaN(Date.parse(at)) || !/^[A-Za-z0-9-]+$/.test(id)) {
		return null;
	}
	return { at, id };
}

/** An ISO 8601 instant, or a span back from now; null when the text is neither. */
function instantOf(text: string, now: Date): string | null {
	const span = /^(\d{1,4})([dh])$/.exec(text);
	if (span) {
		const hours = Number(span[1]) * (span[2] === 'd' ? 24 : 1);
		return new Date(now.getTime() - (hours * DAY) / 24).toISOString();
	}
	if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
		return null;
	}
	// A date alone, or a time without a zone, is UTC: the history's days are UTC days.
	const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) || text.length === 10 ? text : `${text}Z`;
	const time = Date.parse(zoned.replace(' ', 'T'));
	return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function patternsOf(text: string): NamePattern[] | { error: string } {
	const patterns: NamePattern[] = [];
	for (const part of text.split(',')) {
		const parsed = parseNamePattern(part);
		if ('error' in parsed) {
			return parsed;
		}
		patterns.push(parsed);
	}
	return patterns;
}
