/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/nodes', '<rootDir>/credentials', '<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Node's own errors come from another realm than the tests' (see the file); the certificate
	// worker thread runs a transpiled copy of the auth layer (see compileWorker.ts).
	globalSetup: '<rootDir>/test/setup/compileWorker.ts',
	setupFiles: ['<rootDir>/test/setup/errorRealm.ts', '<rootDir>/test/setup/certificateWorker.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	testTimeout: 20000,
	// Jest's default is one worker per core less one: a single worker on 2 cores. Many files wait
	// on the emulator's timers and sockets, so two workers halve the suite (192 s -> 94 s here).
	maxWorkers: '100%',
};
