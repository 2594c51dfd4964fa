import type { ExportFormat } from './exportQuery';
import type { ExportedRecord } from './exportRecord';

export interface ExportPage {
	readonly records: readonly ExportedRecord[];
	/** The cursor of the next page; null on the last. */
	readonly next: string | null;
}

export interface FormattedExport {
	readonly contentType: string;
	readonly body: string;
}

/** The CSV columns: one per field a spreadsheet or SIEM filters on; the rest of `details` as JSON. */
export const CSV_COLUMNS = [
	'id',
	'at',
	'action',
	'updated',
	'actor_id',
	'actor_username',
	'room_id',
	'room_name',
	'room_type',
	'rule',
	'matched',
	'reason',
	'outcome',
	'dry_run',
	'user_username',
	'member_count',
	'details',
] as const;

/**
 * A page as JSON (`{records, count, next}`), NDJSON (one record a line; the next cursor in the
 * `X-Room-Events-Next` header the endpoint adds) or CSV (RFC 4180, a header row).
 */
export function formatExport(format: ExportFormat, page: ExportPage): FormattedExport {
	switch (format) {
		case 'ndjson':
			return { contentType: 'application/x-ndjson', body: page.records.map((record) => `${JSON.stringify(record)}\n`).join('') };
		case 'csv':
			return { contentType: 'text/csv; charset=utf-8', body: [CSV_COLUMNS.join(','), ...page.records.map(csvRow)].map((row) => `${row}\r\n`).join('') };
		default:
			return { contentType: 'application/json', body: JSON.stringify({ records: page.records, count: page.records.length, next: page.next }) };
	}
}

function csvRow(record: ExportedRecord): string {
	const { rule, matched, reason, outcome, dryRun, user, memberCount, ...rest } = record.details;
	const cells: Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null | undefined> = {
		id: record.id,
		at: record.at,
		action: record.action,
		updated: record.updated?.join(' '),
		actor_id: record.actor?.id,
		actor_username: record.actor?.username,
		room_id: record.entity?.id,
		room_name: record.entity?.name,
		room_type: record.entity?.type,
		rule,
		matched,
		reason,
		outcome,
		dry_run: dryRun,
		user_username: user?.username,
		member_count: memberCount,
		details: Object.keys(rest).length > 0 ? JSON.stringify(rest) : undefined,
	};
	return CSV_COLUMNS.map((column) => csvCell(cells[column])).join(',');
}

/**
 * A CSV field: quoted when it holds a comma, quote or line break (quotes doubled); a text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`, since room
 * names and refused values come from users.
 */
function csvCell(value: string | number | boolean | null | undefined): string {
	if (value === undefined || value === null) {
		return '';
	}
	let text = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
		text = `'${text}`;
	}
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
