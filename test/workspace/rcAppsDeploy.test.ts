import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
	}, 90_000);
});
