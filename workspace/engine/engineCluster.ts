// Several Rocket.Chat instances over one database, in one process: every instance runs every app
// (facts §5a), each on an engine host of its own (its own copy of the engine's modules), all over
// one workspace store. What one instance changes about an app reaches the others as Rocket.Chat
// broadcasts it (clusterBroadcasts.ts); the scheduler runs each due job on one instance
// (jobScheduler.ts); faults injected for tests apply on every instance.
import { BridgeFaults } from './bridges/bridgeContext';
import type { RoomOperations } from './bridges/bridgeContext';
import { ClusterBroadcasts } from './clusterBroadcasts';
import type { BroadcastDelivery, BroadcastEvent } from './clusterBroadcasts';
import { EngineHost } from './engineHost';
import type { EngineHostOptions } from './engineHost';
import { JobScheduler } from './jobScheduler';
import type { JobRun } from './jobScheduler';
import type { WorkspaceStore } from '../store/workspaceStore';

/** More instances than this in one process is a mistake (each Deno instance runs a subprocess per app). */
export const MAX_INSTANCES = 8;

/** The number of instances, from a command line or an option: a whole number from 1 to MAX_INSTANCES. */
export function parseInstanceCount(value: string | number): number {
	const count = typeof value === 'number' ? value : Number(value.trim() === '' ? Number.NaN : value);
	if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES) {
		throw new Error(`Not a number of instances: "${value}" (use a whole number from 1 to ${MAX_INSTANCES}).`);
	}
	return count;
}

export interface EngineClusterOptions extends Omit<EngineHostOptions, 'instanceIndex' | 'faults' | 'notifier' | 'roomOperations'> {
	/** How many instances (1 to MAX_INSTANCES). */
	instances: number;
	/** How an app's room changes reach the workspace on each instance (default: straight into the store). */
	roomOperations?: (instanceIndex: number) => RoomOperations;
}

export class EngineCluster {
	/** The instances, by index; requests, events and replays address them by that index. */
	readonly instances: readonly EngineHost[];

	/** Faults injected into bridge methods, on whichever instance the call reaches, and the calls apps made. */
	readonly faults = new BridgeFaults();

	/** One scheduler for the cluster: each due job on one instance that has its processor, the instances taking turns. */
	readonly scheduler: JobScheduler;

	private readonly broadcasts = new ClusterBroadcasts();

	constructor(
		readonly store: WorkspaceStore,
		options: EngineClusterOptions,
	) {
		const { instances: count, roomOperations, ...hostOptions } = options;
		this.instances = Array.from({ length: parseInstanceCount(count) }, (_unused, instanceIndex) => {
			const host = new EngineHost(store, {
				...hostOptions,
				instanceIndex,
				faults: this.faults,
				notifier: this.broadcasts.notifierFor(instanceIndex),
				roomOperations: roomOperations?.(instanceIndex),
			});
			this.broadcasts.join(host);
			return host;
		});
		this.scheduler = new JobScheduler(store, options.clock ?? (() => new Date()), () => this.instances);
	}

	get size(): number {
		return this.instances.length;
	}

	instance(instanceIndex: number): EngineHost {
		const host = this.instances[instanceIndex];
		if (!host) throw new Error(`No instance ${instanceIndex}: the cluster has instances 0 to ${this.instances.length - 1}.`);
		return host;
	}

	/** Starts the instances one after the other; each brings back the apps the store holds, as a server does at start. */
	async start(): Promise<void> {
		for (const host of this.instances) await host.start();
	}

	/** Stops the scheduler (waiting for a job run), then every instance. */
	async stop(): Promise<void> {
		await this.scheduler.stop();
		await this.broadcasts.delivered();
		await Promise.all(this.instances.map((host) => host.stop()));
	}

	/** Runs the jobs due at `now`, each on one instance (see jobScheduler.ts). */
	runDueJobs(now?: Date): Promise<JobRun[]> {
		return this.scheduler.runDueJobs(now);
	}

	/** Runs due jobs every `intervalMs` on a real timer, for the workspace server; stop() clears it. */
	startScheduler(intervalMs = 1000): void {
		this.scheduler.start(intervalMs);
	}

	/** Waits until every instance has replayed what the others announced (hosts already wait after their own changes). */
	settle(): Promise<void> {
		return Promise.all(this.instances.map((host) => host.settle().catch(() => undefined))).then(() => this.broadcasts.delivered());
	}

	/**
	 * The next broadcast instance `instanceIndex` would receive (of `event` only, if given, e.g.
	 * 'apps.settingUpdated') never reaches it: that instance keeps what it had, as one that missed the
	 * message. Test helper; with more than two instances another instance's echo may still bring it.
	 */
	missNextBroadcast(instanceIndex: number, event?: BroadcastEvent): void {
		this.instance(instanceIndex);
		this.broadcasts.missNextBroadcast(instanceIndex, event);
	}

	/** What the instances received lately, oldest first: who sent what to whom, and what came of it. */
	recentBroadcasts(): BroadcastDelivery[] {
		return this.broadcasts.recentDeliveries();
	}
}
