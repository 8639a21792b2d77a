/**
 * The queue-mode e2e suite (test/e2e/queueMode.e2e.ts): it starts its own Redis, PostgreSQL, n8n
 * main and two n8n workers in the test file, so it runs without the one-server globalSetup of
 * jest.e2e.config.js.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/queueMode.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 180000,
	slowTestThreshold: 120,
};
