/**
 * 3. Item throughput: 500 items against a model that answers after a fixed 50 ms (the
 * emulator's `delay` fault on every Converse call), at 1, 5 and 20 requests in flight. The floor
 * is ceil(N / c) x 50 ms; efficiency = floor / wall time.
 */
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import type { RemoteEmulator } from '../emulatorClient';
import { median, pool, round, timeMs } from '../stats';
import { converseInput, credentialData, runNode } from '../workload';
import { bareClients } from './overhead';

export const ITEMS = 500;
export const MODEL_LATENCY_MS = 50;
export const CONCURRENCY = [1, 5, 20];
/** Runs per concurrency (node and bare SDK alternating); the short runs are repeated more. */
const REPS: Record<number, number> = { 1: 1, 5: 2, 20: 4 };

export interface ThroughputRow {
	concurrency: number;
	runs: number;
	floorMs: number;
	/** Median wall time over the runs (the best run in nodeBestMs / bareBestMs). */
	nodeMs: number;
	nodeBestMs: number;
	bareBestMs: number;
	nodeEfficiency: number;
	bareMs: number;
	bareEfficiency: number;
	/** Node wall time / bare SDK wall time. */
	nodeOverBare: number;
}

export async function throughputBench(
	emulator: RemoteEmulator,
	items = ITEMS,
): Promise<ThroughputRow[]> {
	credentialResolver.clear();
	clearClients();
	await emulator.reset();
	const data = credentialData('assumeRole', emulator.url);
	// The bare SDK on the node's transport (HTTP/1.1 keep-alive): what the wire and the emulator
	// allow on this machine, so a shortfall can be told apart from the node's own.
	const clients = bareClients(emulator.url);
	const bare = clients.bareHttp1;
	await runNode({ authentication: 'assumeRole', data, items: 20, concurrency: 20 });
	await pool(20, 20, () => bare.send(new ConverseCommand(converseInput())));

	await emulator.injectFault({
		action: 'Converse',
		kind: 'delay',
		delayMs: MODEL_LATENCY_MS,
		times: Infinity,
	});
	const rows: ThroughputRow[] = [];
	for (const concurrency of CONCURRENCY) {
		const floorMs = Math.ceil(items / concurrency) * MODEL_LATENCY_MS;
		const node: number[] = [];
		const sdk: number[] = [];
		for (let r = 0; r < (REPS[concurrency] ?? 1); r++) {
			node.push(
				await timeMs(() => runNode({ authentication: 'assumeRole', data, items, concurrency })),
			);
			sdk.push(
				await timeMs(() =>
					pool(items, concurrency, () => bare.send(new ConverseCommand(converseInput()))),
				),
			);
		}
		const nodeMs = median(node);
		const bareMs = median(sdk);
		rows.push({
			concurrency,
			runs: node.length,
			floorMs,
			nodeMs: round(nodeMs, 1),
			nodeBestMs: round(Math.min(...node), 1),
			bareBestMs: round(Math.min(...sdk), 1),
			nodeEfficiency: round(floorMs / nodeMs, 3),
			bareMs: round(bareMs, 1),
			bareEfficiency: round(floorMs / bareMs, 3),
			nodeOverBare: round(nodeMs / bareMs, 3),
		});
	}
	await emulator.reset();
	clients.bare.destroy();
	clients.bareHttp1.destroy();
	return rows;
}
