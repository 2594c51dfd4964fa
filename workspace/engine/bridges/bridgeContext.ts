// What every bridge works on: the workspace store, the clock, and the seam through which an
// app's room changes reach the workspace. Semantics follow Rocket.Chat's own bridges
// (apps/meteor/app/apps/server/bridges) where an app could tell the difference; what the local
// workspace does not offer fails with a clear error.
import type { RocketChatAssociationRecord } from 'apps-engine-deno/definition/metadata';

import type { AssociationRecord, NewRoom, WorkspaceStore } from '../../store/workspaceStore';
import type { AppNotifier } from '../clusterBroadcasts';

/**
 * How an app's room changes reach the workspace. Rocket.Chat runs its normal paths here
 * (room creation and addUserToRoom, room events included); the default writes the store directly,
 * and the workspace's room service can take over to fire the events.
 */
export interface RoomOperations {
	/** Creates the room with its creator and these members; answers the new room's id. */
	createRoom(room: NewRoom, memberIds: string[]): Promise<string>;
	/** Adds a member to an existing room (no inviter: Rocket.Chat's bridge passes none). */
	addMember(roomId: string, userId: string): Promise<void>;
}

export class StoreRoomOperations implements RoomOperations {
	constructor(private readonly store: WorkspaceStore) {}

	async createRoom(room: NewRoom, memberIds: string[]): Promise<string> {
		if (room.type === 'd') {
			const existing = this.store.findDirectRoom([room.creatorId, ...memberIds]);
			if (existing) return existing.id;
		}
		const created = this.store.createRoom(room);
		this.store.addMember(created.id, room.creatorId, room.type === 'd' ? [] : ['owner']);
		for (const memberId of memberIds) this.store.addMember(created.id, memberId);
		return created.id;
	}

	async addMember(roomId: string, userId: string): Promise<void> {
		this.store.addMember(roomId, userId);
	}
}

export interface BridgeContext {
	store: WorkspaceStore;
	clock: () => Date;
	roomOperations: RoomOperations;
	/** The environment variables an app may read (only NODE_ENV, ROOT_URL and INSTANCE_IP, as in Rocket.Chat). */
	environment: Record<string, string>;
	/** Faults tests inject into bridge methods, and the calls apps made (shared by a cluster's hosts). */
	faults: BridgeFaults;
	/** Tells the cluster's other instances what changed here (app removed, status, settings). */
	notifier: AppNotifier;
}

export function unsupportedError(feature: string, operation: string): Error {
	return new Error(`${feature} is not supported by the local workspace (${operation}).`);
}

/**
 * A bridge for a feature the local workspace does not offer: the engine's own methods (permission
 * checks included) run as usual, and every call that reaches the host fails with a clear error.
 */
export function unsupportedBridge<T extends object>(base: { prototype: T }, feature: string): T {
	return new Proxy(Object.create(base.prototype) as T, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver);
			if (value !== undefined || typeof property === 'symbol') return value;
			return () => {
				throw unsupportedError(feature, String(property));
			};
		},
	});
}

export function requireUser(store: WorkspaceStore, userId: string) {
	const user = store.getUser(userId);
	if (!user) throw new Error(`No user with id "${userId}".`);
	return user;
}

export function userIdsByUsernames(store: WorkspaceStore, usernames: string[]): string[] {
	return usernames.map((username) => store.getUserByUsername(username)?.id).filter((id): id is string => id !== undefined);
}

/** Records from app code are RocketChatAssociationRecord instances, possibly proxied out of the sandbox. */
function toAssociation(record: RocketChatAssociationRecord): AssociationRecord {
	const raw = record as unknown as { model: string; id: string };
	return { model: record.getModel ? record.getModel() : raw.model, id: record.getID ? record.getID() : raw.id };
}

/**
 * An app's association records as a host array of host objects. In the vm2 runtime the app's
 * array belongs to its sandbox, and so would the array its own map() made: every method the
 * store then ran on it (once per stored record) would cross vm2's bridge.
 */
export function toAssociations(records: readonly RocketChatAssociationRecord[]): AssociationRecord[] {
	const associations: AssociationRecord[] = [];
	for (let i = 0; i < records.length; i++) associations.push(toAssociation(records[i]));
	return associations;
}

export function requireObject(data: unknown): object {
	if (typeof data !== 'object' || data === null) throw new Error('Attempted to store an invalid data type, it must be an object.');
	return data;
}

/** One bridge method an app's calls reached, with how often. */
export interface BridgeCall {
	/** The bridge, as the workspace names it: 'persistence', 'message', 'room'... */
	bridge: string;
	/** The host-side method, e.g. 'createWithAssociations' (the engine's entry point is doCreateWithAssociations). */
	method: string;
	/** The calling app (the engine passes it last); undefined for calls without one. */
	appId?: string;
	count: number;
}

interface PendingFault {
	bridge: string;
	method: string;
	remaining: number;
	times: number;
	message?: string;
}

/** The error an injected fault raises: it names the bridge method, so a test's logs say what failed. */
export class InjectedBridgeFault extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InjectedBridgeFault';
	}
}

/**
 * Fault injection and call recording for tests, in front of every bridge method the engine calls
 * (withFaults below): one check per call, shared by every host of a cluster. The engine's public
 * `do*` method checks the app's permission and then calls the host-side method of the same name
 * (doCreateWithAssociations → createWithAssociations): that call is what is recorded and what an
 * injected fault fails, as a failure of the server (a database error) would.
 */
export class BridgeFaults {
	private readonly methods = new Map<string, Set<string>>();

	private faults: PendingFault[] = [];

	private readonly calls = new Map<string, BridgeCall>();

	/**
	 * Makes the next `times` calls of one bridge method fail, on whichever host they reach, with an
	 * InjectedBridgeFault (`message`, or one naming the method). `method` is the host-side name
	 * ('createWithAssociations') or the engine's entry point ('doCreateWithAssociations').
	 */
	failNext(bridge: string, method: string, times = 1, message?: string): void {
		const known = this.methods.get(bridge);
		if (!known) throw new Error(`No bridge "${bridge}": the bridges are ${[...this.methods.keys()].join(', ') || 'made when a host starts'}.`);
		const name = hostMethodName(method);
		if (!known.has(name)) throw new Error(`The ${bridge} bridge has no method "${method}": it has ${[...known].join(', ')}.`);
		if (!(Number.isInteger(times) && times > 0)) throw new Error(`Fail how many calls? ${times} is not a positive whole number.`);
		this.faults.push({ bridge, method: name, remaining: times, times, message });
	}

	/** Faults injected and not yet raised. */
	pendingFaults(): Array<{ bridge: string; method: string; remaining: number }> {
		return this.faults.map(({ bridge, method, remaining }) => ({ bridge, method, remaining }));
	}

	clearFaults(): void {
		this.faults = [];
	}

	/** The bridge methods called since the last resetCalls(), in the order of their first call; of one app if given. */
	calledMethods(appId?: string): BridgeCall[] {
		return [...this.calls.values()].filter((call) => appId === undefined || call.appId === appId).map((call) => ({ ...call }));
	}

	resetCalls(): void {
		this.calls.clear();
	}

	/** Tells which bridge methods a bridge has (each host does, for its bridges, when it starts). */
	registerBridge(bridge: string, methods: Iterable<string>): void {
		const known = this.methods.get(bridge) ?? new Set<string>();
		for (const method of methods) known.add(method);
		this.methods.set(bridge, known);
	}

	/** Records a call and raises the next fault injected for it, if any. */
	check(bridge: string, method: string, args: readonly unknown[]): void {
		const last = args[args.length - 1];
		const appId = typeof last === 'string' ? last : undefined;
		const key = `${bridge}.${method}.${appId ?? ''}`;
		const call = this.calls.get(key) ?? { bridge, method, ...(appId !== undefined && { appId }), count: 0 };
		call.count += 1;
		this.calls.set(key, call);
		const fault = this.faults.find((candidate) => candidate.bridge === bridge && candidate.method === method);
		if (!fault) return;
		fault.remaining -= 1;
		if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
		const ordinal = fault.times - fault.remaining;
		throw new InjectedBridgeFault(fault.message ?? `Injected fault: the ${bridge} bridge's ${method} failed (${ordinal} of ${fault.times} injected).`);
	}
}

/** doCreateWithAssociations → createWithAssociations; a host-side name stays as it is. */
function hostMethodName(method: string): string {
	return /^do[A-Z]/.test(method) ? method.charAt(2).toLowerCase() + method.slice(3) : method;
}

/** The host-side methods of a bridge: those the engine's `do*` methods of its classes call. */
function hostMethodsOf(bridge: object): Set<string> {
	const methods = new Set<string>();
	for (let prototype = Object.getPrototypeOf(bridge); prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) {
		for (const name of Object.getOwnPropertyNames(prototype)) if (/^do[A-Z]/.test(name)) methods.add(hostMethodName(name));
	}
	return methods;
}

/**
 * The bridge as the engine gets it: every call of a host-side method goes through faults.check()
 * first. Other members (the `do*` entry points, the host's own helpers) pass through untouched.
 */
export function withFaults<T extends object>(bridgeName: string, bridge: T, faults: BridgeFaults): T {
	const methods = hostMethodsOf(bridge);
	faults.registerBridge(bridgeName, methods);
	return new Proxy(bridge, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver) as unknown;
			if (typeof property !== 'string' || typeof value !== 'function' || !methods.has(property)) return value;
			return function checkedBridgeMethod(this: unknown, ...args: unknown[]) {
				faults.check(bridgeName, property, args);
				return Reflect.apply(value as (...params: unknown[]) => unknown, this, args);
			};
		},
	});
}
