/**
 * What the e2e test files share: the n8n that globalSetup started (read from the state file it
 * wrote), logged in as the owner, and an emulator on the port the imported credentials name.
 */
import { readFileSync } from 'node:fs';

import { N8n } from '../../scripts/lib/n8n';
import type { Runtime } from '../../scripts/lib/runtime';
import { startEmulator, type Emulator } from '../emulator';

export interface E2eState {
	runtime: Runtime;
	userFolder: string;
	port: number;
	emulatorPort: number;
	encryptionKey: string;
	owner: { email: string; password: string; firstName: string; lastName: string };
	logFile: string;
}

/** Environment variable naming the state file (set by globalSetup). */
export const STATE_ENV = 'BEDROCK_E2E_STATE';

export function e2eState(): E2eState {
	const file = process.env[STATE_ENV];
	if (!file)
		throw new Error(
			`${STATE_ENV} is not set: run the e2e suite with jest --config jest.e2e.config.js`,
		);
	return JSON.parse(readFileSync(file, 'utf8'));
}

/** The running n8n (a client of it: CLI commands run in their own processes), logged in. */
export async function connectN8n(): Promise<N8n> {
	const state = e2eState();
	const n8n = new N8n({
		runtime: state.runtime,
		userFolder: state.userFolder,
		port: state.port,
		encryptionKey: state.encryptionKey,
	});
	await n8n.login(state.owner.email, state.owner.password);
	return n8n;
}

/** An emulator in this test process, where the imported emulator credentials point. */
export async function startE2eEmulator(): Promise<Emulator> {
	return await startEmulator({ port: e2eState().emulatorPort });
}
