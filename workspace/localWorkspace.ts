// The local workspace: the store, the Apps-Engine host, the room service and accounts, behind
// Rocket.Chat's REST API and the web console, on one HTTP port. It may run as a cluster: several
// instances (engine host and room service each) over the one store, serving requests in turn.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Accounts } from './accounts/accounts';
import { EngineCluster } from './engine/engineCluster';
import type { EngineHost } from './engine/engineHost';
import type { RuntimeName } from './engine/engineRuntime';
import { CONSOLE_DIR } from './projectPaths';
import { AppRoomOperations, RoomService } from './rooms/roomService';
import { AppApiGateway } from './server/appApis';
import { ApiRouter, InstanceRouters } from './server/router';
import type { ApiContext } from './server/router';
import { accountRoutes } from './server/routes/accountRoutes';
import { appRoutes } from './server/routes/appRoutes';
import { messageRoutes } from './server/routes/messageRoutes';
import { roomRoutes } from './server/routes/roomRoutes';
import { createWorkspaceServer } from './server/workspaceServer';
import { WorkspaceStore } from './store/workspaceStore';

export interface LocalWorkspaceOptions {
	/** The workspace's data; a new, empty store by default. */
	store?: WorkspaceStore;
	/** 3000 by default; 0 picks a free port. */
	port?: number;
	/** The address to listen on: the loopback interface by default. */
	host?: string;
	/** The web console's files, served at `/` (workspace/console by default). */
	consoleDir?: string;
	/** How often due scheduler jobs run, on a real timer; 0 leaves running them to the caller. */
	schedulerIntervalMs?: number;
	/** The Apps-Engine runtime: 'deno' (default, as Rocket.Chat 6.10 and later) or 'vm2' (6.3–6.9). */
	runtime?: RuntimeName;
	/** How many Rocket.Chat instances run over the one store (1 by default; see engineCluster.ts). */
	instances?: number;
}

export class LocalWorkspace {
	/** Instance 0's engine host: where the workspace's own set-up (installing the app, its settings) happens. */
	readonly engine: EngineHost;

	/** Instance 0's room service. */
	readonly rooms: RoomService;

	private constructor(
		readonly store: WorkspaceStore,
		/** Every instance's engine host, and the cluster's scheduler, broadcasts and faults. */
		readonly cluster: EngineCluster,
		/** Each instance's room service, by instance. */
		readonly instanceRooms: readonly RoomService[],
		readonly accounts: Accounts,
		private readonly server: Server,
		/** Where the workspace answers, such as http://localhost:3000. */
		readonly url: string,
	) {
		this.engine = cluster.instance(0);
		[this.rooms] = instanceRooms;
	}

	/** Starts the engines (bringing back the apps the store holds) and the HTTP server. */
	static async start(options: LocalWorkspaceOptions = {}): Promise<LocalWorkspace> {
		const store = options.store ?? new WorkspaceStore();
		// The engine reaches the room service through its bridges and the room service fires events
		// through the engine: the bridges look their instance's service up when an app first needs it.
		const cluster: EngineCluster = new EngineCluster(store, {
			instances: options.instances ?? 1,
			runtime: options.runtime,
			roomOperations: (instanceIndex) => new AppRoomOperations(() => rooms[instanceIndex]),
		});
		const rooms: RoomService[] = cluster.instances.map((engine) => new RoomService(store, engine));
		const accounts = new Accounts(store);
		await cluster.start();
		const routers = cluster.instances.map((engine, instanceIndex) => {
			const context: ApiContext = { store, engine, rooms: rooms[instanceIndex], accounts, cluster };
			const routes = [...accountRoutes(context), ...roomRoutes(context), ...messageRoutes(context), ...appRoutes(context)];
			return new ApiRouter(routes, store, accounts, new AppApiGateway(engine, accounts));
		});
		const server = createWorkspaceServer(new InstanceRouters(routers), options.consoleDir ?? CONSOLE_DIR);
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve());
			});
		} catch (error) {
			await cluster.stop();
			throw error;
		}
		const { port } = server.address() as AddressInfo;
		const schedulerIntervalMs = options.schedulerIntervalMs ?? 1000;
		if (schedulerIntervalMs > 0) cluster.startScheduler(schedulerIntervalMs);
		return new LocalWorkspace(store, cluster, rooms, accounts, server, `http://localhost:${port}`);
	}

	/** Stops taking requests, then stops the engines (waiting for a job run in progress). */
	async close(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			// Keep-alive connections would hold close() open. (@types/node is pinned to 16 for rc-apps; Node 20 has this.)
			(this.server as Server & { closeAllConnections(): void }).closeAllConnections();
		});
		await this.cluster.stop();
	}
}
