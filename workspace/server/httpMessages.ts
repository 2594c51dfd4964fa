// Reading request bodies (JSON, forms, multipart uploads) and writing JSON answers, on node:http.
import type { IncomingMessage, ServerResponse } from 'node:http';

import busboy from 'busboy';

import { ApiError, ApiResponse, RawResponse, failure } from './apiResponse';
import type { HttpAnswer } from './apiResponse';

const JSON_BODY_LIMIT = 10 * 1024 * 1024;
/** Rocket.Chat's FileUpload_MaxFileSize default, which also bounds app uploads. */
const UPLOAD_LIMIT = 100 * 1024 * 1024;

export interface Upload {
	/** The file sent in the named field, if any. */
	file?: Buffer;
	/** The other form fields. */
	fields: Record<string, string>;
}

function tooLarge(limit: number): ApiError {
	return new ApiError(new ApiResponse(413, { success: false, error: `The request body is larger than ${limit} bytes.` }));
}

/** The whole body; rejects with a 413 answer past `limit` bytes. */
export function readRaw(request: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				reject(tooLarge(limit));
				request.pause();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

export function contentType(request: IncomingMessage): string {
	return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export function isMultipart(request: IncomingMessage): boolean {
	return contentType(request) === 'multipart/form-data';
}

/** A JSON or form-encoded body as an object; an empty body is an empty object, anything else is a 400. */
export async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
	const text = (await readRaw(request, JSON_BODY_LIMIT)).toString('utf8');
	if (contentType(request) === 'application/x-www-form-urlencoded') {
		const body: Record<string, unknown> = {};
		new URLSearchParams(text).forEach((value, key) => {
			body[key] = value;
		});
		return body;
	}
	if (text.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new ApiError(failure(`The request body is not valid JSON: ${(error as Error).message}`));
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ApiError(failure('The request body must be a JSON object.'));
	return parsed as Record<string, unknown>;
}

/** A multipart/form-data body: the file of `fileField` and the text fields. A malformed body is a 400. */
export function readUpload(request: IncomingMessage, fileField: string): Promise<Upload> {
	return new Promise((resolve, reject) => {
		let parser: busboy.Busboy;
		try {
			parser = busboy({ headers: request.headers, limits: { fileSize: UPLOAD_LIMIT, files: 1 } });
		} catch (error) {
			reject(new ApiError(failure(`The upload is not a valid multipart body: ${(error as Error).message}`)));
			return;
		}
		const upload: Upload = { fields: {} };
		const pending: Array<Promise<void>> = [];
		parser.on('field', (name, value) => {
			upload.fields[name] = value;
		});
		parser.on('file', (name, stream) => {
			const chunks: Buffer[] = [];
			pending.push(
				new Promise((done, fail) => {
					stream.on('data', (chunk: Buffer) => chunks.push(chunk));
					stream.on('limit', () => fail(tooLarge(UPLOAD_LIMIT)));
					stream.on('close', () => {
						if (name === fileField) upload.file = Buffer.concat(chunks);
						done();
					});
				}),
			);
		});
		parser.on('error', (error: Error) => reject(new ApiError(failure(`The upload is not a valid multipart body: ${error.message}`))));
		parser.on('close', () => {
			Promise.all(pending).then(() => resolve(upload), reject);
		});
		request.pipe(parser);
	});
}

export function writeResponse(response: ServerResponse, answer: HttpAnswer): void {
	if (answer instanceof RawResponse) {
		response.writeHead(answer.status, answer.headers);
		response.end(answer.body);
		return;
	}
	const body = JSON.stringify(answer.body);
	response.writeHead(answer.status, { ...answer.headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
	response.end(body);
}
