// The workspace's HTTP server: Rocket.Chat's REST API under /api, the web console's files elsewhere.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

import { ApiResponse } from './apiResponse';
import { writeResponse } from './httpMessages';
import type { RequestAnswerer } from './router';

const CONTENT_TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.map': 'application/json',
};

/** A file of the console folder, `/` being its index.html; undefined for anything outside it or missing. */
function consoleFile(consoleDir: string, pathname: string): string | undefined {
	let relative: string;
	try {
		relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
	} catch {
		return undefined;
	}
	const path = normalize(join(consoleDir, relative));
	if (!path.startsWith(normalize(consoleDir) + sep)) return undefined;
	try {
		return statSync(path).isFile() ? path : undefined;
	} catch {
		return undefined;
	}
}

function serveConsole(consoleDir: string, request: IncomingMessage, response: ServerResponse, url: URL): void {
	const path = request.method === 'GET' || request.method === 'HEAD' ? consoleFile(consoleDir, url.pathname) : undefined;
	if (!path) {
		response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
		response.end('Not found');
		return;
	}
	response.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
	if (request.method === 'HEAD') response.end();
	else createReadStream(path).pipe(response);
}

export function createWorkspaceServer(router: RequestAnswerer, consoleDir: string): Server {
	return createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://workspace');
		if (!url.pathname.startsWith('/api/')) {
			serveConsole(consoleDir, request, response, url);
			return;
		}
		router
			.answer(request, url)
			.catch((error: unknown) => {
				console.error('The workspace could not answer a request:', error);
				return new ApiResponse(500, { success: false, error: 'Internal server error' });
			})
			.then((answer) => writeResponse(response, answer))
			.catch((error: unknown) => console.error('The workspace could not write an answer:', error));
	});
}
