/**
 * What the e2e test files share: the n8n that globalSetup started (read from the state file it
 * wrote), logged in as the owner, and an emulator on the port the imported credentials name.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8n } from '../../scripts/lib/n8n';
import type { Runtime } from '../../scripts/lib/runtime';
import { startEmulator, type Emulator, type IssuedSession } from '../emulator';

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

/**
 * An emulator in this test process, where the imported emulator credentials point. The sessions
 * earlier files' emulators issued stay valid: n8n's server keeps the credentials it fetched for
 * the whole run, as it would against AWS, where a session lives until it expires.
 */
export async function startE2eEmulator(): Promise<Emulator> {
	const file = join(e2eState().userFolder, 'emulator-sessions.json');
	const sessions = existsSync(file) ? readSessions(readFileSync(file, 'utf8')) : [];
	const emulator = await startEmulator({ port: e2eState().emulatorPort, sessions });
	const stop = emulator.stop;
	return Object.assign(emulator, {
		stop: async () => {
			writeFileSync(file, JSON.stringify(emulator.issuedSessions));
			await stop();
		},
	});
}

function readSessions(json: string): IssuedSession[] {
	return (JSON.parse(json) as IssuedSession[]).map((s) => ({
		...s,
		issuedAt: new Date(s.issuedAt),
		expiration: new Date(s.expiration),
	}));
}
