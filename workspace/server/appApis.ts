// App HTTP endpoints, served as Rocket.Chat serves them (apps/meteor/app/apps/server/bridges/api.ts
// and router.ts): `/api/apps/public/:appId/<path>` and `/api/apps/private/:appId/:hash/<path>` lead
// to the app's router, whose routes the app registered through the API bridge
// (workspace/engine/bridges/apiBridge.ts). The body is parsed first (JSON, or a form), then the
// route is found, then the user is authenticated (401 when the endpoint requires one), then the
// engine runs the endpoint and its answer is written as Express writes it (expressResponses.ts).
import type { IncomingMessage } from 'node:http';
import { parse as parseForm } from 'node:querystring';

import type { RequestMethod } from 'apps-engine-deno/definition/accessors';
import type { IApiRequest, IApiResponse } from 'apps-engine-deno/definition/api';

import { ApiError } from './apiResponse';
import type { RawResponse } from './apiResponse';
import { expressSend, expressSendStatus, expressSetHeaders } from './expressResponses';
import type { AnsweredRequest } from './expressResponses';
import { contentType, readRaw } from './httpMessages';
import { parseQuery } from './queryString';
import type { Accounts } from '../accounts/accounts';
import { BadPathParameter } from '../engine/bridges/apiBridge';
import { toAppUser } from '../engine/converters';
import type { EngineHost } from '../engine/engineHost';
import { errorMessage } from '../errors';
import type { UserRecord } from '../store/workspaceStore';

/** body-parser's default limit for JSON and form bodies. */
const BODY_LIMIT = 100 * 1024;

const PRIVATE_PREFIX = /^\/api\/apps\/private\/([^/]+)\/([^/]+)(\/.*)?$/i;
const PUBLIC_PREFIX = /^\/api\/apps\/public\/([^/]+)(\/.*)?$/i;

/** Where a request goes: the app, the path under the app's base path, and the hash of a private URL. */
interface AppApiTarget {
	appId: string;
	path: string;
	privateHash?: string;
}

/** Express's `use` strips the mount path, decoding its parameters; what remains is the router's path. */
function targetOf(pathname: string): AppApiTarget | undefined {
	const decode = (part: string) => {
		try {
			return decodeURIComponent(part);
		} catch {
			throw new BadPathParameter(`Failed to decode param '${part}'`);
		}
	};
	const privateMatch = PRIVATE_PREFIX.exec(pathname);
	if (privateMatch) return { appId: decode(privateMatch[1]), privateHash: decode(privateMatch[2]), path: privateMatch[3] ?? '/' };
	const publicMatch = PUBLIC_PREFIX.exec(pathname);
	if (publicMatch) return { appId: decode(publicMatch[1]), path: publicMatch[2] ?? '/' };
	return undefined;
}

/** Express's final handler in production: the status's text in a small HTML page. */
function errorPage(request: AnsweredRequest, status: number, text: string): RawResponse {
	const page = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${text}</pre>\n</body>\n</html>\n`;
	return expressSend(
		request,
		status,
		{ 'Content-Security-Policy': "default-src 'none'", 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'text/html; charset=utf-8' },
		page,
	);
}

/**
 * What body-parser's urlencoded and json parsers leave in `req.body`: the parsed form or JSON (an
 * object or an array), `{}` for any other body or none. A malformed or too large body is refused.
 */
async function parsedBody(request: IncomingMessage): Promise<unknown> {
	const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
	const type = contentType(request);
	if (!hasBody || (type !== 'application/json' && type !== 'application/x-www-form-urlencoded')) {
		request.resume();
		return {};
	}
	const raw = await readRaw(request, BODY_LIMIT);
	const text = raw.toString('utf8');
	if (type === 'application/x-www-form-urlencoded') return { ...parseForm(text) };
	if (text.length === 0) return {};
	// body-parser's strict mode: only an object or an array.
	if (!/^[ \t\n\r]*[[{]/.test(text)) throw new SyntaxError('Unexpected token in JSON at position 0');
	return JSON.parse(text) as unknown;
}

/** A request's headers as Node gives them (lower-case names), which is what Rocket.Chat hands the app. */
function requestHeaders(request: IncomingMessage): Record<string, string> {
	return request.headers as Record<string, string>;
}

/**
 * The app endpoints one instance serves: its engine runs them, with the routes its apps registered.
 * In a cluster each instance has its own, and any instance serves any request.
 */
export class AppApiGateway {
	constructor(
		private readonly engine: EngineHost,
		private readonly accounts: Accounts,
	) {}

	/** Whether the path is under an app's base path (public or private). */
	static handles(pathname: string): boolean {
		return PRIVATE_PREFIX.test(pathname) || PUBLIC_PREFIX.test(pathname);
	}

	async answer(request: IncomingMessage, url: URL): Promise<RawResponse> {
		const answered: AnsweredRequest = { method: request.method ?? 'GET', headers: request.headers };
		let content: unknown;
		try {
			content = await parsedBody(request);
		} catch (error) {
			if (error instanceof ApiError && error.response.status === 413) return errorPage(answered, 413, 'Payload Too Large');
			return errorPage(answered, 400, 'Bad Request');
		}
		let target: AppApiTarget | undefined;
		let route;
		try {
			target = targetOf(url.pathname);
			route = target && this.engine.appApiRoutes?.match(target.appId, target.path);
		} catch (error) {
			if (error instanceof BadPathParameter) return errorPage(answered, 400, 'Bad Request');
			throw error;
		}
		if (!target || !route) return expressSendStatus(answered, 404);

		const query = parseQuery(url.search);
		const user = this.authenticate(request, query);
		if (route.authRequired && !user) return expressSend(answered, 401, {}, 'Unauthorized');

		const apiRequest: IApiRequest = {
			method: answered.method.toLowerCase() as RequestMethod,
			headers: requestHeaders(request),
			query: query as Record<string, string>,
			params: route.params,
			content,
			privateHash: target.privateHash,
			user: user && toAppUser(user),
		};
		let headers: Record<string, string | string[]> = {};
		// Written as the bridge's `.then(({ status, headers = {}, content }) => …)`: an answer that is no object fails there, with JavaScript's own message.
		const write = ({ status, headers: appHeaders = {}, content: body }: IApiResponse) => {
			headers = expressSetHeaders(appHeaders);
			return expressSend(answered, status, headers, body);
		};
		try {
			return write(await this.engine.executeAppApi(target.appId, route.endpointPath, apiRequest));
		} catch (error) {
			return expressSend(answered, 500, headers, errorMessage(error));
		}
	}

	/**
	 * Rocket.Chat's authenticationMiddleware: the user of X-User-Id and X-Auth-Token when both are
	 * given; otherwise an OAuth access token would be tried (the workspace has no OAuth apps), and
	 * `access_token` leaves the query.
	 */
	private authenticate(request: IncomingMessage, query: Record<string, unknown>): UserRecord | undefined {
		const userId = request.headers['x-user-id'];
		const token = request.headers['x-auth-token'];
		if (typeof userId === 'string' && userId !== '' && typeof token === 'string' && token !== '') return this.accounts.authenticate(userId, token);
		delete query.access_token;
		return undefined;
	}
}
