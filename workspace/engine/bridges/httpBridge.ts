// Outgoing HTTP requests from apps, sent for real, as Rocket.Chat's AppHttpBridge sends them
// (apps/meteor/app/apps/server/bridges/http.ts) through its server-fetch package
// (packages/server-fetch: node-fetch 2.7 with an abort timer): the bridge's compatibility steps
// (data as JSON, params in the URL or as a form body, basic auth, no body on GET), node-fetch's
// default headers, redirects and decompression, and the response shape apps read.
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompressSync, constants as zlibConstants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

import type { IHttpResponse } from 'apps-engine-deno/definition/accessors';
import type { HttpBridge, IHttpBridgeRequestInfo } from 'apps-engine-deno/server/bridges';

import type { BridgeContext } from './bridgeContext';
import { unsupportedError } from './bridgeContext';

/** Rocket.Chat's default when the app sets no timeout (PR #30129: 3 minutes). */
const DEFAULT_TIMEOUT_MS = 3 * 60 * 1000;

/** node-fetch's `follow` default. */
const MAX_REDIRECTS = 20;

const NODE_FETCH_USER_AGENT = 'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)';

const JSON_CONTENT_TYPES = ['application/json', 'text/javascript', 'application/javascript', 'application/x-javascript'];

/** node-fetch's error for a request that failed or timed out (its `name` is FetchError). */
class FetchError extends Error {
	constructor(
		message: string,
		readonly type: string,
		readonly code?: string,
	) {
		super(message);
		this.name = 'FetchError';
	}
}

/** node-fetch's error when the abort signal fires: Rocket.Chat's timeout. */
class AbortError extends Error {
	readonly type = 'aborted';

	constructor() {
		super('The user aborted a request.');
		this.name = 'AbortError';
	}
}

/** One request on the way (the first, or one a redirect leads to). */
interface Hop {
	url: URL;
	/** Upper case, as node-fetch sends it. */
	method: string;
	headers: Record<string, string>;
	body?: Buffer;
}

/** A request as node-fetch sends it: every header and the body final. */
interface OutgoingRequest extends Hop {
	timeoutMs: number;
	/** Rocket.Chat's allowSelfSignedCerts: an agent of its own (so no `Connection: close`), certificates not checked. */
	allowSelfSigned: boolean;
}

interface FetchedResponse {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

const isGetOrHead = (method: string) => ['GET', 'HEAD'].includes(method.toUpperCase());

/** The header of this name whatever its case, as node-fetch's Headers find it. */
function headerKey(headers: Record<string, string>, name: string): string | undefined {
	return Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
}

function setHeader(headers: Record<string, string>, name: string, value: string): void {
	const existing = headerKey(headers, name);
	if (existing !== undefined) delete headers[existing];
	headers[name] = value;
}

/**
 * Rocket.Chat's compatibility steps and server-fetch's jsonParser: the content to send (the app's
 * content, else its data), params in the URL or as a form, basic auth, nothing on a GET. The
 * IHttpRequest's `query` string is ignored there too; `params` is the way to a query string.
 */
function bridgeContent(info: IHttpBridgeRequestInfo, url: URL, headers: Record<string, string>): unknown {
	const { request, method } = info;
	let { content } = request;
	if (!content && typeof request.data === 'object') content = request.data;
	if (request.auth) {
		if (request.auth.indexOf(':') < 0) throw new Error('auth option should be of the form "username:password"');
		headers.Authorization = `Basic ${Buffer.from(request.auth, 'ascii').toString('base64')}`;
	}
	const { params } = request;
	if (content || isGetOrHead(method)) {
		Object.entries(params ?? {}).forEach(([key, value]) => {
			if (value) url.searchParams.append(key, value);
		});
	} else if (params) {
		// The http accessor always passes params (empty by default): a POST without content sends an empty form.
		content = new URLSearchParams(Object.entries(params)).toString();
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	}
	if (isGetOrHead(method)) return undefined;
	// An object becomes JSON, unless the request says it is a form.
	const contentType = headers['Content-Type'] || headers['content-type'];
	if (typeof content === 'object' && content !== null && !Buffer.isBuffer(content) && contentType?.toLowerCase() !== 'application/x-www-form-urlencoded') {
		setHeader(headers, 'Content-Type', 'application/json');
		return JSON.stringify(content);
	}
	return content;
}

/** node-fetch's body and default headers: a string is text unless typed, any other value its String(). */
function nodeFetchBody(content: unknown, method: string, headers: Record<string, string>, allowSelfSigned: boolean): Buffer | undefined {
	let body: Buffer | undefined;
	if (content !== undefined && content !== null) {
		if (typeof content === 'string' && headerKey(headers, 'Content-Type') === undefined) headers['Content-Type'] = 'text/plain;charset=UTF-8';
		// A form-typed object goes as '[object Object]' there too.
		// eslint-disable-next-line @typescript-eslint/no-base-to-string
		body = Buffer.isBuffer(content) ? content : Buffer.from(String(content));
		setHeader(headers, 'Content-Length', String(body.length));
	} else if (/^(POST|PUT)$/.test(method)) {
		setHeader(headers, 'Content-Length', '0');
	}
	const defaults: Array<[string, string | undefined]> = [
		['Accept', '*/*'],
		['User-Agent', NODE_FETCH_USER_AGENT],
		['Accept-Encoding', 'gzip,deflate'],
		['Connection', allowSelfSigned ? undefined : 'close'],
	];
	for (const [name, value] of defaults) if (value !== undefined && headerKey(headers, name) === undefined) headers[name] = value;
	return body;
}

/** The request node-fetch sends for the app's. */
function outgoingRequest(info: IHttpBridgeRequestInfo): OutgoingRequest {
	const url = new URL(info.url);
	const { request } = info;
	const headers: Record<string, string> = { ...(request.headers ?? {}) };
	const content = bridgeContent(info, url, headers);
	const allowSelfSigned =
		(Object.prototype.hasOwnProperty.call(request, 'strictSSL') && !request.strictSSL) ||
		// Rocket.Chat's own condition: rejectUnauthorized: true is what allows self-signed certificates there.
		(Object.prototype.hasOwnProperty.call(request, 'rejectUnauthorized') && !!request.rejectUnauthorized);
	const method = info.method.toUpperCase();
	const body = nodeFetchBody(content, method, headers, allowSelfSigned);
	return { url, method, headers, body, timeoutMs: request.timeout || DEFAULT_TIMEOUT_MS, allowSelfSigned };
}

/** The whole raw body, within node-fetch's body timeout. */
function readBody(response: IncomingMessage, url: URL, timeoutMs: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		const timer = setTimeout(() => {
			reject(new FetchError(`Response timeout while trying to fetch ${url.href} (over ${timeoutMs}ms)`, 'body-timeout'));
			response.destroy();
		}, timeoutMs);
		response.on('data', (chunk: Buffer) => chunks.push(chunk));
		response.on('end', () => {
			clearTimeout(timer);
			resolve(Buffer.concat(chunks));
		});
		response.on('error', (error: NodeJS.ErrnoException) => {
			clearTimeout(timer);
			reject(new FetchError(`Invalid response body while trying to fetch ${url.href}: ${error.message}`, 'system', error.code));
		});
	});
}

/** The body decompressed as node-fetch does it: gzip, deflate (zlib-wrapped or raw, told by the first byte) and br. */
function decodedBody(body: Buffer, encoding: string | undefined, method: string, status: number, url: URL): Buffer {
	if (method === 'HEAD' || encoding === undefined || status === 204 || status === 304) return body;
	const lenient = { flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH };
	try {
		if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(body, lenient);
		if (encoding === 'deflate' || encoding === 'x-deflate') return body.length > 0 && (body[0] & 0x0f) === 0x08 ? inflateSync(body) : inflateRawSync(body);
		if (encoding === 'br') return brotliDecompressSync(body);
	} catch (error) {
		throw new FetchError(
			`Invalid response body while trying to fetch ${url.href}: ${(error as Error).message}`,
			'system',
			(error as NodeJS.ErrnoException).code,
		);
	}
	return body;
}

/** One request, answered with the response stream once its headers arrive; redirects are the caller's. */
function exchange(hop: Hop, allowSelfSigned: boolean, signal: AbortSignal): Promise<IncomingMessage> {
	return new Promise((resolve, reject) => {
		const { url, method, headers, body } = hop;
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			reject(new TypeError('Only HTTP(S) protocols are supported'));
			return;
		}
		if (signal.aborted) {
			reject(new AbortError());
			return;
		}
		const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
		const request = send(url, { method, headers: { ...headers }, rejectUnauthorized: !allowSelfSigned }, (response) => {
			signal.removeEventListener('abort', onAbort);
			resolve(response);
		});
		function onAbort() {
			request.destroy();
			reject(new AbortError());
		}
		signal.addEventListener('abort', onAbort, { once: true });
		request.on('error', (error: NodeJS.ErrnoException) => {
			signal.removeEventListener('abort', onAbort);
			if (!signal.aborted) reject(new FetchError(`request to ${url.href} failed, reason: ${error.message}`, 'system', error.code));
		});
		request.end(body);
	});
}

/** Whether node-fetch 2.7 keeps credentials on a redirect: same protocol, and the first host is the new one or a subdomain of it. */
function keepsCredentials(from: URL, to: URL): boolean {
	return from.protocol === to.protocol && (from.hostname === to.hostname || from.hostname.endsWith(`.${to.hostname}`));
}

/** The request a redirect leads to (node-fetch's HTTP-redirect fetch steps). */
function redirected(hop: Hop, status: number, location: URL): Hop {
	const headers = { ...hop.headers };
	if (!keepsCredentials(hop.url, location)) {
		for (const name of ['authorization', 'www-authenticate', 'cookie', 'cookie2']) {
			const key = headerKey(headers, name);
			if (key !== undefined) delete headers[key];
		}
	}
	if (status === 303 || ((status === 301 || status === 302) && hop.method === 'POST')) {
		const length = headerKey(headers, 'Content-Length');
		if (length !== undefined) delete headers[length];
		return { url: location, method: 'GET', headers };
	}
	return { ...hop, url: location, headers };
}

/**
 * Sends the request as node-fetch does under server-fetch: the abort timer runs until the final
 * response's headers arrive (server-fetch clears it then), the body has node-fetch's own timeout,
 * and redirects are followed (303, and 301/302 after a POST, become a GET without body).
 */
async function fetchResponse(outgoing: OutgoingRequest): Promise<FetchedResponse> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), outgoing.timeoutMs);
	let hop: Hop = outgoing;
	let response: IncomingMessage;
	try {
		for (let redirects = 0; ; redirects += 1) {
			response = await exchange(hop, outgoing.allowSelfSigned, controller.signal);
			const status = response.statusCode ?? 0;
			const { location } = response.headers;
			if (![301, 302, 303, 307, 308].includes(status) || location === undefined) break;
			response.resume();
			if (redirects >= MAX_REDIRECTS) throw new FetchError(`maximum redirect reached at: ${hop.url.href}`, 'max-redirect');
			hop = redirected(hop, status, new URL(location, hop.url));
		}
	} finally {
		clearTimeout(timer);
	}
	const status = response.statusCode ?? 0;
	const raw = await readBody(response, hop.url, outgoing.timeoutMs);
	return { status, headers: response.headers, body: decodedBody(raw, response.headers['content-encoding'], hop.method, status, hop.url) };
}

/** Headers as node-fetch's Headers iterate: lower-case names in order, repeated values joined. */
function responseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const result: Record<string, string> = {};
	for (const name of Object.keys(headers).sort()) {
		const value = headers[name];
		if (value !== undefined) result[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return result;
}

/** The IHttpResponse Rocket.Chat's bridge builds: the app's url and method, content as text (or a Buffer for encoding: null), data when JSON. */
function appResponse(info: IHttpBridgeRequestInfo, fetched: FetchedResponse): IHttpResponse {
	const result: IHttpResponse = { url: info.url, method: info.method, statusCode: fetched.status, headers: responseHeaders(fetched.headers) };
	const { encoding } = info.request;
	if (encoding === null) {
		result.content = fetched.body as unknown as string;
		return result;
	}
	result.content = fetched.body.toString((encoding ?? 'utf8') as BufferEncoding);
	const contentType = (fetched.headers['content-type'] ?? '').split(';')[0];
	if (JSON_CONTENT_TYPES.includes(contentType)) {
		try {
			result.data = JSON.parse(result.content);
		} catch {
			result.data = null;
		}
	} else {
		result.data = null;
	}
	return result;
}

/**
 * The HTTP bridge. Rocket.Chat 6.3 caught every failure of the request (`catch (e) { return
 * e.response }`), so that an app got `undefined` for a refused connection or a timeout (RC
 * #30111, Apps-engine #664); current servers let the error through, and the app catches it (in
 * the Deno runtime as an Error carrying the message). The vm2 workspace imitates the first, the
 * Deno workspace the second.
 */
export function createHttpBridge(base: typeof HttpBridge, context: BridgeContext): HttpBridge {
	class FetchHttpBridge extends base {
		protected async call(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
			const outgoing = outgoingRequest(info);
			if (context.runtime === 'vm2') {
				try {
					return appResponse(info, await fetchResponse(outgoing));
				} catch {
					return undefined as unknown as IHttpResponse;
				}
			}
			if ((info.request as { ssrfValidation?: boolean }).ssrfValidation === true) {
				throw unsupportedError('SSRF validation of outgoing requests', 'ssrfValidation: true');
			}
			return appResponse(info, await fetchResponse(outgoing));
		}
	}
	return new FetchHttpBridge();
}
