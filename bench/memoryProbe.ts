/**
 * Child process entry (forked with --expose-gc), so the numbers are this workload's alone:
 *
 * - `items <url> [count]`: one execution of 10,000 items; resident set before, at peak, after.
 * - `credentials <url>`: 200 executions over 100 distinct credentials (each used twice), then
 *   more distinct credentials, past the cache bound (500), to show memory levels off. At each
 *   sample the parent is asked how many AssumeRole calls the emulator has seen.
 *
 * Sends `{ result }` to the parent over IPC.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';

import { credentialResolver } from '../nodes/shared/auth/resolver';
import { mb, round } from './stats';
import { credentialData, runNode } from './workload';

export interface MemorySample {
	label: string;
	/** AssumeRole calls the emulator received so far (one per distinct credential expected). */
	assumeRoleCalls: number;
	executions: number;
	distinctCredentials: number;
	rssMb: number;
	heapUsedMb: number;
	resolverEntries: number;
}

export interface ItemsProbeResult {
	/** The first execution in a fresh process: loads the AWS SDK, assumes the role, builds clients. */
	firstExecutionMs: number;
	items: number;
	wallMs: number;
	baselineRssMb: number;
	peakRssMb: number;
	peakHeapUsedMb: number;
	afterRssMb: number;
	afterHeapUsedMb: number;
	outputItems: number;
}

export interface CredentialsProbeResult {
	samples: MemorySample[];
}

/** Node's http.Server keepAliveTimeout, which the emulator keeps. */
const KEEP_ALIVE_MS = 5000;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function settle(): Promise<NodeJS.MemoryUsage> {
	for (let i = 0; i < 3; i++) {
		gc();
		await new Promise((resolve) => setImmediate(resolve));
	}
	return process.memoryUsage();
}

async function itemsProbe(url: string, items: number): Promise<ItemsProbeResult> {
	const data = credentialData('assumeRole', url);
	const first = performance.now();
	await runNode({ authentication: 'assumeRole', data, items: 1 });
	const firstExecutionMs = performance.now() - first;
	await runNode({ authentication: 'assumeRole', data, items: 50 });
	const baseline = await settle();
	let peakRss = baseline.rss;
	let peakHeap = baseline.heapUsed;
	const sampler = setInterval(() => {
		const m = process.memoryUsage();
		peakRss = Math.max(peakRss, m.rss);
		peakHeap = Math.max(peakHeap, m.heapUsed);
	}, 10);
	const start = performance.now();
	let output = await runNode({ authentication: 'assumeRole', data, items });
	const wallMs = performance.now() - start;
	clearInterval(sampler);
	const m = process.memoryUsage();
	peakRss = Math.max(peakRss, m.rss, process.resourceUsage().maxRSS * 1024);
	peakHeap = Math.max(peakHeap, m.heapUsed);
	const outputItems = output[0].length;
	output = [];
	const after = await settle();
	return {
		firstExecutionMs: round(firstExecutionMs, 1),
		items,
		wallMs: round(wallMs, 1),
		baselineRssMb: mb(baseline.rss),
		peakRssMb: mb(peakRss),
		peakHeapUsedMb: mb(peakHeap),
		afterRssMb: mb(after.rss),
		afterHeapUsedMb: mb(after.heapUsed),
		outputItems,
	};
}

async function credentialsProbe(url: string): Promise<CredentialsProbeResult> {
	const samples: MemorySample[] = [];
	let executions = 0;
	let distinct = 0;
	const run = async (k: number) => {
		executions++;
		await runNode({
			authentication: 'assumeRole',
			data: credentialData('assumeRole', url, { roleSessionName: `bench-${k}` }),
			items: 1,
		});
	};
	const sample = async (label: string) => {
		const m = await settle();
		const answer = once(process, 'message');
		process.send?.({ ask: 'assumeRoleCalls' });
		const [{ assumeRoleCalls }] = (await answer) as [{ assumeRoleCalls: number }];
		samples.push({
			label,
			assumeRoleCalls,
			executions,
			distinctCredentials: distinct,
			rssMb: mb(m.rss),
			heapUsedMb: mb(m.heapUsed),
			resolverEntries: credentialResolver.size,
		});
	};
	await run(0);
	distinct = 1;
	await sample('warm, 1 credential');
	for (let k = 1; k < 100; k++) await run(k);
	distinct = 100;
	await sample('100 credentials, first use');
	for (let k = 0; k < 100; k++) await run(k);
	await sample('100 credentials, used again');
	for (const until of [500, 1000]) {
		while (distinct < until) await run(distinct++);
		// An evicted client lives on until its idle keep-alive sockets close (the emulator, like
		// AWS, closes them; Node's server after 5 s): sample once they have.
		await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_MS + 500));
		await sample(`${until} credentials`);
	}
	return { samples };
}

async function main(): Promise<void> {
	const [mode, url, count] = process.argv.slice(2);
	const result =
		mode === 'items' ? await itemsProbe(url, Number(count ?? 10000)) : await credentialsProbe(url);
	await new Promise<void>((resolve) => process.send?.({ result }, () => resolve()));
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);
