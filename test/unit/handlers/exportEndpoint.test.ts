import type { IHttp, IModify, IPersistence } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import { auditHistory } from '../../../audit/auditHistory';
import type { AuditRecord } from '../../../audit/auditRecord';
import { CSV_COLUMNS } from '../../../audit/exportFormat';
import { EXPORT_PATH, ExportEndpoint, NEXT_CURSOR_HEADER } from '../../../handlers/exportEndpoint';
import { FakeLogger, FakeWorkspace, user } from '../../fakes/fakeAccessors';

const root = user('root', ['admin']);
const alice = user('alice');

const refusal = (n: number, day: string, roomName: string): AuditRecord => ({
	id: `${day.replace(/-/g, '')}-${String(n).padStart(3, '0')}`,
	at: `${day}T08:00:${String(n).padStart(2, '0')}.000Z`,
	event: 'join-decided',
	room: { id: `rid-${roomName}`, name: roomName, kind: 'private-group' },
	subject: { id: `uid-u${n}`, username: `u${n}` },
	outcome: 'denied',
	reason: 'locked',
	rule: { setting: 'join_locked_rooms', matched: roomName },
});
const joined = (n: number, day: string): AuditRecord => ({
	id: `${day.replace(/-/g, '')}-j${n}`,
	at: `${day}T09:00:00.000Z`,
	event: 'user-joined',
	room: { id: 'rid-town', name: 'town', kind: 'channel' },
	subject: { username: `j${n}` },
});

async function setUp(records: AuditRecord[]) {
	const ws = new FakeWorkspace().addUser(root, alice);
	const persistence = ws.persistence();
	for (const record of records) await auditHistory.keep(persistence, record);
	await auditHistory.count(persistence, { days: {} }, records);
	const logger = new FakeLogger();
	const endpoint = new ExportEndpoint(() => logger.asLogger());
	const get = (query: Record<string, string>, caller: IUser | null = root) =>
		endpoint.get(
			{ method: 'GET', headers: {}, query, params: {}, content: undefined, ...(caller && { user: caller }) } as unknown as IApiRequest,
			{} as IApiEndpointInfo,
			ws.read(),
			{} as IModify,
			{} as IHttp,
			persistence as IPersistence,
		);
	return { ws, get, logger };
}

const body = (response: { content?: unknown }) => JSON.parse(response.content as string);

describe('the audit export endpoint', () => {
	const records = [
		refusal(1, '2026-11-20', 'legal-hr'),
		joined(1, '2026-11-24'),
		refusal(2, '2026-11-24', 'legal-contracts'),
		refusal(3, '2026-11-25', 'town'),
		refusal(4, '2026-11-26', 'legal-contracts'),
		refusal(5, '2026-11-26', 'legal-ip'),
	];

	it('lives at `audit`, needs a signed-in caller, and answers admins only (their roles read by id)', async () => {
		const { get } = await setUp(records);
		expect(EXPORT_PATH).toBe('audit');
		expect(new ExportEndpoint(() => new FakeLogger().asLogger()).authRequired).toBe(true);
		expect((await get({}, null)).status).toBe(401);
		expect(await get({}, alice)).toMatchObject({ status: 403 });
		// Roles claimed in the request do not count: alice is read by id.
		expect((await get({}, { ...alice, roles: ['admin'] })).status).toBe(403);
		expect((await get({})).status).toBe(200);
	});

	it('answers a bad parameter with 400, naming it', async () => {
		const { get } = await setUp(records);
		const answer = await get({ since: 'yesterday' });
		expect(answer.status).toBe(400);
		expect(body(answer)).toEqual({ success: false, parameter: 'since', error: expect.stringContaining('since: "yesterday" is not a time') });
	});

	it("filters by time, action and room pattern: a week's refusals for legal-* rooms", async () => {
		const { get } = await setUp(records);
		const answer = await get({ since: '2026-11-21', until: '2026-11-27', action: '*_denied', room: 'legal-*' });
		expect(body(answer)).toEqual({
			records: [
				expect.objectContaining({
					action: 'member.join_denied',
					entity: { id: 'rid-legal-contracts', name: 'legal-contracts', type: 'p' },
					at: '2026-11-24T08:00:02.000Z',
				}),
				expect.objectContaining({ entity: expect.objectContaining({ name: 'legal-contracts' }), at: '2026-11-26T08:00:04.000Z' }),
				expect.objectContaining({ entity: expect.objectContaining({ name: 'legal-ip' }) }),
			],
			count: 3,
			next: null,
		});
	});

	it('pages with a cursor until every record was seen once', async () => {
		const { get } = await setUp(records);
		const seen: string[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < 10; page++) {
			const answer = await get({ limit: '2', ...(cursor && { cursor }) });
			const { records: got, next } = body(answer);
			seen.push(...got.map((record: { id: string }) => record.id));
			expect(answer.headers?.[NEXT_CURSOR_HEADER]).toBe(next ?? undefined);
			if (next === null) break;
			cursor = next;
		}
		// Oldest first, across days.
		expect(seen).toEqual([...records].sort((a, b) => a.at.localeCompare(b.at)).map((record) => record.id));
		expect(seen).toHaveLength(records.length);
	});

	it('answers CSV and NDJSON', async () => {
		const { get } = await setUp(records);
		const csv = await get({ action: 'member.join_denied', room: 'legal-*', format: 'csv' });
		expect(csv.headers).toMatchObject({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="room-events-audit.csv"' });
		const lines = (csv.content as string).trim().split('\r\n');
		expect(lines[0]).toBe(CSV_COLUMNS.join(','));
		expect(lines.slice(1).map((line) => line.split(',')[7])).toEqual(['legal-hr', 'legal-contracts', 'legal-contracts', 'legal-ip']);
		const ndjson = await get({ action: 'member.joined', format: 'ndjson' });
		expect(ndjson.headers?.['Content-Type']).toBe('application/x-ndjson');
		expect(
			(ndjson.content as string)
				.trim()
				.split('\n')
				.map((line) => JSON.parse(line).details.dryRun),
		).toEqual([false]);
	});

	it('reads only the days the query reaches', async () => {
		const { get, ws } = await setUp(records);
		ws.calls.length = 0;
		await get({ since: '2026-11-26' });
		// The index, then the one day.
		expect(ws.calls.filter((call) => call.startsWith('readByAssociation'))).toEqual(['readByAssociation', 'readByAssociations']);
	});

	it('answers 500, logged, when the history cannot be read', async () => {
		const { get, ws, logger } = await setUp(records);
		ws.failing.set('readByAssociation', 1);
		const answer = await get({});
		expect(answer.status).toBe(500);
		expect(logger.at('error')).toEqual([expect.stringContaining('could not answer an export')]);
	});
});
