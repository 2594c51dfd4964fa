// The REST routes: matching, Rocket.Chat's authentication headers and permission checks, and its
// error shapes for whatever a handler throws.
import type { IncomingMessage } from 'node:http';

import type { ApiResponse, HttpAnswer } from './apiResponse';
import { notFound, notLoggedIn, permissionRequired, responseForError } from './apiResponse';
import { AppApiGateway } from './appApis';
import { isMultipart, readBody } from './httpMessages';
import type { Accounts } from '../accounts/accounts';
import type { EngineCluster } from '../engine/engineCluster';
import type { EngineHost } from '../engine/engineHost';
import { hasPermission } from '../permissions';
import type { Permission } from '../permissions';
import type { RoomService } from '../rooms/roomService';
import type { UserRecord, WorkspaceStore } from '../store/workspaceStore';

/** What route handlers work with: the shared store and accounts, and the instance serving the request. */
export interface ApiContext {
	store: WorkspaceStore;
	/** The serving instance's engine host: events fire there, app changes start there. */
	engine: EngineHost;
	/** The serving instance's room service. */
	rooms: RoomService;
	accounts: Accounts;
	/** Every instance (one unless the workspace runs as a cluster). */
	cluster: EngineCluster;
}

export type Method = 'GET' | 'POST' | 'DELETE';

export interface ApiRequest<User extends UserRecord | undefined = UserRecord> {
	/** The authenticated user (undefined on public routes). */
	user: User;
	query: Record<string, string>;
	/** The `:name` parts of the route's path. */
	params: Record<string, string>;
	/** The JSON or form body; empty for GET requests and multipart uploads, which the handler reads itself. */
	body: Record<string, unknown>;
	/** Scheme, host and port the client reached the workspace at, for absolute URLs. */
	origin: string;
	raw: IncomingMessage;
}

type Answer = ApiResponse | Promise<ApiResponse>;

interface PublicRoute {
	method: Method;
	path: string;
	public: true;
	handle(request: ApiRequest<undefined>): Answer;
}

interface UserRoute {
	method: Method;
	path: string;
	public?: false;
	/** Rocket.Chat's `permissionsRequired`: without it the user gets 403 `[error-unauthorized]`. */
	permission?: Permission;
	handle(request: ApiRequest): Answer;
}

export type Route = PublicRoute | UserRoute;

interface CompiledRoute {
	route: Route;
	pattern: RegExp;
	paramNames: string[];
}

function compile(route: Route): CompiledRoute {
	const paramNames: string[] = [];
	const source = route.path
		.split('/')
		.map((part) => {
			if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			paramNames.push(part.slice(1));
			return '([^/]+)';
		})
		.join('/');
	return { route, pattern: new RegExp(`^${source}/?$`), paramNames };
}

function firstValues(params: URLSearchParams): Record<string, string> {
	const values: Record<string, string> = {};
	params.forEach((value, key) => {
		if (!(key in values)) values[key] = value;
	});
	return values;
}

export class ApiRouter {
	private readonly routes: CompiledRoute[];

	constructor(
		routes: Route[],
		private readonly store: WorkspaceStore,
		private readonly accounts: Accounts,
		/** The apps' own endpoints, which Rocket.Chat serves before its REST API. */
		private readonly appApis?: AppApiGateway,
	) {
		this.routes = routes.map(compile);
	}

	/** Answers an /api request; whatever goes wrong becomes one of Rocket.Chat's error answers. */
	async answer(request: IncomingMessage, url: URL): Promise<HttpAnswer> {
		if (this.appApis && AppApiGateway.handles(url.pathname)) return this.appApis.answer(request, url);
		try {
			const match = this.match(request.method ?? 'GET', url.pathname);
			if (!match) return notFound(`Unknown API endpoint: ${request.method} ${url.pathname}`);
			const { route, params } = match;
			const origin = `http://${request.headers.host ?? 'localhost'}`;
			const query = firstValues(url.searchParams);
			if (route.public) {
				const body = route.method === 'GET' ? {} : await readBody(request);
				return await route.handle({ user: undefined, query, params, body, origin, raw: request });
			}
			const user = this.authenticate(request);
			if (!user) return notLoggedIn();
			if (route.permission && !hasPermission(this.store, user.id, route.permission)) return permissionRequired();
			const body = route.method === 'GET' || isMultipart(request) ? {} : await readBody(request);
			return await route.handle({ user, query, params, body, origin, raw: request });
		} catch (error) {
			return responseForError(error);
		}
	}

	private match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
		for (const { route, pattern, paramNames } of this.routes) {
			const found = route.method === method && pattern.exec(path);
			if (!found) continue;
			const params: Record<string, string> = {};
			paramNames.forEach((name, index) => {
				params[name] = decodeURIComponent(found[index + 1]);
			});
			return { route, params };
		}
		return undefined;
	}

	private authenticate(request: IncomingMessage): UserRecord | undefined {
		const userId = request.headers['x-user-id'];
		const token = request.headers['x-auth-token'];
		if (typeof userId !== 'string' || typeof token !== 'string') return undefined;
		return this.accounts.authenticate(userId, token);
	}
}

/** What the HTTP server hands /api requests to. */
export interface RequestAnswerer {
	answer(request: IncomingMessage, url: URL): Promise<HttpAnswer>;
}

/** The header naming the instance that served a request in a cluster: the workspace's own, for tests and for reading logs. */
export const INSTANCE_HEADER = 'X-Workspace-Instance';

/**
 * A cluster's instances behind one address, as behind a load balancer: each request goes to the
 * next instance in turn, whose router (and so engine and room service) serves it. A workspace of
 * one instance answers as Rocket.Chat does, without the header.
 */
export class InstanceRouters implements RequestAnswerer {
	private next = 0;

	constructor(private readonly routers: readonly ApiRouter[]) {
		if (routers.length === 0) throw new Error('No instance to serve requests.');
	}

	async answer(request: IncomingMessage, url: URL): Promise<HttpAnswer> {
		const instance = this.next;
		this.next = (this.next + 1) % this.routers.length;
		const answer = await this.routers[instance].answer(request, url);
		return this.routers.length > 1 ? answer.withHeaders({ [INSTANCE_HEADER]: String(instance) }) : answer;
	}
}
