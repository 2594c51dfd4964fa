// App HTTP endpoints: the routes apps register, as Rocket.Chat's AppApisBridge mounts them
// (apps/meteor/app/apps/server/bridges/api.ts): one Express router per app, one route per
// endpoint path, for every HTTP method. Requests reach them through the workspace server
// (workspace/server/appApis.ts), which runs them on the engine as that bridge does.
import type { IApi, IApiEndpoint } from 'apps-engine-deno/definition/api';
import type { ApiBridge } from 'apps-engine-deno/server/bridges';
import type { AppApi } from 'apps-engine-deno/server/managers/AppApi';

/** One endpoint as an app registered it. */
interface AppApiRoute {
	/** The endpoint's `path`, by which the engine finds the endpoint again (executeApi). */
	endpointPath: string;
	/** The endpoint's `authRequired`: Rocket.Chat answers 401 to requests without a signed-in user. */
	authRequired: boolean;
	pattern: RegExp;
	paramNames: string[];
}

/** The route a request path matched, with its decoded `:name` parameters. */
export interface AppApiMatch {
	endpointPath: string;
	authRequired: boolean;
	params: Record<string, string>;
}

/** Thrown for a path parameter that is not valid percent-encoding (Express answers 400). */
export class BadPathParameter extends Error {}

/**
 * An endpoint path as Express 4 (path-to-regexp 0.1) reads a route: `:name` and `:name?` are
 * parameters of one segment, `*` matches anything; case-insensitive, a trailing slash allowed.
 */
function compileRoute(endpointPath: string): Pick<AppApiRoute, 'pattern' | 'paramNames'> {
	let routePath = endpointPath.trim();
	if (!routePath.startsWith('/')) routePath = `/${routePath}`;
	const paramNames: string[] = [];
	const source = routePath.replace(
		/(\/)?:(\w+)(\?)?|\*|[.+^${}()|[\]\\]/g,
		(token, slash: string | undefined, name: string | undefined, optional?: string) => {
			if (name === undefined) return token === '*' ? '(.*)' : `\\${token}`;
			paramNames.push(name);
			const segment = `${slash ? '\\/' : ''}([^\\/]+?)`;
			return optional ? `(?:${segment})?` : segment;
		},
	);
	return { pattern: new RegExp(`^${source}\\/?$`, 'i'), paramNames };
}

/** The apps' routers of one instance: what each app registered while enabled. */
export class AppApiRoutes {
	private readonly routers = new Map<string, AppApiRoute[]>();

	add(appId: string, endpoint: IApiEndpoint): void {
		const routes = this.routers.get(appId) ?? [];
		routes.push({ endpointPath: endpoint.path, authRequired: !!endpoint.authRequired, ...compileRoute(endpoint.path) });
		this.routers.set(appId, routes);
	}

	remove(appId: string): void {
		this.routers.delete(appId);
	}

	/** Whether the app has a router: Rocket.Chat answers 404 for an app without one. */
	has(appId: string): boolean {
		return this.routers.has(appId);
	}

	/** The first route, in the order the app registered them, matching the path under the app's base path. */
	match(appId: string, path: string): AppApiMatch | undefined {
		for (const { endpointPath, authRequired, pattern, paramNames } of this.routers.get(appId) ?? []) {
			const found = pattern.exec(path);
			if (!found) continue;
			const params: Record<string, string> = {};
			paramNames.forEach((name, index) => {
				const value = found[index + 1];
				if (value === undefined) return;
				try {
					params[name] = decodeURIComponent(value);
				} catch {
					throw new BadPathParameter(`Failed to decode param '${value}'`);
				}
			});
			return { endpointPath, authRequired, params };
		}
		return undefined;
	}
}

/** The API bridge, with the routes the workspace server answers from. */
export interface LocalApiBridge extends ApiBridge {
	readonly routes: AppApiRoutes;
}

export function createApiBridge(base: typeof ApiBridge): LocalApiBridge {
	class RouterApiBridge extends base implements LocalApiBridge {
		readonly routes = new AppApiRoutes();

		protected async registerApi({ api, endpoint }: AppApi, appId: string): Promise<void> {
			verifyApi(api, endpoint);
			this.routes.add(appId, endpoint);
		}

		protected async unregisterApis(appId: string): Promise<void> {
			this.routes.remove(appId);
		}
	}
	return new RouterApiBridge();
}

/** Rocket.Chat's _verifyApi. */
function verifyApi(api: IApi, endpoint: IApiEndpoint): void {
	if (typeof api !== 'object' || typeof endpoint.path !== 'string') throw new Error('Invalid Api parameter provided, it must be a valid IApi object.');
}
