import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { FaultSpec, QuotaSpec } from '../test/emulator';
import type { CallStats, HostCommand, HostMessage } from './emulatorHost';

/** The emulator running in a child process, driven over IPC. */
export interface RemoteEmulator {
	url: string;
	pid: number;
	count(action: string): Promise<number>;
	reset(): Promise<void>;
	injectFault(fault: FaultSpec): Promise<void>;
	setStreamDelay(ms: number): Promise<void>;
	setQuotas(quotas: QuotaSpec[]): Promise<void>;
	callStats(action: string): Promise<CallStats>;
	stop(): Promise<void>;
}

export async function startRemoteEmulator(): Promise<RemoteEmulator> {
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- benchmark harness, not shipped: runs our own compiled file
	const child: ChildProcess = fork(join(__dirname, 'emulatorHost.js'), [], {
		serialization: 'advanced',
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let nextId = 1;
	const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	const url = await new Promise<string>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`emulator process exited with ${code}`)));
		child.on('message', (message: HostMessage) => {
			if ('ready' in message) return resolve(message.url);
			const pending = waiting.get(message.id);
			if (!pending) return;
			waiting.delete(message.id);
			if (message.error) pending.reject(new Error(message.error));
			else pending.resolve(message.result);
		});
	});
	const call = <T>(command: HostCommand): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const id = nextId++;
			waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
			child.send({ ...command, id });
		});
	return {
		url,
		pid: child.pid ?? -1,
		count: (action) => call<number>({ cmd: 'count', action }),
		reset: () => call<void>({ cmd: 'reset' }),
		injectFault: (fault) => call<void>({ cmd: 'injectFault', fault }),
		setStreamDelay: (ms) => call<void>({ cmd: 'setStreamDelay', ms }),
		setQuotas: (quotas) => call<void>({ cmd: 'setQuotas', quotas }),
		callStats: (action) => call<CallStats>({ cmd: 'callStats', action }),
		stop: async () => {
			child.removeAllListeners('exit');
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			await call<void>({ cmd: 'stop' }).catch(() => undefined);
			if (child.exitCode === null) child.kill();
			await exited;
		},
	};
}
