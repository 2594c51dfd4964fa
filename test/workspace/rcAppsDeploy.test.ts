import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { RestClient } from './workspaceHarness';
import { LocalWorkspace } from '../../workspace/localWorkspace';
import { createAdmin } from '../../workspace/workspaceSetup';

const root = resolve(__dirname, '../..');
const ADMIN = { username: 'deployer', password: 'deploy-password', email: 'deployer@example.com', name: 'Deployer' };

/**
 * A copy of the staged app `npm run package` leaves in build/app (the app's files, package.json and
 * the engine packages rc-apps compiles against), under build/ so that rc-apps finds TypeScript.
 */
function stageApp(): string {
	const staged = join(root, 'build', 'app');
	if (!existsSync(join(staged, 'app.json'))) throw new Error(`${staged} is missing: run "npm run package" first.`);
	const stage = mkdtempSync(join(root, 'build', 'deploy-'));
	cpSync(staged, stage, { recursive: true, filter: (source) => !source.startsWith(join(staged, 'dist')) });
	mkdirSync(join(stage, 'dist'));
	return stage;
}

describe('rc-apps deploy against the local workspace', () => {
	let workspace: LocalWorkspace;
	let stage: string;

	beforeAll(async () => {
		workspace = await LocalWorkspace.start({ port: 0, schedulerIntervalMs: 0 });
		await createAdmin(workspace, ADMIN);
		stage = stageApp();
	}, 30_000);

	afterAll(async () => {
		await workspace?.close();
		if (stage) rmSync(stage, { recursive: true, force: true });
	});

	const deploy = (...flags: string[]) =>
		promisify(execFile)(
			join(root, 'node_modules', '.bin', 'rc-apps'),
			['deploy', '--url', workspace.url, '--username', ADMIN.username, '--password', ADMIN.password, ...flags],
			{ cwd: stage },
		);

	it('installs the app, then updates it with --update, keeping its settings', async () => {
		const manifest = JSON.parse(readFileSync(join(stage, 'app.json'), 'utf8')) as { id: string; version: string; [key: string]: unknown };
		const admin = await RestClient.login(workspace.url, ADMIN.username, ADMIN.password);
		expect((await admin.get(`/api/apps/${manifest.id}`)).status).toBe(404);

		// rc-apps exits non-zero (and execFile rejects) on any failure; its progress goes to stderr.
		expect((await deploy()).stderr).toContain('Uploading App... ✓');
		const { app } = (await admin.get(`/api/apps/${manifest.id}`)).body;
		expect(app).toMatchObject({ id: manifest.id, version: manifest.version, status: expect.stringMatching(/enabled$/) });
		await admin.post(`/api/apps/${manifest.id}/settings/audit_room`, { setting: { id: 'audit_room', value: 'kept-audit' } });

		writeFileSync(join(stage, 'app.json'), JSON.stringify({ ...manifest, version: '99.0.0' }, null, 4));
		expect((await deploy('--update')).stderr).toContain('Uploading App... ✓');
		expect((await admin.get(`/api/apps/${manifest.id}`)).body.app).toMatchObject({ version: '99.0.0', status: expect.stringMatching(/enabled$/) });
		expect((await admin.get(`/api/apps/${manifest.id}/settings/audit_room`)).body.setting.value).toBe('kept-audit');
		await expect(workspace.engine.listApps()).resolves.toHaveLength(1);
	}, 240_000);
});

/** What a command run through execFile printed and how it ended, whether it succeeded or not. */
async function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
	const started = Date.now();
	try {
		const { stdout, stderr } = await promisify(execFile)(file, args, { cwd });
		return { code: 0, stdout, stderr, ms: Date.now() - started };
	} catch (error) {
		const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
		return { code, stdout, stderr, ms: Date.now() - started };
	}
}

/** Every file under dist/ with its modification time: what a packaging run would change. */
/** The zips in dist/ and when each was written, but for essentials zips, which test/engine/essentials.test.ts may build meanwhile. */
function distFiles(): Record<string, number> {
	const dist = join(root, 'dist');
	const names = existsSync(dist) ? readdirSync(dist).filter((name) => !name.endsWith('-essentials.zip')) : [];
	return Object.fromEntries(names.map((name) => [name, statSync(join(dist, name)).mtimeMs]));
}

describe('rc-apps typed at the project root, as Rocket.Chat app developers type it', () => {
	let workspace: LocalWorkspace;
	const rcApps = (...args: string[]) => run(join(root, 'node_modules', '.bin', 'rc-apps'), args, root);
	/** The one line that says what to run instead. */
	const guidance = (stderr: string) => stderr.split('\n').filter((line) => line.includes('npm run package') && line.includes('npm run deploy'));

	beforeAll(async () => {
		// npm install writes the stop (postinstall, checked below); written again here for a node_modules installed before it existed.
		const guard = await run(process.execPath, ['scripts/guard-rc-apps-root.mjs'], root);
		if (guard.code !== 0) throw new Error(`scripts/guard-rc-apps-root.mjs failed: ${guard.stderr}`);
		workspace = await LocalWorkspace.start({ port: 0, schedulerIntervalMs: 0 });
		await createAdmin(workspace, ADMIN);
	}, 30_000);

	afterAll(async () => {
		await workspace?.close();
	});

	it('is stopped by a module npm install writes where only rc-apps at the root looks for the engine', () => {
		expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.postinstall).toContain('node scripts/guard-rc-apps-root.mjs');
		expect(readFileSync(join(root, 'node_modules', '@rocket.chat', 'apps-engine', 'server', 'permissions', 'AppPermissions.js'), 'utf8')).toMatch(
			/^\/\/ room-events: rc-apps at the project root/,
		);
		// The staged app that npm run package hands rc-apps resolves the engine's real module instead.
		expect(require.resolve('@rocket.chat/apps-engine/server/permissions/AppPermissions', { paths: [join(root, 'build', 'app')] })).toBe(
			require.resolve('apps-engine-deno/server/permissions/AppPermissions'),
		);
	});

	it('stops `rc-apps package` before it compiles anything, with one line naming npm run package and npm run deploy', async () => {
		const manifest = readFileSync(join(root, 'app.json'), 'utf8');
		const before = distFiles();

		const result = await rcApps('package');

		expect(result.code).toBe(2);
		expect(guidance(result.stderr)).toEqual([
			expect.stringMatching(/^rc-apps cannot build Room Events at the project root \(.+\): run `npm run package` .+`npm run deploy`/),
		]);
		// It ends its progress line itself, so that it does not read "done".
		expect(result.stdout + result.stderr).toMatch(/packaging your app\.\.\. stopped\n/);
		expect(result.stderr).not.toMatch(/Cannot find module|error TS|at .+\.js:\d+/);
		expect(distFiles()).toEqual(before);
		expect(readFileSync(join(root, 'app.json'), 'utf8')).toBe(manifest);
	}, 60_000);

	it('stops `rc-apps deploy` before it packages or uploads anything, with the same line', async () => {
		const result = await rcApps('deploy', '--url', workspace.url, '--username', ADMIN.username, '--password', ADMIN.password);

		expect(result.code).toBe(2);
		expect(guidance(result.stderr)).toHaveLength(1);
		expect(result.stderr).not.toMatch(/Cannot find module|Uploading App/);
		await expect(workspace.engine.listApps()).resolves.toEqual([]);
	}, 60_000);
});
