/**
 * `npm run bench`: measures the package against the local AWS emulator (run in a child process)
 * and prints a table of ratios; writes bench/results.json. Timings are compared inside one run
 * on one machine; nothing here asserts them.
 *
 * `BENCH_ONLY=quotas npm run bench` runs the named scenarios only (comma-separated: credentials,
 * overhead, throughput, streaming, startup, memory, quotas, embeddings) and prints their JSON instead of
 * writing bench/results.json.
 *
 * Run by package.json after `tsc -p bench/tsconfig.json`, from the bench build folder
 * (node_modules/.cache/n8n-nodes-bedrock-iam-bench), which also holds the package compiled with
 * its own tsconfig: the same JavaScript `npm run build` puts in dist/.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

import { startRemoteEmulator } from './emulatorClient';
import { renderTable } from './report';
import { credentialsBench } from './scenarios/credentials';
import { embeddingsBench } from './scenarios/embeddings';
import { memoryBench } from './scenarios/memory';
import { overheadBench } from './scenarios/overhead';
import { quotasBench } from './scenarios/quotas';
import { streamingBench } from './scenarios/streaming';
import { startupBench } from './scenarios/startup';
import { throughputBench } from './scenarios/throughput';
import { round } from './stats';

/** The bench build folder, and the repository it was compiled from. */
const BUILD = resolve(__dirname, '..');
const ROOT = resolve(BUILD, '..', '..', '..');

const log = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
	// The SDK's notice about Node 20 support would print once per process; not a bench result.
	process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
	// The emulator reads the test PKI next to its own (compiled) files.
	cpSync(join(ROOT, 'test', 'fixtures'), join(BUILD, 'test', 'fixtures'), { recursive: true });
	const started = performance.now();
	const loadBefore = loadavg().map((l) => round(l, 2));
	const machine = {
		cpuModel: cpus()[0]?.model ?? 'unknown',
		nproc: cpus().length,
		memoryGb: round(totalmem() / 1024 ** 3, 1),
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
	};
	log(
		`bench: ${machine.nproc} x ${machine.cpuModel}, Node ${machine.node}, load average ${loadBefore.join(' ')}`,
	);
	if (loadBefore[0] > machine.nproc / 2) {
		log(
			`bench: the machine is busy (1-minute load ${loadBefore[0]} on ${machine.nproc} CPUs): expect noisier numbers`,
		);
	}

	const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
	const emulator = await startRemoteEmulator();
	if (only) {
		try {
			const runners: Record<string, () => Promise<unknown>> = {
				credentials: () => credentialsBench(emulator),
				overhead: () => overheadBench(emulator),
				throughput: () => throughputBench(emulator),
				streaming: () => streamingBench(emulator),
				startup: () => startupBench(ROOT, BUILD),
				memory: () => memoryBench(emulator),
				quotas: () => quotasBench(emulator),
				embeddings: () => embeddingsBench(emulator),
			};
			const partial: Record<string, unknown> = {};
			for (const name of only) {
				const t = performance.now();
				partial[name] = await runners[name]();
				log(`bench: ${name} done in ${round((performance.now() - t) / 1000, 1)} s`);
			}
			process.stdout.write(`${JSON.stringify(partial, null, '\t')}\n`);
		} finally {
			await emulator.stop();
		}
		return;
	}
	const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
		const t = performance.now();
		log(`bench: ${name}…`);
		const result = await fn();
		log(`bench: ${name} done in ${round((performance.now() - t) / 1000, 1)} s`);
		return result;
	};
	try {
		const startup = await step('5 start-up', () => startupBench(ROOT, BUILD));
		const credentials = await step('1 credential resolution', () => credentialsBench(emulator));
		const overhead = await step('2 per-request overhead', () => overheadBench(emulator));
		const throughput = await step('3 item throughput', () => throughputBench(emulator));
		const streaming = await step('4 streaming', () => streamingBench(emulator));
		const memory = await step('6 memory', () => memoryBench(emulator));
		const quotas = await step('7 quotas', () => quotasBench(emulator));
		const embeddings = await step('8 embeddings', () => embeddingsBench(emulator));
		const loadAfter = loadavg().map((l) => round(l, 2));
		const results = {
			date: new Date().toISOString(),
			machine,
			loadAverage: { before: loadBefore, after: loadAfter },
			durationS: round((performance.now() - started) / 1000, 1),
			credentials,
			overhead,
			throughput,
			streaming,
			startup,
			memory,
			quotas,
			embeddings,
		};
		const table = renderTable(results);
		writeFileSync(
			join(ROOT, 'bench', 'results.json'),
			JSON.stringify({ ...results, table: table.split('\n') }, null, '\t') + '\n',
		);
		process.stdout.write(
			`\n${machine.nproc} x ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}; ` +
				`load average (1/5/15 min) ${loadBefore.join(' / ')} before, ${loadAfter.join(' / ')} after; ${results.durationS} s\n\n` +
				`${table}\n\nWrote bench/results.json\n`,
		);
	} finally {
		await emulator.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
