import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { RestClient, waitFor } from './workspaceHarness';

const root = resolve(__dirname, '../..');
const MAIN = join(root, 'build', 'workspace', 'workspace', 'main.js');
const ADMIN_PASS = 'start-test-password';
const { version: APP_VERSION } = JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as { version: string };

interface Started {
	child: ChildProcess;
	url: string;
	output: string;
}

/** Runs the compiled entry point as `npm start` does, until it prints its address. */
function startWorkspace(args: string[]): Promise<Started> {
	// The spawned engine must check permissions as a server does (jest's NODE_ENV=test turns that off).
	const child = spawn(process.execPath, [MAIN, '--port', '0', ...args], {
		cwd: root,
		env: { ...process.env, NODE_ENV: 'development', ADMIN_PASS, PORT: '' },
	});
	return new Promise((resolvePromise, reject) => {
		let output = '';
		const timer = setTimeout(() => reject(new Error(`The workspace did not start:\n${output}`)), 20_000);
		const collect = (chunk: Buffer) => {
			output += chunk.toString();
			const url = /local workspace: (http:\S+)/.exec(output)?.[1];
			if (url && /Data: /.test(output)) {
				clearTimeout(timer);
				resolvePromise({ child, url, output });
			}
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`The workspace exited (${code}):\n${output}`));
		});
	});
}

function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
	return new Promise((resolvePromise) => {
		child.once('exit', (code) => resolvePromise(code));
		child.kill(signal);
	});
}

describe('npm start (the compiled entry point)', () => {
	let dataDir: string;
	const running: ChildProcess[] = [];

	beforeAll(async () => {
		await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.workspace.json'], { cwd: root });
		dataDir = mkdtempSync(join(tmpdir(), 'room-events-data-'));
	}, 60_000);

	afterAll(() => {
		running.filter((child) => child.exitCode === null).forEach((child) => child.kill('SIGKILL'));
		rmSync(dataDir, { recursive: true, force: true });
	});

	async function start(args: string[]): Promise<Started> {
		const started = await startWorkspace(args);
		running.push(started.child);
		return started;
	}

	it('refuses unknown options with its usage, and an unknown runtime by name', async () => {
		await expect(startWorkspace(['--colour', 'blue'])).rejects.toThrow(/Unknown option "--colour"\. Usage: npm start -- \[--port N\]/);
		await expect(startWorkspace(['--runtime', 'node'])).rejects.toThrow('Unknown runtime "node": use deno or vm2.');
		await expect(startWorkspace(['--instances', 'two'])).rejects.toThrow('Not a number of instances: "two" (use a whole number from 1 to 8).');
		await expect(startWorkspace(['--instances', '0'])).rejects.toThrow('Not a number of instances: "0"');
	});

	it('runs the Deno runtime by default and the vm2 runtime with --runtime vm2, and says which', async () => {
		const deno = await start([]);
		expect(deno.output).toContain('Apps-Engine 1.62.0, deno runtime (Rocket.Chat 6.10 and later');
		expect(deno.output).toContain('Instances: 1 (--instances N for a cluster)');
		expect((await new RestClient(deno.url).get('/api/info')).body.appsEngine).toEqual({ runtime: 'deno', version: '1.62.0', instances: 1 });
		expect(await stopped(deno.child, 'SIGTERM')).toBe(0);

		const vm2 = await start(['--runtime', 'vm2']);
		expect(vm2.output).toContain('Apps-Engine 1.42.1, vm2 runtime (Rocket.Chat 6.3–6.9');
		expect((await new RestClient(vm2.url).get('/api/info')).body.appsEngine).toEqual({ runtime: 'vm2', version: '1.42.1', instances: 1 });
		expect(await stopped(vm2.child, 'SIGTERM')).toBe(0);
	}, 60_000);

	it('runs a cluster with --instances 2: the instances serve requests in turn, and the app runs on both', async () => {
		const cluster = await start(['--instances', '2']);
		expect(cluster.output).toContain('Instances: 2, over one store, serving requests in turn');
		const client = new RestClient(cluster.url);
		const answers = [await client.get('/api/info'), await client.get('/api/info')];
		expect(answers.map((answer) => answer.body.appsEngine)).toEqual([
			{ runtime: 'deno', version: '1.62.0', instances: 2 },
			{ runtime: 'deno', version: '1.62.0', instances: 2 },
		]);
		expect(answers.map((answer) => answer.instance).sort()).toEqual([0, 1]);
		// The app installed on the first instance was loaded by the second: a room made through either is audited.
		const admin = await RestClient.login(cluster.url, 'admin', ADMIN_PASS);
		for (const name of ['via-one', 'via-other']) expect((await admin.post('/api/v1/channels.create', { name })).status).toBe(200);
		const auditedRooms = async () => {
			const { body } = await admin.get('/api/v1/groups.messages', { roomName: 'room-events-audit', count: 0 });
			return (body.messages as Array<{ msg: string }>).map((message) => /^\*Room created\* · #(\S+)/.exec(message.msg)?.[1]).filter(Boolean);
		};
		await waitFor(async () => expect(await auditedRooms()).toEqual(expect.arrayContaining(['via-one', 'via-other'])));
		expect(await stopped(cluster.child, 'SIGTERM')).toBe(0);
	}, 60_000);

	it('installs the app, sets up the audit room and keeps everything in --data across restarts, killed or stopped', async () => {
		const first = await start(['--data', dataDir]);
		expect(first.output).toContain(`Room Events ${APP_VERSION}: installed`);
		expect(first.output).toContain(`Admin: admin / ${ADMIN_PASS} (from ADMIN_PASS)`);
		expect(first.output).toContain('Audit trail: on, in the private group #room-events-audit');
		let admin = await RestClient.login(first.url, 'admin', ADMIN_PASS);
		const { body: apps } = await admin.get('/api/apps');
		const appId: string = apps.apps[0].id;
		expect((await admin.get(`/api/apps/${appId}/settings/audit_enabled`)).body.setting.value).toBe(true);
		await admin.post('/api/v1/users.create', { username: 'alice', name: 'Alice', email: 'alice@example.com', password: 'alice-pw' });
		const alice = await RestClient.login(first.url, 'alice', 'alice-pw');
		const room = (await alice.post('/api/v1/channels.create', { name: 'kept' })).body.channel;
		await alice.post('/api/v1/chat.postMessage', { roomId: room._id, text: 'still here' });
		await admin.post(`/api/apps/${appId}/settings/creation_blocked_names`, { setting: { id: 'creation_blocked_names', value: 'secret-*' } });
		// The room's creation is audited (the post event runs after the answer, the delivery job within
		// seconds); what is stored reaches the disk shortly after, even if the process is then killed.
		await waitFor(async () => {
			const { body } = await admin.get('/api/v1/groups.messages', { roomName: 'room-events-audit', count: 0 });
			expect(body.messages.map((message: { msg: string }) => message.msg)).toEqual(
				expect.arrayContaining([expect.stringMatching(/^\*Room created\* · #kept /)]),
			);
		}, 25_000);
		await new Promise((done) => setTimeout(done, 600));
		await stopped(first.child, 'SIGKILL');

		const second = await start(['--data', dataDir]);
		expect(second.output).toContain(`Room Events ${APP_VERSION}: installed already`);
		expect(second.output).toContain('Admin: admin (password as set when the workspace was created)');
		expect(second.output).not.toContain('Audit trail');
		admin = await RestClient.login(second.url, 'admin', ADMIN_PASS);
		const aliceAgain = new RestClient(second.url, alice.session);
		expect((await aliceAgain.get('/api/v1/channels.messages', { roomId: room._id })).body.messages[0].msg).toBe('still here');
		expect((await admin.get(`/api/apps/${appId}/settings/creation_blocked_names`)).body.setting.value).toBe('secret-*');
		expect((await aliceAgain.post('/api/v1/channels.create', { name: 'secret-x' })).body.errorType).toBe('error-app-prevented');
		await aliceAgain.post('/api/v1/channels.create', { name: 'made-before-stop' });
		// A stop writes at once what is pending.
		expect(await stopped(second.child, 'SIGTERM')).toBe(0);

		const third = await start(['--data', dataDir]);
		const aliceThird = new RestClient(third.url, alice.session);
		expect((await aliceThird.get('/api/v1/channels.info', { roomName: 'made-before-stop' })).status).toBe(200);
		// The records kept before the kill and the stop wait in the outbox; the delivery job posts them.
		const thirdAdmin = await RestClient.login(third.url, 'admin', ADMIN_PASS);
		await waitFor(async () => {
			const audit = await thirdAdmin.get('/api/v1/groups.messages', { roomName: 'room-events-audit', count: 0 });
			expect(audit.body.messages.map((message: { msg: string }) => message.msg.split('\n')[0])).toEqual(
				expect.arrayContaining([expect.stringMatching(/^\*Room created\* · #kept /), expect.stringMatching(/^\*Room created\* · #made-before-stop /)]),
			);
		}, 25_000);
		expect(await stopped(third.child, 'SIGTERM')).toBe(0);
	}, 90_000);
});
