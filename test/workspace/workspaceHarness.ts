import { request } from 'node:http';

import { LocalWorkspace } from '../../workspace/localWorkspace';
import type { LocalWorkspaceOptions } from '../../workspace/localWorkspace';
import { AUDIT_ROOM_NAME, createAdmin, deployApp, setUpAudit } from '../../workspace/workspaceSetup';
import { roomEventsZip } from '../engine/packagedApp';

export interface Answer {
	status: number;
	body: Record<string, any>;
	/** In a cluster, the instance that served the request (the workspace's X-Workspace-Instance header). */
	instance?: number;
}

/** A REST client of the workspace, signed in as one user (or nobody), speaking Rocket.Chat's headers. */
export class RestClient {
	constructor(
		readonly baseUrl: string,
		readonly session?: { userId: string; authToken: string },
	) {}

	static async login(baseUrl: string, username: string, password: string): Promise<RestClient> {
		const { status, body } = await new RestClient(baseUrl).post('/api/v1/login', { user: username, password });
		if (status !== 200) throw new Error(`${username} could not log in: ${JSON.stringify(body)}`);
		return new RestClient(baseUrl, { userId: body.data.userId, authToken: body.data.authToken });
	}

	get userId(): string {
		return this.session?.userId ?? '';
	}

	get(path: string, query: Record<string, string | number> = {}): Promise<Answer> {
		const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)])).toString();
		return this.send('GET', search ? `${path}?${search}` : path);
	}

	post(path: string, body: unknown): Promise<Answer> {
		return this.send('POST', path, JSON.stringify(body), { 'Content-Type': 'application/json' });
	}

	/** Sends a raw body, for bodies a well-behaved client would not send. */
	send(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
		const auth = this.session ? { 'X-User-Id': this.session.userId, 'X-Auth-Token': this.session.authToken } : {};
		return new Promise((resolve, reject) => {
			const outgoing = request(`${this.baseUrl}${path}`, { method, headers: { ...auth, ...headers } }, (response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					try {
						const instance = response.headers['x-workspace-instance'];
						resolve({
							status: response.statusCode ?? 0,
							body: JSON.parse(text) as Record<string, any>,
							...(typeof instance === 'string' && { instance: Number(instance) }),
						});
					} catch {
						reject(new Error(`${method} ${path} answered HTTP ${response.statusCode} with no JSON: ${text.slice(0, 200)}`));
					}
				});
			});
			outgoing.on('error', reject);
			outgoing.end(body);
		});
	}
}

export interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

/** One HTTP request with nothing added, answered as it came (for answers that are not Rocket.Chat's JSON). */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawAnswer> {
	return new Promise((resolve, reject) => {
		const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
		});
		outgoing.on('error', reject);
		outgoing.end(options.body);
	});
}

/** Polls until `check` stops throwing: post events run after the HTTP answer. */
export async function waitFor(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			await check();
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((done) => setTimeout(done, 20));
		}
	}
}

export const ADMIN_PASSWORD = 'admin-password';

/**
 * A workspace as `npm start` prepares it, on a free port: the admin, Room Events installed and the
 * audit room with the audit trail on. Scheduler jobs run only when a test runs them.
 */
export async function startTestWorkspace(options: LocalWorkspaceOptions = {}) {
	const workspace = await LocalWorkspace.start({ port: 0, schedulerIntervalMs: 0, ...options });
	const adminUser = await createAdmin(workspace, { username: 'admin', password: ADMIN_PASSWORD, email: 'admin@example.com', name: 'Admin' });
	const { appId } = await deployApp(workspace, roomEventsZip(), adminUser.id);
	await setUpAudit(workspace, adminUser.id, appId);
	const admin = await RestClient.login(workspace.url, 'admin', ADMIN_PASSWORD);

	/** Creates a user through users.create and signs them in. */
	const userClient = async (username: string, roles: string[] = ['user']): Promise<RestClient> => {
		const created = await admin.post('/api/v1/users.create', {
			username,
			name: username,
			email: `${username}@example.com`,
			password: `${username}-pw`,
			roles,
		});
		if (created.status !== 200) throw new Error(`users.create ${username}: ${JSON.stringify(created.body)}`);
		return RestClient.login(workspace.url, username, `${username}-pw`);
	};

	/**
	 * Runs the scheduler jobs as if ten more minutes had passed since the last run (so the app's
	 * recurring delivery job is due each time): it posts what waits in the app's outbox.
	 */
	let jobClock = Date.now();
	const runJobs = () => {
		jobClock = Math.max(jobClock, Date.now()) + 10 * 60_000;
		return workspace.engine.runDueJobs(new Date(jobClock));
	};

	/**
	 * The audit room's messages, oldest first, as the admin reads them through groups.messages,
	 * once the app is idle and its delivery job has run (the one place audit messages come from).
	 */
	const auditMessages = async (): Promise<string[]> => {
		await workspace.engine.settle();
		await runJobs();
		// A job may keep records (a refused setting's notice) that the next delivery posts.
		await runJobs();
		const { body } = await admin.get('/api/v1/groups.messages', { roomName: AUDIT_ROOM_NAME, count: 0, sort: '{"ts":1}' });
		return (body.messages as Array<{ msg: string }>).map((message) => message.msg);
	};

	/**
	 * Saves settings as Rocket.Chat's admin UI does: it reads every setting and posts all of them
	 * back, each with its new or current value.
	 */
	const saveSettings = async (values: Record<string, unknown>): Promise<Answer> => {
		const { body } = await admin.get(`/api/apps/${appId}/settings`);
		const settings = Object.values(body.settings as Record<string, { id: string; value?: unknown; packageValue: unknown }>).map((setting) => ({
			...setting,
			value: setting.id in values ? values[setting.id] : (setting.value ?? setting.packageValue),
		}));
		return admin.post(`/api/apps/${appId}/settings`, { settings });
	};

	return { workspace, appId, admin, userClient, auditMessages, saveSettings, runJobs, close: () => workspace.close() };
}

export type TestWorkspace = Awaited<ReturnType<typeof startTestWorkspace>>;

/**
 * A workspace on a free port with one fixture app installed by the admin, and two signed-in
 * clients: the admin and bob, a plain user. Scheduler jobs run only when a test runs them.
 */
export async function startAppWorkspace(zip: Buffer, options: LocalWorkspaceOptions = {}) {
	const workspace = await LocalWorkspace.start({ port: 0, schedulerIntervalMs: 0, ...options });
	const adminUser = await createAdmin(workspace, { username: 'admin', password: ADMIN_PASSWORD, email: 'admin@example.com', name: 'Admin' });
	await workspace.engine.install(zip, { installedBy: adminUser.id });
	const admin = await RestClient.login(workspace.url, 'admin', ADMIN_PASSWORD);
	await admin.post('/api/v1/users.create', { username: 'bob', name: 'Bob', email: 'bob@example.com', password: 'bob-pw' });
	const bob = await RestClient.login(workspace.url, 'bob', 'bob-pw');
	return { workspace, admin, bob };
}

/** A multipart/form-data body, as rc-apps and browsers send uploads. */
export function multipartBody(files: Record<string, { filename: string; content: Buffer }>, fields: Record<string, string> = {}) {
	const boundary = `----room-events-test-${Date.now()}`;
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
	}
	for (const [name, { filename, content }] of Object.entries(files)) {
		parts.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/zip\r\n\r\n`),
		);
		parts.push(content, Buffer.from('\r\n'));
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
}
