import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

import { RestClient, startAppWorkspace } from './workspaceHarness';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import type { LocalWorkspace } from '../../workspace/localWorkspace';
import { API_HTTP_PROBE_ID, apiHttpProbeZip } from '../engine/apiHttpProbe';
import { HttpReceiver, refusingUrl } from '../support/httpReceiver';
import type { ReceivedRequest } from '../support/httpReceiver';

const BASE = `/api/apps/public/${API_HTTP_PROBE_ID}`;
const NODE_FETCH_USER_AGENT = 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)';

/** What the app sees when the 6.3-era bridge swallowed a failure: the http accessor resolves to undefined. */
const NO_RESPONSE = { outcome: 'no response', value: 'undefined' };

/** A test's receiver answers: slowly on /slow, with a redirect on /old, JSON (202) otherwise. */
function respond(request: ReceivedRequest, response: ServerResponse): void {
	if (request.url.startsWith('/slow')) {
		const timer = setTimeout(() => response.end('late'), 2000);
		response.on('close', () => clearTimeout(timer));
		return;
	}
	if (request.url.startsWith('/old')) {
		response.writeHead(302, { Location: '/new' });
		response.end();
		return;
	}
	if (request.url.startsWith('/stalled-body')) {
		response.writeHead(200, { 'Content-Type': 'text/plain' });
		response.write('first part');
		const timer = setTimeout(() => response.end(' and the rest'), 2000);
		response.on('close', () => clearTimeout(timer));
		return;
	}
	if (request.url.startsWith('/gzip')) {
		response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
		response.end(gzipSync(JSON.stringify({ compressed: true })));
		return;
	}
	if (request.url.startsWith('/bytes')) {
		response.writeHead(200, { 'Content-Type': 'application/octet-stream' });
		response.end(Buffer.from([0, 1, 2, 253, 254, 255]));
		return;
	}
	response.writeHead(202, { 'Content-Type': 'application/json; charset=utf-8', 'X-Receiver': 'yes' });
	response.end(JSON.stringify({ received: true, bytes: request.body.length }));
}

/**
 * Outgoing requests from the fixture app, sent for real to a receiver on the loopback interface:
 * what arrives there, and what the app reads back (or catches), in each runtime.
 */
describe.each(RUNTIME_NAMES)('outgoing HTTP from apps, %s runtime', (runtime) => {
	let workspace: LocalWorkspace;
	let receiver: HttpReceiver;

	/** Has the app send one request through its http accessor; answers what the app saw. */
	const fromApp = async (verb: string, url: string, options: Record<string, unknown> = {}) => {
		const { status, body } = await new RestClient(workspace.url).post(`${BASE}/outbound`, { verb, url, options });
		if (status !== 200) throw new Error(`The outbound endpoint answered ${status}: ${JSON.stringify(body)}`);
		return body as Record<string, any>;
	};
	const lastReceived = () => receiver.received[receiver.received.length - 1];

	beforeAll(async () => {
		receiver = await HttpReceiver.start(respond);
		({ workspace } = await startAppWorkspace(await apiHttpProbeZip(), { runtime }));
	}, 180_000);

	afterAll(async () => {
		await workspace?.close();
		await receiver?.close();
	});

	it("posts data as JSON with the app's headers exactly, and reads the response's status, headers, content and data", async () => {
		const seen = await fromApp('post', receiver.url('/hooks/audit'), {
			headers: { 'X-Room-Events-Signature': 'sha256=abc123', 'X-Delivery': 'd-1' },
			data: { records: [{ event: 'room.created', room: 'ops' }], count: 1 },
		});

		const received = lastReceived();
		expect(received.method).toBe('POST');
		expect(received.url).toBe('/hooks/audit');
		expect(received.body.toString()).toBe('{"records":[{"event":"room.created","room":"ops"}],"count":1}');
		expect(received.headers).toEqual(
			expect.objectContaining({
				'x-room-events-signature': 'sha256=abc123',
				'x-delivery': 'd-1',
				'content-type': 'application/json',
				'content-length': String(received.body.length),
				'user-agent': NODE_FETCH_USER_AGENT,
				'accept': '*/*',
				'accept-encoding': 'gzip,deflate',
				'connection': 'close',
			}),
		);
		expect(seen.outcome).toBe('response');
		expect(seen.response).toEqual({
			statusCode: 202,
			headers: expect.objectContaining({ 'content-type': 'application/json; charset=utf-8', 'x-receiver': 'yes' }),
			content: JSON.stringify({ received: true, bytes: received.body.length }),
			contentIsBuffer: false,
			data: { received: true, bytes: received.body.length },
			url: receiver.url('/hooks/audit'),
			method: 'post',
		});
	});

	it('sends text content as it is, params in the query string of a GET, and no body on a GET', async () => {
		await fromApp('put', receiver.url('/hooks/text'), { content: 'line one\nline two', headers: { 'Content-Type': 'text/csv' } });
		const text = lastReceived();
		await fromApp('get', receiver.url('/hooks/query?fixed=1'), { params: { since: '2030-01-01', room: 'ops & dev' }, data: { ignored: true } });
		const query = lastReceived();
		const unlabelled = await fromApp('post', receiver.url('/hooks/unlabelled'), { content: '{"hand":"made"}' });

		expect([text.method, text.headers['content-type'], text.body.toString()]).toEqual(['PUT', 'text/csv', 'line one\nline two']);
		expect(query.method).toBe('GET');
		expect(query.url).toBe('/hooks/query?fixed=1&since=2030-01-01&room=ops+%26+dev');
		expect(query.body.length).toBe(0);
		// A string body without a type goes as node-fetch labels it, whatever it holds.
		expect(lastReceived().headers['content-type']).toBe('text/plain;charset=UTF-8');
		expect(unlabelled.response.data).toEqual({ received: true, bytes: 15 });
	});

	it("sends the app's own JSON text as it is; data is serialised by the server, after the Deno runtime turned undefined into null", async () => {
		const { body } = await new RestClient(workspace.url).post(`${BASE}/payload-shapes`, { url: receiver.url('/hooks/shapes') });
		const [asData, asContent] = receiver.received.slice(-2);

		expect(body).toEqual(
			expect.objectContaining({ asData: 'response', asContent: 'response', signedText: '{"event":"room.created","at":"1970-01-01T00:00:00.000Z"}' }),
		);
		expect([asContent.url, asContent.body.toString()]).toEqual(['/hooks/shapes?as=content', body.signedText]);
		const dataText = runtime === 'deno' ? '{"event":"room.created","note":null,"at":"1970-01-01T00:00:00.000Z"}' : body.signedText;
		expect([asData.url, asData.body.toString()]).toEqual(['/hooks/shapes?as=data', dataText]);
	});

	it('posts params as a form when there is no content, and follows a redirect after a POST as a GET', async () => {
		await fromApp('post', receiver.url('/hooks/form'), { params: { a: '1', b: 'two words' } });
		const form = lastReceived();
		// The accessor always passes params: a POST with nothing to send is an empty form.
		await fromApp('post', receiver.url('/hooks/nothing'));
		expect([lastReceived().headers['content-type'], lastReceived().headers['content-length'], lastReceived().body.length]).toEqual([
			'application/x-www-form-urlencoded',
			'0',
			0,
		]);
		const redirected = await fromApp('post', receiver.url('/old'), { data: { moved: true } });

		expect([form.headers['content-type'], form.body.toString()]).toEqual(['application/x-www-form-urlencoded', 'a=1&b=two+words']);
		expect(receiver.received.slice(-2).map((request) => [request.method, request.url, request.body.length])).toEqual([
			['POST', '/old', Buffer.byteLength('{"moved":true}')],
			['GET', '/new', 0],
		]);
		// The app reads the final response under the URL it asked for.
		expect(redirected.response).toEqual(expect.objectContaining({ statusCode: 202, url: receiver.url('/old') }));
	});

	it('gives binary content as a Buffer for encoding: null', async () => {
		const seen = await fromApp('get', receiver.url('/bytes'), { encoding: null });

		expect(seen.response.contentIsBuffer).toBe(true);
		expect([...Buffer.from(seen.response.content, 'base64')]).toEqual([0, 1, 2, 253, 254, 255]);
		// No data for binary content: the app's `data: undefined` comes back through the Deno runtime as null.
		expect(seen.response.data).toBe(runtime === 'deno' ? null : undefined);
	});

	it('decompresses a gzip response before the app reads it', async () => {
		const seen = await fromApp('get', receiver.url('/gzip'));

		expect(seen.response).toEqual(expect.objectContaining({ statusCode: 200, content: '{"compressed":true}', data: { compressed: true } }));
		expect(seen.response.headers['content-encoding']).toBe('gzip');
	});

	it("ends a request past the app's timeout: the app catches the error (Deno) or gets no response (vm2)", async () => {
		const started = Date.now();
		const seen = await fromApp('get', receiver.url('/slow'), { timeout: 300 });

		expect(Date.now() - started).toBeLessThan(1800);
		expect(lastReceived().url).toBe('/slow');
		expect(seen).toEqual(runtime === 'deno' ? { outcome: 'error', name: 'Error', message: 'The user aborted a request.' } : NO_RESPONSE);
	});

	it("ends a response whose body stalls past the timeout, with node-fetch's body timeout", async () => {
		const url = receiver.url('/stalled-body');
		const seen = await fromApp('get', url, { timeout: 300 });

		const stalled = { outcome: 'error', name: 'Error', message: `Response timeout while trying to fetch ${url} (over 300ms)` };
		expect(seen).toEqual(runtime === 'deno' ? stalled : NO_RESPONSE);
	});

	it('refuses SSRF validation in the Deno runtime, which the workspace does not imitate; 1.42.1 has no such option', async () => {
		const seen = await fromApp('post', receiver.url('/hooks/ssrf'), { data: { n: 1 }, ssrfValidation: true });

		const refused = {
			outcome: 'error',
			name: 'Error',
			message: 'SSRF validation of outgoing requests is not supported by the local workspace (ssrfValidation: true).',
		};
		expect(runtime === 'deno' ? seen : seen.response.statusCode).toEqual(runtime === 'deno' ? refused : 202);
	});

	it('makes a refused connection an error the app catches (Deno), or no response (vm2)', async () => {
		const url = await refusingUrl('/hooks/down');
		const seen = await fromApp('post', url, { data: { n: 1 } });

		const refused = { outcome: 'error', name: 'Error', message: `request to ${url} failed, reason: connect ECONNREFUSED 127.0.0.1:${new URL(url).port}` };
		expect(seen).toEqual(runtime === 'deno' ? refused : NO_RESPONSE);
	});

	it("fails the bridge's call for an injected fault, which the app catches in both runtimes, and records the call", async () => {
		const { faults } = workspace.cluster;
		faults.resetCalls();
		faults.failNext('http', 'call');
		const before = receiver.received.length;

		const seen = await fromApp('post', receiver.url('/hooks/faulty'), { data: { n: 1 } });

		expect(seen).toEqual({ outcome: 'error', name: expect.any(String), message: "Injected fault: the http bridge's call failed (1 of 1 injected)." });
		expect(receiver.received.length).toBe(before);
		expect(faults.calledMethods(API_HTTP_PROBE_ID)).toEqual(
			expect.arrayContaining([{ bridge: 'http', method: 'call', appId: API_HTTP_PROBE_ID, count: 1 }]),
		);
	});

	it('posts from a scheduled job through the http accessor the job processor is given', async () => {
		const client = new RestClient(workspace.url);
		const scheduled = await client.post(`${BASE}/deliveries`, { url: receiver.url('/hooks/job'), payload: { digest: 3 }, headers: { 'X-Job': 'deliver' } });
		expect(scheduled.status).toBe(200);

		const runs = await workspace.cluster.runDueJobs(new Date(Date.now() + 60_000));

		expect(runs).toEqual([expect.objectContaining({ appId: API_HTTP_PROBE_ID, processorId: `deliver_${API_HTTP_PROBE_ID}`, kind: 'once' })]);
		const received = lastReceived();
		expect([received.method, received.url, received.headers['x-job'], received.body.toString()]).toEqual(['POST', '/hooks/job', 'deliver', '{"digest":3}']);
		const { body } = await client.get(`${BASE}/deliveries`);
		expect(body.deliveries).toEqual([expect.objectContaining({ outcome: 'response', response: expect.objectContaining({ statusCode: 202 }) })]);
	});
});
