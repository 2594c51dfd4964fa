import { createHmac } from 'node:crypto';

import type { IHttp, IHttpRequest } from '@rocket.chat/apps-engine/definition/accessors';

import type { AuditRecord } from '../../../audit/auditRecord';
import { exportRecord } from '../../../audit/exportRecord';
import { WEBHOOK_BATCH, deliverWebhooks, signatureOf, webhookOutbox } from '../../../audit/webhookDelivery';
import { configFor } from '../../fakes/configFor';
import { FakeLogger, FakeWorkspace } from '../../fakes/fakeAccessors';

const URL = 'https://siem.example.com/hook';
const SECRET = 'correct horse battery staple';
const config = configFor({ webhook_url: URL, webhook_secret: SECRET });
const T0 = new Date('2026-11-24T08:00:00Z');

const record = (n: number): AuditRecord => ({
	id: `rec-${String(n).padStart(4, '0')}`,
	at: new Date(T0.getTime() + n).toISOString(),
	event: 'user-joined',
	room: { id: 'rid-town', name: 'town', kind: 'channel' },
	subject: { id: `uid-${n}`, username: `user${n}` },
});

/** A receiver that answers each POST with the next status it is given (200 once they run out), or throws. */
function receiver(answers: Array<number | Error> = []) {
	const received: Array<{ url: string; options: IHttpRequest }> = [];
	const http = {
		post: async (url: string, options: IHttpRequest = {}) => {
			received.push({ url, options });
			const answer = answers.shift() ?? 200;
			if (answer instanceof Error) throw answer;
			return { statusCode: answer, url, method: 'POST', headers: {} };
		},
	} as unknown as IHttp;
	return { http, received };
}

async function setUp(count: number, answers: Array<number | Error> = []) {
	const ws = new FakeWorkspace();
	for (let n = 1; n <= count; n++) await webhookOutbox.add(ws.persistence(), record(n));
	const logger = new FakeLogger();
	const { http, received } = receiver(answers);
	const run = (at: Date, cfg = config) => deliverWebhooks(cfg, logger.asLogger(), { read: ws.read(), persistence: ws.persistence(), http }, at);
	const waiting = async () => (await webhookOutbox.list(ws.read().getPersistenceReader())).map((r) => r.id);
	return { ws, logger, received, run, waiting };
}

describe('the webhook', () => {
	it('POSTs each record oldest first as its exported JSON, with its delivery id, a timestamp and a signature a receiver can check', async () => {
		const { received, run, waiting } = await setUp(3);
		await expect(run(T0)).resolves.toEqual({ delivered: 3, waiting: 0 });
		expect(received.map((delivery) => delivery.url)).toEqual([URL, URL, URL]);
		expect(received.map((delivery) => JSON.parse(delivery.options.content as string))).toEqual([1, 2, 3].map((n) => exportRecord(record(n))));
		for (const { options } of received) {
			const headers = options.headers as Record<string, string>;
			const expected = createHmac('sha256', SECRET).update(`${headers['X-Room-Events-Timestamp']}.${options.content}`).digest('hex');
			expect(headers['X-Room-Events-Signature']).toBe(`sha256=${expected}`);
			expect(headers['X-Room-Events-Timestamp']).toBe(String(T0.getTime() / 1000));
			expect(headers['Content-Type']).toBe('application/json');
		}
		expect(received.map((delivery) => (delivery.options.headers as Record<string, string>)['X-Room-Events-Delivery'])).toEqual([
			'rec-0001',
			'rec-0002',
			'rec-0003',
		]);
		expect(await waiting()).toEqual([]);
	});

	it('signs as the README says: HMAC-SHA256 in hex over "<timestamp>.<body>"', () => {
		expect(signatureOf('key', '1700000000', '{"a":1}')).toBe(`sha256=${createHmac('sha256', 'key').update('1700000000.{"a":1}').digest('hex')}`);
	});

	it('stops at a failing delivery, keeps it and all after it, and retries it first with growing waits', async () => {
		const { received, run, waiting, logger } = await setUp(3, [200, 503, new Error('connect ECONNREFUSED'), 500]);
		await expect(run(T0)).resolves.toEqual({ delivered: 1, waiting: 2, problem: 'the receiver answered 503' });
		expect(await waiting()).toEqual(['rec-0002', 'rec-0003']);
		expect(logger.at('warn')).toEqual([
			expect.stringContaining('attempt 1): the receiver answered 503. 2 delivery(ies) wait; next attempt at 2026-11-24T08:00:05.000Z'),
		]);

		// Before the wait is over, nothing is tried.
		await expect(run(new Date(T0.getTime() + 4000))).resolves.toMatchObject({ delivered: 0, waiting: 2 });
		expect(received).toHaveLength(2);

		await expect(run(new Date(T0.getTime() + 5000))).resolves.toMatchObject({ delivered: 0, problem: 'connect ECONNREFUSED' });
		expect(logger.at('warn')[1]).toContain('attempt 2): connect ECONNREFUSED. 2 delivery(ies) wait; next attempt at 2026-11-24T08:00:15.000Z');
		await run(new Date(T0.getTime() + 15_000));
		expect(logger.at('warn')[2]).toContain('attempt 3)');
		expect(logger.at('warn')[2]).toContain('next attempt at 2026-11-24T08:00:35.000Z');

		await expect(run(new Date(T0.getTime() + 35_000))).resolves.toEqual({ delivered: 2, waiting: 0 });
		expect(logger.at('info')).toEqual([expect.stringContaining('again, after 3 failed attempt(s)')]);
		const ids = received.map((delivery) => (delivery.options.headers as Record<string, string>)['X-Room-Events-Delivery']);
		expect(ids).toEqual(['rec-0001', 'rec-0002', 'rec-0002', 'rec-0002', 'rec-0002', 'rec-0003']);
	});

	it('counts a request answered with nothing (Rocket.Chat 6.3–6.9 on a refused connection) as failed', async () => {
		const ws = new FakeWorkspace();
		await webhookOutbox.add(ws.persistence(), record(1));
		const http = { post: async () => undefined } as unknown as IHttp;
		const report = await deliverWebhooks(config, new FakeLogger().asLogger(), { read: ws.read(), persistence: ws.persistence(), http }, T0);
		expect(report).toEqual({ delivered: 0, waiting: 1, problem: 'no answer from the receiver (refused, unreachable or timed out)' });
	});

	it('waits at most ten minutes between attempts', async () => {
		const failures = Array.from({ length: 12 }, () => 500);
		const { run, logger } = await setUp(1, failures);
		let at = T0;
		for (let attempt = 0; attempt < 12; attempt++) {
			await run(at);
			at = new Date(/next attempt at (\S+)\.$/.exec(logger.at('warn')[attempt])?.[1] as string);
		}
		const waits = logger
			.at('warn')
			.map((line, i, all) =>
				i === 0
					? 0
					: Date.parse(/next attempt at (\S+)\.$/.exec(line)?.[1] as string) - Date.parse(/next attempt at (\S+)\.$/.exec(all[i - 1])?.[1] as string),
			);
		expect(Math.max(...waits)).toBe(10 * 60_000);
	});

	it('sends at most a batch a run', async () => {
		const { received, run } = await setUp(WEBHOOK_BATCH + 5);
		await expect(run(T0)).resolves.toEqual({ delivered: WEBHOOK_BATCH, waiting: 5 });
		expect(received).toHaveLength(WEBHOOK_BATCH);
	});

	it('sends nothing unsigned: without a secret deliveries wait, said once in the logs, and go once it is set', async () => {
		const { received, run, logger } = await setUp(2);
		const noSecret = configFor({ webhook_url: URL });
		await expect(run(T0, noSecret)).resolves.toMatchObject({ delivered: 0, waiting: 2, problem: expect.stringContaining('secret is empty') });
		await run(new Date(T0.getTime() + 5000), noSecret);
		expect(logger.at('warn')).toEqual([expect.stringContaining('holds 2 webhook delivery(ies): the webhook secret is empty')]);
		expect(received).toEqual([]);
		await expect(run(new Date(T0.getTime() + 10_000))).resolves.toEqual({ delivered: 2, waiting: 0 });
	});

	it('drops what waits when the URL is emptied (the history keeps the records), and says so', async () => {
		const { run, waiting, logger, received } = await setUp(2);
		await expect(run(T0, configFor({}))).resolves.toEqual({ delivered: 0, waiting: 0 });
		expect(await waiting()).toEqual([]);
		expect(received).toEqual([]);
		expect(logger.at('info')).toEqual([expect.stringContaining('dropped 2 webhook delivery(ies)')]);
	});

	it('keeps a record once however often it is queued (a delivery run retried after a crash)', async () => {
		const { ws, waiting } = await setUp(1);
		await webhookOutbox.add(ws.persistence(), record(1));
		expect(await waiting()).toEqual(['rec-0001']);
	});
});
