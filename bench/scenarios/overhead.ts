/**
 * 2. Per-request overhead: one Converse call through the node's code path (one execution of
 * one item: parameters, credential -> connection, cached resolver and client, request and
 * response mapping) vs a bare BedrockRuntimeClient.send(ConverseCommand) at the same endpoint;
 * and the time per item of a 10-item execution, where per-execution work is shared.
 */
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { credentialResolver } from '../../nodes/shared/auth/resolver';
import { clearClients } from '../../nodes/shared/clients';
import { DEFAULT_USER } from '../../test/emulator/options';
import type { RemoteEmulator } from '../emulatorClient';
import { median, percentile, round } from '../stats';
import { converseInput, credentialData, REGION, runNode } from '../workload';

const WARMUP = 100;
const ROUNDS = 100;
const BATCH = 10;
/** Items of the one execution per round of the per-item variant (concurrency 1). */
const ITEMS = 10;

export interface Variant {
	medianMs: number;
	p90Ms: number;
	samples: number;
}

export interface OverheadResult {
	/** One execution of one item per call: per-execution and per-item work together. */
	node: Variant;
	/** One execution of ITEMS items at concurrency 1, time per item: the per-item work alone. */
	nodePerItem: Variant;
	nodeAssumeRole: Variant;
	bare: Variant;
	bareHttp1: Variant;
	/** node / bare SDK with its defaults (HTTP/2 for Bedrock Runtime). */
	ratio: number;
	/** node / bare SDK on the same transport as the node (HTTP/1.1 keep-alive). */
	ratioSameTransport: number;
	/** nodePerItem / bare SDK on the same transport. */
	perItemRatioSameTransport: number;
}

const staticCredentials = {
	accessKeyId: DEFAULT_USER.accessKeyId,
	secretAccessKey: DEFAULT_USER.secretAccessKey,
};

export function bareClients(url: string) {
	return {
		/** The SDK's defaults: Bedrock Runtime speaks HTTP/2. */
		bare: new BedrockRuntimeClient({
			region: REGION,
			endpoint: url,
			credentials: staticCredentials,
		}),
		/** The node's transport: HTTP/1.1 with keep-alive sockets. */
		bareHttp1: new BedrockRuntimeClient({
			region: REGION,
			endpoint: url,
			credentials: staticCredentials,
			requestHandler: new NodeHttpHandler({
				httpAgent: new Agent({ keepAlive: true, maxSockets: 50 }),
			}),
		}),
	};
}

const summary = (samples: number[]): Variant => ({
	medianMs: round(median(samples), 3),
	p90Ms: round(percentile(samples, 90), 3),
	samples: samples.length,
});

export async function overheadBench(emulator: RemoteEmulator): Promise<OverheadResult> {
	credentialResolver.clear();
	clearClients();
	await emulator.reset();
	const keys = credentialData('accessKeys', emulator.url);
	const role = credentialData('assumeRole', emulator.url);
	const { bare, bareHttp1 } = bareClients(emulator.url);
	const variants: Record<
		'node' | 'nodePerItem' | 'nodeAssumeRole' | 'bare' | 'bareHttp1',
		() => Promise<unknown>
	> = {
		node: () => runNode({ authentication: 'accessKeys', data: keys, items: 1 }),
		nodePerItem: () =>
			runNode({ authentication: 'accessKeys', data: keys, items: ITEMS, concurrency: 1 }),
		nodeAssumeRole: () => runNode({ authentication: 'assumeRole', data: role, items: 1 }),
		bare: () => bare.send(new ConverseCommand(converseInput())),
		bareHttp1: () => bareHttp1.send(new ConverseCommand(converseInput())),
	};
	const names = Object.keys(variants) as Array<keyof typeof variants>;
	for (const name of names) for (let i = 0; i < WARMUP; i++) await variants[name]();
	// Requests per call of a variant; each sample is the time per request.
	const requests = (name: string) => (name === 'nodePerItem' ? ITEMS : 1);

	const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
	for (let r = 0; r < ROUNDS; r++) {
		// Rotate the order every round so drift and GC spread evenly over the variants.
		const order = names.map((_, i) => names[(i + r) % names.length]);
		for (const name of order) {
			for (let i = 0; i < BATCH; i += requests(name)) {
				const start = performance.now();
				await variants[name]();
				samples[name].push((performance.now() - start) / requests(name));
			}
		}
	}
	bare.destroy();
	bareHttp1.destroy();
	const result = {
		node: summary(samples.node),
		nodePerItem: summary(samples.nodePerItem),
		nodeAssumeRole: summary(samples.nodeAssumeRole),
		bare: summary(samples.bare),
		bareHttp1: summary(samples.bareHttp1),
	};
	return {
		...result,
		ratio: round(result.node.medianMs / result.bare.medianMs, 3),
		ratioSameTransport: round(result.node.medianMs / result.bareHttp1.medianMs, 3),
		perItemRatioSameTransport: round(result.nodePerItem.medianMs / result.bareHttp1.medianMs, 3),
	};
}
