// What every collection of the store works on: the one state object, the clock, and the change listeners.
import type { WorkspaceState } from '../records';

/** What a collection mixin extends: a StoreBase with the collections added so far (mixins take `...args: any[]`, as TypeScript asks). */
export type StoreConstructor<T extends StoreBase = StoreBase> = new (...args: any[]) => T;

export class StoreBase {
	protected state: WorkspaceState;

	private readonly changeListeners = new Set<() => void>();

	constructor(protected readonly now: () => Date = () => new Date()) {
		this.state = {
			users: [],
			rooms: [],
			teams: [],
			memberships: [],
			messages: [],
			notifications: [],
			persistence: [],
			jobs: [],
			apps: [],
			appPackages: {},
			serverSettings: {},
		};
	}

	/** Calls `listener` after every change (to save the workspace); answers the function that stops the calls. */
	onChange(listener: () => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	protected changed(): void {
		this.changeListeners.forEach((listener) => listener());
	}
}
