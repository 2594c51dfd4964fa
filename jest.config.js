/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/setup/environment.ts'],
	// Engine tests install the app in the real runtime (about a second each, more on a loaded machine).
	testTimeout: 30000,
	// Two suites at a time, whatever the core count (jest's default is one fewer than the cores: one
	// on a 2-core CI machine): engine suites mostly wait on the runtime's subprocess and on timers.
	maxWorkers: 2,
	// A worker past this after a suite is replaced: the engine and workspace suites grow one to a
	// gigabyte, which takes the OS longer to free at the end than the 500 ms jest waits for a worker.
	workerIdleMemoryLimit: '384MB',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
