/**
 * 6. Memory, each workload in a fresh process (see memoryProbe.ts): peak RSS of a 10,000-item
 * execution; RSS and heap over many distinct credentials, with the cache bound at 500.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';

import type { RemoteEmulator } from '../emulatorClient';
import type { CredentialsProbeResult, ItemsProbeResult } from '../memoryProbe';

export interface MemoryResult {
	items: ItemsProbeResult;
	credentials: CredentialsProbeResult;
}

function probe<T>(emulator: RemoteEmulator, args: string[]): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- benchmark harness, not shipped: runs our own compiled file
		const child = fork(join(__dirname, '..', 'memoryProbe.js'), args, {
			execArgv: ['--expose-gc'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		let result: T | undefined;
		child.on('message', (message: { ask?: string; result?: T }) => {
			if (message.ask === 'assumeRoleCalls') {
				void emulator
					.count('AssumeRole')
					.then((assumeRoleCalls) => child.send({ assumeRoleCalls }));
			} else if (message.result) {
				result = message.result;
			}
		});
		child.once('error', reject);
		child.once('exit', (code) =>
			result
				? resolve(result)
				: reject(new Error(`memory probe ${args[0]} exited with ${code} and no result`)),
		);
	});
}

export async function memoryBench(emulator: RemoteEmulator, items = 10000): Promise<MemoryResult> {
	await emulator.reset();
	const itemsResult = await probe<ItemsProbeResult>(emulator, [
		'items',
		emulator.url,
		String(items),
	]);
	await emulator.reset();
	const credentials = await probe<CredentialsProbeResult>(emulator, ['credentials', emulator.url]);
	await emulator.reset();
	return { items: itemsResult, credentials };
}
