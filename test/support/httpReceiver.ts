import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the receiver got it. */
export interface ReceivedRequest {
	method: string;
	/** The path with its query string. */
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

type Respond = (request: ReceivedRequest, response: ServerResponse) => void;

/**
 * An HTTP server on the loopback interface for apps to send requests to: it keeps every request it
 * gets and answers through the test's `respond` (202 with a small JSON body by default).
 */
export class HttpReceiver {
	private constructor(
		private readonly server: Server,
		readonly baseUrl: string,
		/** Every request so far, oldest first. */
		readonly received: ReceivedRequest[],
	) {}

	static async start(respond: Respond = answerAccepted): Promise<HttpReceiver> {
		const received: ReceivedRequest[] = [];
		const server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				const got = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) };
				received.push(got);
				respond(got, response);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return new HttpReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received);
	}

	url(path: string): string {
		return `${this.baseUrl}${path}`;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			(this.server as Server & { closeAllConnections(): void }).closeAllConnections();
		});
	}
}

function answerAccepted(request: ReceivedRequest, response: ServerResponse): void {
	const body = JSON.stringify({ received: true, bytes: request.body.length });
	response.writeHead(202, { 'Content-Type': 'application/json; charset=utf-8', 'X-Receiver': 'yes' });
	response.end(body);
}

/** A loopback address nothing listens on: a port that was free a moment ago. */
export async function refusingUrl(path: string): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}${path}`;
}
