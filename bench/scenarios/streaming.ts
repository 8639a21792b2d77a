/**
 * 4. Streaming: time to the first text chunk through the node (n8n streaming this execution,
 * the node's sendChunk) vs a bare ConverseStream read with the SDK. The emulator waits
 * STREAM_DELAY_MS between events, so the answer arrives piece by piece as a model's would.
 */
import { performance } from 'node:perf_hooks';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import type { RemoteEmulator } from '../emulatorClient';
import { median, percentile, round } from '../stats';
import { converseInput, credentialData, runNode } from '../workload';
import { bareClients } from './overhead';

export const STREAM_DELAY_MS = 5;
const WARMUP = 10;
const ROUNDS = 40;

export interface StreamingResult {
	streamDelayMs: number;
	node: { ttfcMedianMs: number; ttfcP90Ms: number; totalMedianMs: number };
	bare: { ttfcMedianMs: number; ttfcP90Ms: number; totalMedianMs: number };
	bareHttp1: { ttfcMedianMs: number; ttfcP90Ms: number; totalMedianMs: number };
	ratio: number;
	ratioSameTransport: number;
}

async function bareStream(client: BedrockRuntimeClient): Promise<{ ttfc: number; total: number }> {
	const start = performance.now();
	let ttfc = Number.NaN;
	const response = await client.send(new ConverseStreamCommand(converseInput()));
	for await (const event of response.stream ?? []) {
		if (Number.isNaN(ttfc) && event.contentBlockDelta?.delta?.text)
			ttfc = performance.now() - start;
	}
	return { ttfc, total: performance.now() - start };
}

async function nodeStream(
	data: ReturnType<typeof credentialData>,
): Promise<{ ttfc: number; total: number }> {
	const start = performance.now();
	let ttfc = Number.NaN;
	await runNode({
		authentication: 'accessKeys',
		data,
		items: 1,
		streaming: true,
		onFirstChunk: (at) => (ttfc = at - start),
	});
	return { ttfc, total: performance.now() - start };
}

export async function streamingBench(emulator: RemoteEmulator): Promise<StreamingResult> {
	credentialResolver.clear();
	clearClients();
	await emulator.reset();
	await emulator.setStreamDelay(STREAM_DELAY_MS);
	const data = credentialData('accessKeys', emulator.url);
	const { bare, bareHttp1 } = bareClients(emulator.url);
	const variants = {
		node: () => nodeStream(data),
		bare: () => bareStream(bare),
		bareHttp1: () => bareStream(bareHttp1),
	};
	const names = Object.keys(variants) as Array<keyof typeof variants>;
	for (const name of names) for (let i = 0; i < WARMUP; i++) await variants[name]();
	const samples = Object.fromEntries(
		names.map((n) => [n, { ttfc: [] as number[], total: [] as number[] }]),
	);
	for (let r = 0; r < ROUNDS; r++) {
		for (const name of names.map((_, i) => names[(i + r) % names.length])) {
			const { ttfc, total } = await variants[name]();
			samples[name].ttfc.push(ttfc);
			samples[name].total.push(total);
		}
	}
	await emulator.setStreamDelay(0);
	bare.destroy();
	bareHttp1.destroy();
	const sum = (name: string) => ({
		ttfcMedianMs: round(median(samples[name].ttfc), 3),
		ttfcP90Ms: round(percentile(samples[name].ttfc, 90), 3),
		totalMedianMs: round(median(samples[name].total), 3),
	});
	const result = { node: sum('node'), bare: sum('bare'), bareHttp1: sum('bareHttp1') };
	return {
		streamDelayMs: STREAM_DELAY_MS,
		...result,
		ratio: round(result.node.ttfcMedianMs / result.bare.ttfcMedianMs, 3),
		ratioSameTransport: round(result.node.ttfcMedianMs / result.bareHttp1.ttfcMedianMs, 3),
	};
}
