// How Express 4 writes what an app endpoint answers: Rocket.Chat's API bridge calls
// `res.set(headers); res.status(status); res.send(content)` (apps/meteor/app/apps/server/bridges/api.ts)
// on an Express app with its defaults (weak ETags, no X-Powered-By). This is res.set, res.send and
// res.json of express 4.x, with the conditional-GET check res.send makes.
import { createHash } from 'node:crypto';
import { STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

import { RawResponse } from './apiResponse';

type Headers = Record<string, string | string[]>;

function findHeader(headers: Headers, name: string): string | undefined {
	return Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
}

function headerValue(headers: Headers, name: string): string | undefined {
	const key = findHeader(headers, name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? value.join(', ') : value;
}

function setHeader(headers: Headers, name: string, value: string | string[]): void {
	const existing = findHeader(headers, name);
	if (existing !== undefined) delete headers[existing];
	headers[name] = value;
}

/** mime 1.x's charsets.lookup, which res.set uses: text/*, JSON and JavaScript are UTF-8. */
function withDefaultCharset(contentType: string): string {
	if (/;\s*charset\s*=/i.test(contentType)) return contentType;
	return /^text\/|^application\/(javascript|json)/.test(contentType.split(';')[0]) ? `${contentType}; charset=utf-8` : contentType;
}

/** res.send's setCharset: the charset parameter of a string body's type becomes utf-8. */
function withUtf8Charset(contentType: string): string {
	const [type, ...parameters] = contentType.split(';').map((part) => part.trim());
	return [type, ...parameters.filter((parameter) => !/^charset\s*=/i.test(parameter)), 'charset=utf-8'].join('; ');
}

/** res.set(field, value), with Node's own checks of the header (which throw as setHeader does). */
function set(headers: Headers, name: string, raw: unknown): void {
	let value: string | string[] = Array.isArray(raw) ? raw.map(String) : String(raw);
	if (name.toLowerCase() === 'content-type') {
		if (Array.isArray(value)) throw new TypeError('Content-Type cannot be set to an Array');
		value = withDefaultCharset(value);
	}
	validateHeaderName(name);
	(Array.isArray(value) ? value : [value]).forEach((item) => validateHeaderValue(name, item));
	setHeader(headers, name, value);
}

/** The etag package's weak tag, as Express generates it for every body it sends. */
function weakETag(body: Buffer): string {
	const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
	return `W/"${body.length.toString(16)}-${hash}"`;
}

/** The fresh package's check (req.fresh): If-None-Match against the answer's ETag, unless the client says no-cache. */
function isFresh(requestHeaders: IncomingHttpHeaders, etag: string | undefined): boolean {
	const noneMatch = requestHeaders['if-none-match'];
	if (noneMatch === undefined || /(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(requestHeaders['cache-control'] ?? '')) return false;
	if (noneMatch.trim() === '*') return true;
	if (etag === undefined) return false;
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return noneMatch.split(',').some((tag) => bare(tag) === bare(etag));
}

/** The request an answer is for: its method and headers decide a 304 and whether a body is sent. */
export interface AnsweredRequest {
	method: string;
	headers: IncomingHttpHeaders;
}

/**
 * res.status(status) and res.send(content) on headers already set. Strings are HTML unless a type
 * was set, Buffers binary, objects and booleans JSON (res.json), null an empty body; a number alone
 * is Express 4's deprecated res.send(status), which answers that status with its text.
 */
export function expressSend(request: AnsweredRequest, initialStatus: number, setHeaders: Headers, content: unknown): RawResponse {
	const headers: Headers = { ...setHeaders };
	let status = initialStatus;
	let chunk: unknown = content;
	if (typeof chunk === 'number') {
		if (findHeader(headers, 'Content-Type') === undefined) set(headers, 'Content-Type', 'text/plain');
		status = chunk;
		chunk = STATUS_CODES[chunk] ?? String(chunk);
	} else if (chunk === null) {
		chunk = '';
	} else if (typeof chunk === 'boolean' || (typeof chunk === 'object' && !Buffer.isBuffer(chunk))) {
		// res.json
		chunk = JSON.stringify(chunk);
		if (findHeader(headers, 'Content-Type') === undefined) set(headers, 'Content-Type', 'application/json');
	}
	if (!Number.isInteger(status) || status < 100 || status > 999) throw new RangeError(`Invalid status code: ${String(initialStatus)}`);

	let body: Buffer | undefined;
	if (typeof chunk === 'string') {
		const type = headerValue(headers, 'Content-Type');
		if (type === undefined) set(headers, 'Content-Type', 'text/html; charset=utf-8');
		else set(headers, 'Content-Type', withUtf8Charset(type));
		body = Buffer.from(chunk, 'utf8');
	} else if (Buffer.isBuffer(chunk)) {
		if (findHeader(headers, 'Content-Type') === undefined) set(headers, 'Content-Type', 'application/octet-stream');
		body = chunk;
	}
	if (body !== undefined) {
		setHeader(headers, 'Content-Length', String(body.length));
		if (findHeader(headers, 'ETag') === undefined) setHeader(headers, 'ETag', weakETag(body));
	}
	const method = request.method.toUpperCase();
	const cacheable = (method === 'GET' || method === 'HEAD') && ((status >= 200 && status < 300) || status === 304);
	if (cacheable && isFresh(request.headers, headerValue(headers, 'ETag'))) status = 304;
	if (status === 204 || status === 304) {
		for (const name of ['Content-Type', 'Content-Length', 'Transfer-Encoding']) {
			const key = findHeader(headers, name);
			if (key !== undefined) delete headers[key];
		}
		body = undefined;
	}
	return new RawResponse(status, headers, body ?? Buffer.alloc(0));
}

/** res.set(headers) as the bridge calls it with what the app answered. */
export function expressSetHeaders(appHeaders: unknown): Headers {
	const headers: Headers = {};
	if (typeof appHeaders === 'object' && appHeaders !== null) {
		for (const [name, value] of Object.entries(appHeaders)) set(headers, name, value);
	}
	return headers;
}

/** res.sendStatus(status): the status with its text as plain text. */
export function expressSendStatus(request: AnsweredRequest, status: number): RawResponse {
	return expressSend(request, status, { 'Content-Type': 'text/plain; charset=utf-8' }, STATUS_CODES[status] ?? String(status));
}
