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
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
