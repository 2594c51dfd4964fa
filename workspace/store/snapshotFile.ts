// Keeps the workspace on disk: one JSON snapshot, written atomically (a temporary file renamed over
// the old one) shortly after changes, and once more on close.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { WorkspaceStore } from './workspaceStore';

export class SnapshotFile {
	readonly path: string;

	private kept?: { store: WorkspaceStore; stopWatching: () => void };

	private timer?: NodeJS.Timeout;

	/** @param delayMs how long after a change the snapshot is written, so bursts of changes make one write */
	constructor(
		dataDir: string,
		private readonly delayMs = 200,
	) {
		this.path = join(dataDir, 'workspace.json');
	}

	/** The store the snapshot holds, or undefined when there is none yet. */
	read(now?: () => Date): WorkspaceStore | undefined {
		if (!existsSync(this.path)) return undefined;
		return WorkspaceStore.fromJSON(JSON.parse(readFileSync(this.path, 'utf8')), now);
	}

	/** Writes the store after each burst of changes, until close(). */
	keep(store: WorkspaceStore): void {
		this.close();
		const stopWatching = store.onChange(() => {
			this.timer ??= setTimeout(() => {
				this.timer = undefined;
				this.write(store);
			}, this.delayMs);
		});
		this.kept = { store, stopWatching };
		this.write(store);
	}

	/** Stops watching the store and writes what is pending. */
	close(): void {
		if (!this.kept) return;
		const { store, stopWatching } = this.kept;
		this.kept = undefined;
		stopWatching();
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.write(store);
	}

	private write(store: WorkspaceStore): void {
		mkdirSync(dirname(this.path), { recursive: true });
		const temporary = `${this.path}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify(store.toJSON()));
		renameSync(temporary, this.path);
	}
}
