import { CSV_COLUMNS, formatExport } from '../../../audit/exportFormat';
import type { ExportedRecord } from '../../../audit/exportRecord';

const records: ExportedRecord[] = [
	{
		id: 'a1',
		at: '2026-11-28T09:00:00.000Z',
		action: 'member.join_denied',
		actor: { id: 'uid-alice', username: 'alice' },
		entity: { id: 'rid-1', name: 'legal-contracts', type: 'p' },
		details: {
			rule: 'join_rules',
			matched: 'legal-*',
			reason: 'The room "legal-contracts" admits only role "legal", "counsel"',
			outcome: 'denied',
			dryRun: false,
			user: { id: 'uid-bob', username: 'bob' },
		},
	},
	{
		id: 'a2',
		at: '2026-11-28T09:01:00.000Z',
		action: 'setting.refused',
		actor: { id: 'uid-root', username: 'root' },
		entity: null,
		details: { reason: 'line 1', dryRun: false, setting: { id: 'creation_blocked_names', value: '=HYPERLINK("x")' } },
	},
];

describe('export formats', () => {
	it('answers JSON with the records, their count and the next cursor', () => {
		const formatted = formatExport('json', { records, next: 'c1' });
		expect(formatted.contentType).toBe('application/json');
		expect(JSON.parse(formatted.body)).toEqual({ records, count: 2, next: 'c1' });
	});

	it('answers NDJSON one record a line', () => {
		const formatted = formatExport('ndjson', { records, next: null });
		expect(formatted.contentType).toBe('application/x-ndjson');
		expect(
			formatted.body
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line)),
		).toEqual(records);
	});

	it('answers CSV with a header row, quoting as RFC 4180 does and defusing what a spreadsheet would run', () => {
		const formatted = formatExport('csv', { records, next: null });
		expect(formatted.contentType).toBe('text/csv; charset=utf-8');
		const lines = formatted.body.split('\r\n');
		expect(lines[0]).toBe(CSV_COLUMNS.join(','));
		expect(lines[1]).toBe(
			'a1,2026-11-28T09:00:00.000Z,member.join_denied,,uid-alice,alice,rid-1,legal-contracts,p,join_rules,legal-*,"The room ""legal-contracts"" admits only role ""legal"", ""counsel""",denied,false,bob,,',
		);
		// The refused value sits in the JSON of the other details, quoted; a cell that starts with = is prefixed.
		expect(lines[2]).toContain('"{""setting"":{""id"":""creation_blocked_names"",""value"":""=HYPERLINK(\\""x\\"")""}}"');
		expect(formatExport('csv', { records: [{ ...records[1], details: { ...records[1].details, reason: '=1+1' } }], next: null }).body).toContain(",'=1+1,");
		expect(lines).toHaveLength(4);
	});
});
