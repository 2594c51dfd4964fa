import type { ExportQuery } from '../../../audit/exportQuery';
import { MAX_PAGE_SIZE, daysToRead, encodeCursor, isExportQueryProblem, matchesExportQuery, parseExportQuery } from '../../../audit/exportQuery';
import type { ExportedRecord } from '../../../audit/exportRecord';

const NOW = new Date('2026-12-01T12:00:00Z');

function parsed(query: Record<string, unknown>): ExportQuery {
	const result = parseExportQuery(query, NOW);
	if (isExportQueryProblem(result)) {
		throw new Error(`${result.parameter}: ${result.error}`);
	}
	return result;
}

const exported = (more: Partial<ExportedRecord> = {}): ExportedRecord => ({
	id: '00abc-1',
	at: '2026-11-28T09:00:00.000Z',
	action: 'member.join_denied',
	actor: { id: 'uid-bob', username: 'Bob' },
	entity: { id: 'rid-1', name: 'legal-contracts', type: 'p' },
	details: { dryRun: false },
	...more,
});

describe('export query parameters', () => {
	it('defaults to the first 100 records as JSON', () => {
		expect(parsed({})).toEqual({ limit: 100, format: 'json' });
	});

	it.each([
		[{ since: 'last week' }, 'since'],
		[{ until: '2026-13-45' }, 'until'],
		[{ since: '2026-11-30', until: '2026-11-29' }, 'until'],
		[{ action: 'room.exploded' }, 'action'],
		[{ room: 'legal *' }, 'room'],
		[{ cursor: 'not-a-cursor' }, 'cursor'],
		[{ limit: '0' }, 'limit'],
		[{ limit: String(MAX_PAGE_SIZE + 1) }, 'limit'],
		[{ limit: 'ten' }, 'limit'],
		[{ format: 'xml' }, 'format'],
		[{ actor: ['a', 'b'] }, 'actor'],
		[{ room_name: 'x' }, 'room_name'],
	])('refuses %j, naming %s', (query, parameter) => {
		const result = parseExportQuery(query, NOW);
		expect(result).toEqual({ parameter, error: expect.any(String) });
	});

	it('takes dates, times and spans back from now, as UTC instants', () => {
		expect(parsed({ since: '2026-11-24', until: '2026-11-25T08:30:00Z' })).toMatchObject({
			since: '2026-11-24T00:00:00.000Z',
			until: '2026-11-25T08:30:00.000Z',
		});
		expect(parsed({ since: '7d' }).since).toBe('2026-11-24T12:00:00.000Z');
		expect(parsed({ since: '12h' }).since).toBe('2026-12-01T00:00:00.000Z');
		expect(parsed({ since: '2026-11-24T10:00:00+02:00' }).since).toBe('2026-11-24T08:00:00.000Z');
	});

	it('says what the actions are when one names none', () => {
		const result = parseExportQuery({ action: 'denied' }, NOW);
		expect(result).toMatchObject({ parameter: 'action', error: expect.stringContaining('member.join_denied') });
	});

	it('matches actions and rooms by patterns, the actor by username (any case, @ or not) or id', () => {
		const denials = parsed({ action: '*_denied', room: '#legal-*', actor: '@bob' });
		expect(matchesExportQuery(denials, exported())).toBe(true);
		expect(matchesExportQuery(denials, exported({ action: 'member.joined' }))).toBe(false);
		expect(matchesExportQuery(denials, exported({ entity: { id: 'r', name: 'town', type: 'c' } }))).toBe(false);
		expect(matchesExportQuery(denials, exported({ actor: { id: 'uid-eve', username: 'eve' } }))).toBe(false);
		expect(matchesExportQuery(denials, exported({ entity: null }))).toBe(false);
		expect(matchesExportQuery(parsed({ actor: 'uid-bob' }), exported())).toBe(true);
		expect(matchesExportQuery(parsed({ action: 'member.*,room.created' }), exported({ action: 'room.created' }))).toBe(true);
	});

	it('keeps since inclusive and until exclusive', () => {
		const range = parsed({ since: '2026-11-28T09:00:00Z', until: '2026-11-28T10:00:00Z' });
		expect(matchesExportQuery(range, exported())).toBe(true);
		expect(matchesExportQuery(range, exported({ at: '2026-11-28T10:00:00.000Z' }))).toBe(false);
		expect(matchesExportQuery(range, exported({ at: '2026-11-28T08:59:59.999Z' }))).toBe(false);
	});

	it('reads a cursor it gave back, and starts after its record', () => {
		const query = parsed({ cursor: encodeCursor({ at: '2026-11-28T09:00:00.000Z', id: '00abc-1' }) });
		expect(query.after).toEqual({ at: '2026-11-28T09:00:00.000Z', id: '00abc-1' });
		expect(matchesExportQuery(query, exported())).toBe(false);
		expect(matchesExportQuery(query, exported({ id: '00abc-2' }))).toBe(true);
		expect(matchesExportQuery(query, exported({ at: '2026-11-28T09:00:00.001Z', id: '00aaa-0' }))).toBe(true);
	});

	it('reads only the days the history holds within the range', () => {
		const held = ['2026-11-20', '2026-11-24', '2026-11-25', '2026-11-30'];
		expect(daysToRead(parsed({}), held)).toEqual(held);
		expect(daysToRead(parsed({ since: '2026-11-24T23:00:00Z', until: '2026-11-25T01:00:00Z' }), held)).toEqual(['2026-11-24', '2026-11-25']);
		expect(daysToRead(parsed({ since: '2026-11-21', cursor: encodeCursor({ at: '2026-11-25T10:00:00.000Z', id: 'x1' }) }), held)).toEqual([
			'2026-11-25',
			'2026-11-30',
		]);
	});
});
