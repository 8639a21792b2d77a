/**
 * End-to-end tests against a real n8n (test/e2e): n8n 2.41.1 on Node 24 from scripts/n8n-runtime.sh,
 * this package installed from its packed tarball, driven through n8n's CLI and REST API. One n8n
 * server for the whole run (globalSetup); files run one after another, each with its own emulator
 * on the port the imported credentials name.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	// Queue mode starts its own processes: jest.queue.config.js.
	testPathIgnorePatterns: ['/node_modules/', 'queueMode\\.e2e\\.ts$'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 120000,
	slowTestThreshold: 60,
};
