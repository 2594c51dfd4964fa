// `npm start`: runs the local workspace with the packaged Room Events app.
//   --port N    the HTTP port (else PORT, else 3000)
//   --host ADDR the address to listen on (else HOST, else 127.0.0.1)
//   --data DIR  keep the workspace in DIR (else it lives in memory and goes with the process)
//   --runtime R the Apps-Engine runtime: deno (default, Rocket.Chat 6.10+) or vm2 (6.3–6.9)
//   --instances N run N Rocket.Chat instances over the one store, serving requests in turn (default 1)
// APPS_ENGINE_RUNTIME_TIMEOUT (ms) limits each call into an app, as on a server (Deno runtime).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { MAX_INSTANCES, parseInstanceCount } from './engine/engineCluster';
import type { RuntimeName } from './engine/engineRuntime';
import { RUNTIME_INFO, parseRuntimeName } from './engine/engineRuntime';
import { LocalWorkspace } from './localWorkspace';
import { packagedAppPath } from './projectPaths';
import { SnapshotFile } from './store/snapshotFile';
import { WorkspaceStore } from './store/workspaceStore';
import { adminFromEnvironment, AUDIT_ROOM_NAME, createAdmin, deployApp, setUpAudit } from './workspaceSetup';

interface StartOptions {
	port: number;
	host: string;
	dataDir?: string;
	runtime: RuntimeName;
	instances: number;
}

const USAGE = `Usage: npm start -- [--port N] [--host ADDRESS] [--data DIR] [--runtime deno|vm2] [--instances 1-${MAX_INSTANCES}]`;

function parseArguments(args: string[], environment: NodeJS.ProcessEnv): StartOptions {
	const values = new Map<string, string>();
	for (let index = 0; index < args.length; index += 1) {
		const equals = args[index].indexOf('=');
		const flag = equals === -1 ? args[index] : args[index].slice(0, equals);
		const inline = equals === -1 ? undefined : args[index].slice(equals + 1);
		if (!['--port', '--host', '--data', '--runtime', '--instances'].includes(flag)) throw new Error(`Unknown option "${args[index]}". ${USAGE}`);
		const value = inline ?? args[(index += 1)];
		if (value === undefined) throw new Error(`${flag} needs a value. ${USAGE}`);
		values.set(flag, value);
	}
	const portText = values.get('--port') ?? environment.PORT ?? '3000';
	const port = Number(portText);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Not a port number: "${portText}". ${USAGE}`);
	const dataDir = values.get('--data');
	const runtime = parseRuntimeName(values.get('--runtime') ?? 'deno');
	const instances = parseInstanceCount(values.get('--instances') ?? '1');
	return { port, host: values.get('--host') ?? environment.HOST ?? '127.0.0.1', dataDir: dataDir && resolve(dataDir), runtime, instances };
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2), process.env);
	const zipPath = packagedAppPath();
	if (!existsSync(zipPath)) throw new Error(`${zipPath} is missing: run "npm run package" first (npm start does).`);

	const snapshot = options.dataDir === undefined ? undefined : new SnapshotFile(options.dataDir);
	const store = snapshot?.read() ?? new WorkspaceStore();
	const firstRun = store.listUsers().length === 0;
	const workspace = await LocalWorkspace.start({ store, port: options.port, host: options.host, runtime: options.runtime, instances: options.instances });
	snapshot?.keep(store);

	const admin = adminFromEnvironment();
	const adminUser = firstRun ? await createAdmin(workspace, admin) : store.listUsers().find((user) => user.roles.includes('admin'));
	if (!adminUser) throw new Error('The workspace has no admin to install the app as.');
	const app = await deployApp(workspace, readFileSync(zipPath), adminUser.id);
	if (firstRun) await setUpAudit(workspace, adminUser.id, app.appId);

	const lines = [
		`Room Events local workspace: ${workspace.url}`,
		`  Apps-Engine ${workspace.engine.engineVersion}, ${options.runtime} runtime (${RUNTIME_INFO[options.runtime].servers})`,
		options.instances > 1
			? `  Instances: ${options.instances}, over one store, serving requests in turn (a Rocket.Chat cluster)`
			: '  Instances: 1 (--instances N for a cluster)',
		`  ${app.name} ${app.version}: ${app.action === 'kept' ? 'installed already' : app.action}`,
		firstRun
			? `  Admin: ${admin.username} / ${admin.password}${process.env.ADMIN_PASS ? ' (from ADMIN_PASS)' : ''}`
			: `  Admin: ${adminUser.username} (password as set when the workspace was created)`,
		firstRun ? `  Audit trail: on, in the private group #${AUDIT_ROOM_NAME}` : undefined,
		`  Data: ${snapshot ? snapshot.path : 'in memory (use --data DIR to keep it)'}`,
	];
	console.log(lines.filter((line) => line !== undefined).join('\n'));

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: stopping the workspace.`);
		workspace
			.close()
			.then(() => snapshot?.close())
			.then(
				() => process.exit(0),
				(error: unknown) => {
					console.error('The workspace did not stop cleanly:', error);
					process.exit(1);
				},
			);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

// The engine starts post events without awaiting them: an app's failure there surfaces as an
// unhandled rejection, which must not take the workspace down.
process.on('unhandledRejection', (reason) => console.error('An app event failed (the workspace keeps running):', reason));

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
