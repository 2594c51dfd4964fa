import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { RestClient, TestWorkspace } from './workspaceHarness';
import { rawRequest, startTestWorkspace } from './workspaceHarness';
import { CSV_COLUMNS } from '../../audit/exportFormat';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { HttpReceiver } from '../support/httpReceiver';
import type { ReceivedRequest } from '../support/httpReceiver';

const SECRET = 'webhook-secret-for-tests';

/** Whether a delivery carries a signature made with `secret`, as the README's receiver checks it. */
function verifies(request: ReceivedRequest, secret: string): boolean {
	const timestamp = String(request.headers['x-room-events-timestamp']);
	const expected = Buffer.from(
		`sha256=${createHmac('sha256', secret)
			.update(`${timestamp}.${request.body.toString('utf8')}`)
			.digest('hex')}`,
	);
	const given = Buffer.from(String(request.headers['x-room-events-signature']));
	return given.length === expected.length && timingSafeEqual(given, expected);
}

describe.each(RUNTIME_NAMES)('the audit history, exported and sent by webhook, in the %s runtime', (runtime) => {
	let ws: TestWorkspace;
	let bob: RestClient;
	let receiver: HttpReceiver;
	/** What the receiver answers next: a status per delivery (then 204 for a verified one, 401 for one that is not). */
	const outage: number[] = [];
	let receiverSecret = SECRET;
	const taken = new Map<string, Record<string, any>>();

	beforeAll(async () => {
		receiver = await HttpReceiver.start((request: ReceivedRequest, response: ServerResponse) => {
			const forced = outage.shift();
			if (forced !== undefined) {
				response.writeHead(forced).end();
			} else if (!verifies(request, receiverSecret)) {
				response.writeHead(401).end();
			} else {
				taken.set(String(request.headers['x-room-events-delivery']), JSON.parse(request.body.toString('utf8')));
				response.writeHead(204).end();
			}
		});
		ws = await startTestWorkspace({ runtime });
		bob = await ws.userClient('bob');
		const alice = await ws.userClient('alice');
		await ws.saveSettings({ join_locked_rooms: 'legal-*', webhook_url: receiver.url('/room-events'), webhook_secret: SECRET });
		// The receiver is down for the first attempt: the app retries the same record first, 5 s later.
		outage.push(503);
		for (const name of ['legal-contracts', 'legal-ip', 'town']) await alice.post('/api/v1/channels.create', { name });
		for (const name of ['legal-contracts', 'legal-ip', 'town']) await bob.post('/api/v1/channels.join', { roomName: name });
		// The delivery job posts the records and keeps them in the history; the webhook's job sends them on.
		await ws.auditMessages();
	}, 60_000);

	afterAll(async () => {
		await ws?.close();
		await receiver?.close();
	});

	const exportPath = (query: string) => `/api/apps/public/${ws.appId}/audit${query}`;
	const exported = (query: string, client: RestClient = ws.admin) => client.get(exportPath(query));

	it("answers an admin's query for a week's refusals in legal-* rooms, as JSON and as CSV", async () => {
		const { status, body } = await exported('?since=7d&action=*_denied&room=legal-*');
		expect(status).toBe(200);
		expect(
			body.records.map((record: any) => [record.action, record.entity.name, record.actor.username, record.details.rule, record.details.matched]),
		).toEqual([
			['member.join_denied', 'legal-contracts', 'bob', 'join_locked_rooms', 'legal-*'],
			['member.join_denied', 'legal-ip', 'bob', 'join_locked_rooms', 'legal-*'],
		]);
		expect(body).toMatchObject({ count: 2, next: null });

		const csv = await rawRequest(`${ws.workspace.url}${exportPath('?since=7d&action=*_denied&room=legal-*&format=csv')}`, {
			headers: { 'X-User-Id': ws.admin.userId, 'X-Auth-Token': ws.admin.session?.authToken ?? '' },
		});
		expect(csv.status).toBe(200);
		expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
		const lines = csv.body.toString('utf8').trim().split('\r\n');
		expect(lines[0]).toBe(CSV_COLUMNS.join(','));
		expect(lines.slice(1).map((line) => line.split(',').slice(2, 3).concat(line.split(',')[7]))).toEqual([
			['member.join_denied', 'legal-contracts'],
			['member.join_denied', 'legal-ip'],
		]);
	});

	it('pages through everything with a cursor, each record once', async () => {
		const everything = (await exported('?limit=1000')).body.records.map((record: any) => record.id);
		const paged: string[] = [];
		let cursor = '';
		for (let page = 0; page < 50; page++) {
			const { body } = await exported(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
			paged.push(...body.records.map((record: any) => record.id));
			if (body.next === null) break;
			cursor = body.next;
		}
		expect(everything.length).toBeGreaterThanOrEqual(6);
		expect(paged).toEqual(everything);
	});

	it('refuses a non-admin, a caller who is not signed in, and a bad parameter, naming it', async () => {
		expect((await exported('', bob)).status).toBe(403);
		const anonymous = await rawRequest(`${ws.workspace.url}${exportPath('')}`);
		expect(anonymous.status).toBe(401);
		const bad = await exported('?format=xml');
		expect(bad).toMatchObject({ status: 400, body: { success: false, parameter: 'format' } });
	});

	/** Runs the due jobs until `done`, in real time: the app's retries wait 5 s, 10 s … by the clock. */
	async function runJobsUntil(done: () => boolean, timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!done() && Date.now() < deadline) {
			await ws.runJobs();
			if (!done()) await new Promise((wait) => setTimeout(wait, 500));
		}
	}

	it('sends every kept record to the webhook, signed, exactly once, through a receiver outage, and none a receiver cannot verify', async () => {
		const everything: Array<Record<string, any>> = (await exported('?limit=1000')).body.records;
		await runJobsUntil(() => taken.size >= everything.length);
		expect(outage).toEqual([]);
		expect([...taken.keys()]).toEqual(everything.map((record) => record.id));
		expect([...taken.values()]).toEqual(everything);
		// Every request the receiver got was signed, and the retried ones carried the same delivery id.
		const ids = receiver.received.map((request) => String(request.headers['x-room-events-delivery']));
		expect(new Set(ids).size).toBe(everything.length);
		expect(ids.slice(0, 2)).toEqual([everything[0].id, everything[0].id]);
		expect(receiver.received.every((request) => verifies(request, SECRET))).toBe(true);

		// A receiver that holds another secret verifies nothing, and so takes nothing.
		receiverSecret = 'another secret';
		const before = taken.size;
		await bob.post('/api/v1/channels.leave', { roomName: 'town' });
		await ws.auditMessages();
		await ws.runJobs();
		expect(receiver.received.length).toBeGreaterThan(ids.length);
		expect(taken.size).toBe(before);
		receiverSecret = SECRET;
		await runJobsUntil(() => taken.size > before);
		expect([...taken.values()].slice(before).map((record) => record.action)).toEqual(['member.left']);
	}, 60_000);
});
