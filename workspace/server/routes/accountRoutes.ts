// Logging in and users: /api/v1/login, logout, me, users.* and /api/info.
import { flag, paginate, text, textList, userFromParams } from './params';
import type { PasswordInput } from '../../accounts/accounts';
import type { RuntimeName } from '../../engine/engineRuntime';
import { hasPermission } from '../../permissions';
import type { UserRecord } from '../../store/workspaceStore';
import { ApiResponse, failure, invalidParams, success, unauthorized } from '../apiResponse';
import { restUser, restUserInfo } from '../restShapes';
import type { ApiContext, Route } from '../router';

/**
 * What /api/info reports: the first Rocket.Chat release of the engine that runs apps (rc-apps
 * deploy needs 3.8 or later to package with its current compiler), and, beyond Rocket.Chat's
 * shape, which Apps-Engine runtime the workspace runs, on how many instances.
 */
const SERVER_VERSION: Record<RuntimeName, string> = { deno: '8.4.0', vm2: '6.9.0' };

/** How Rocket.Chat answers a login it refuses ("User not found" and wrong passwords alike). */
function loginRefused(): ApiResponse {
	return new ApiResponse(401, { success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' });
}

function passwordOf(body: Record<string, unknown>): PasswordInput | undefined {
	const { password } = body;
	if (typeof password === 'string') return password;
	if (typeof password === 'object' && password !== null) return password as PasswordInput;
	return undefined;
}

export function accountRoutes({ store, accounts, engine, cluster }: ApiContext): Route[] {
	return [
		{
			method: 'GET',
			path: '/api/info',
			public: true,
			handle: () =>
				success({
					version: SERVER_VERSION[engine.runtimeName],
					appsEngine: { runtime: engine.runtimeName, version: engine.engineVersion, instances: cluster.size },
				}),
		},
		{
			method: 'POST',
			path: '/api/v1/login',
			public: true,
			async handle({ body, origin }) {
				let user: UserRecord | undefined;
				const resume = text(body, 'resume');
				if (resume !== undefined) {
					user = accounts.findByToken(resume);
				} else {
					const candidate = accounts.findByLogin({ user: text(body, 'user'), username: text(body, 'username'), email: text(body, 'email') });
					const password = passwordOf(body);
					user = candidate?.active && password !== undefined && (await accounts.verifyPassword(candidate, password)) ? candidate : undefined;
				}
				if (!user) return loginRefused();
				const authToken = resume ?? accounts.issueToken(user.id);
				const me = store.getUser(user.id) as UserRecord;
				return success({ status: 'success', data: { userId: me.id, authToken, me: restUserInfo(me, origin) } });
			},
		},
		{
			method: 'POST',
			path: '/api/v1/logout',
			handle({ user, raw }) {
				const token = String(raw.headers['x-auth-token']);
				accounts.revokeToken(user.id, token);
				return success({ status: 'success', data: { message: "You've been logged out!" } });
			},
		},
		{
			method: 'GET',
			path: '/api/v1/me',
			handle: ({ user, origin }) => success(restUserInfo(user, origin)),
		},
		{
			method: 'POST',
			path: '/api/v1/users.create',
			permission: 'create-user',
			async handle({ body }) {
				for (const field of ['email', 'name', 'password', 'username']) {
					if (typeof body[field] !== 'string') return invalidParams(`must have required property '${field}'`);
				}
				const user = await accounts.createUser({
					username: body.username as string,
					name: body.name as string,
					email: body.email as string,
					password: body.password as string,
					roles: textList(body, 'roles'),
					active: flag(body, 'active'),
					joinDefaultChannels: flag(body, 'joinDefaultChannels'),
				});
				return success({ user: restUser(user) });
			},
		},
		{
			method: 'GET',
			path: '/api/v1/users.info',
			handle({ query }) {
				const userId = text(query, 'userId');
				const username = text(query, 'username');
				if (userId === undefined && username === undefined) return failure('Invalid search query.');
				const user = userId !== undefined ? store.getUser(userId) : store.getUserByUsernameIgnoringCase(username as string);
				return user ? success({ user: restUser(user) }) : failure('User not found.');
			},
		},
		{
			method: 'GET',
			path: '/api/v1/users.list',
			handle({ user, query }) {
				// Rocket.Chat lets anyone with view-d-room list users (with fewer fields); the local workspace keeps the list to admins.
				if (!hasPermission(store, user.id, 'view-user-administration')) return unauthorized();
				const page = paginate(store.listUsers(), query);
				return success({ users: page.items.map(restUser), count: page.count, offset: page.offset, total: page.total });
			},
		},
		{
			method: 'POST',
			path: '/api/v1/users.createToken',
			permission: 'user-generate-access-token',
			handle({ body }) {
				const target = userFromParams(store, body);
				return success({ data: { userId: target.id, authToken: accounts.issueToken(target.id) } });
			},
		},
	];
}
