import AdmZip from 'adm-zip';

import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { LocalWorkspace } from '../../workspace/localWorkspace';
import { AUDIT_ROOM_NAME, adminFromEnvironment, createAdmin, deployApp, setUpAudit } from '../../workspace/workspaceSetup';
import { roomEventsZip, runningDenoChildren } from '../engine/packagedApp';

/** The package's files zipped again, with one file changed if asked: a rebuild has new dates inside. */
function rezipped(zip: Buffer, change: Record<string, string> = {}): Buffer {
	const copy = new AdmZip();
	for (const entry of new AdmZip(zip).getEntries()) {
		copy.addFile(entry.entryName, entry.entryName in change ? Buffer.from(change[entry.entryName]) : entry.getData());
	}
	return copy.toBuffer();
}

describe.each(RUNTIME_NAMES)('stopping the workspace in the %s runtime', (runtime) => {
	it('while an app is being installed leaves the process in its working directory, with no app process left', async () => {
		const workspace = await LocalWorkspace.start({ port: 0, schedulerIntervalMs: 0, runtime });
		const admin = await createAdmin(workspace, adminFromEnvironment({}));
		const cwd = process.cwd();

		const installing = deployApp(workspace, roomEventsZip(), admin.id).catch((error: unknown) => error);
		await new Promise((resolve) => setImmediate(resolve));
		await workspace.close();

		expect(process.cwd()).toBe(cwd);
		await installing;
		expect(process.cwd()).toBe(cwd);
		expect(runningDenoChildren()).toEqual([]);
	});
});

describe('what npm start prepares', () => {
	let workspace: LocalWorkspace;

	beforeAll(async () => {
		workspace = await LocalWorkspace.start({ port: 0, schedulerIntervalMs: 0 });
	});

	afterAll(async () => {
		await workspace?.close();
	});

	it('takes the admin from ADMIN_USERNAME, ADMIN_PASS, ADMIN_EMAIL and ADMIN_NAME, or makes one up', () => {
		expect(adminFromEnvironment({ ADMIN_USERNAME: 'root', ADMIN_PASS: 'pw', ADMIN_EMAIL: 'root@example.com', ADMIN_NAME: 'Root' })).toEqual({
			username: 'root',
			password: 'pw',
			email: 'root@example.com',
			name: 'Root',
		});
		const madeUp = adminFromEnvironment({});
		expect(madeUp).toMatchObject({ username: 'admin', email: 'admin@localhost.localdomain' });
		expect(madeUp.password).toMatch(/^[\w-]{16}$/);
		expect(adminFromEnvironment({}).password).not.toBe(madeUp.password);
	});

	it('installs the package once, keeps it while it is the same, and updates it when its files or version change', async () => {
		const admin = await createAdmin(workspace, adminFromEnvironment({}));
		const zip = roomEventsZip();
		const installed = await deployApp(workspace, zip, admin.id);
		expect(installed).toMatchObject({ name: 'Room Events', action: 'installed' });
		const room = await setUpAudit(workspace, admin.id, installed.appId);
		expect(room).toMatchObject({ name: AUDIT_ROOM_NAME, type: 'p' });
		expect(workspace.engine.getAppSettings(installed.appId).audit_enabled.value).toBe(true);

		expect((await deployApp(workspace, rezipped(zip), admin.id)).action).toBe('kept');
		const en = JSON.parse(new AdmZip(zip).readAsText('i18n/en.json')) as Record<string, string>;
		const changed = rezipped(zip, { 'i18n/en.json': JSON.stringify({ ...en, audit_room: 'Audit room (renamed)' }) });
		expect((await deployApp(workspace, changed, admin.id)).action).toBe('updated');
		expect(workspace.store.getInstalledApp(installed.appId)?.languageContent.en).toMatchObject({ audit_room: 'Audit room (renamed)' });
		const manifest = JSON.parse(new AdmZip(zip).readAsText('app.json')) as Record<string, unknown>;
		expect(await deployApp(workspace, rezipped(zip, { 'app.json': JSON.stringify({ ...manifest, version: '99.0.0' }) }), admin.id)).toMatchObject({
			version: '99.0.0',
			action: 'updated',
		});
		// Updates keep the app's settings.
		expect(workspace.engine.getAppSettings(installed.appId).audit_enabled.value).toBe(true);
	}, 30_000);
});
