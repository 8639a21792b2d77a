/**
 * 5. Start-up cost: each node and credential module of package.json's n8n section, loaded in a
 * fresh `node` process, and whether the AWS SDK came with it (it should load on first use).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { median, round } from '../stats';
import type { StartupProbeResult } from '../startupProbe';

const run = promisify(execFile);
const REPS = 5;

export interface ModuleStartup {
	module: string;
	kind: 'node' | 'credential';
	loadMedianMs: number;
	loadMinMs: number;
	modules: number;
	ownFiles: number;
	awsSdkModules: number;
	smithyModules: number;
	packages: string[];
	/**
	 * Nodes: the node's description module alone (its properties and the shared descriptions),
	 * which is all n8n needs at start: what the node file would cost if it loaded its execute,
	 * credential test and list search code on first use.
	 */
	descriptionOnlyMedianMs?: number;
	/** Exclusive load time per package, largest first (one profiled run). */
	profile?: Array<{ package: string; ms: number }>;
}

export interface StartupResult {
	modules: ModuleStartup[];
	/** All nodes and credentials in one process, as n8n loads them. */
	all: { loadMedianMs: number; awsSdkModules: number; smithyModules: number; modules: number };
	n8nWorkflowMs: number;
}

async function probe(paths: string[], profile = false): Promise<StartupProbeResult> {
	const args = [
		join(__dirname, '..', 'startupProbe.js'),
		...(profile ? ['--profile'] : []),
		...paths,
	];
	const { stdout } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
	return JSON.parse(stdout.trim().split('\n').pop()!) as StartupProbeResult;
}

/** @param buildDir - where bench/tsconfig.json compiled the package (dist/ paths map into it). */
export async function startupBench(root: string, buildDir: string): Promise<StartupResult> {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const toBuild = (file: string) => join(buildDir, file.replace(/^dist\//, ''));
	const entries = [
		...pkg.n8n.nodes.map((file) => ({ file, kind: 'node' as const })),
		...pkg.n8n.credentials.map((file) => ({ file, kind: 'credential' as const })),
	];
	const modules: ModuleStartup[] = [];
	const workflow: number[] = [];
	for (const { file, kind } of entries) {
		const runs: StartupProbeResult[] = [];
		for (let i = 0; i < REPS; i++) runs.push(await probe([toBuild(file)]));
		workflow.push(...runs.map((r) => r.workflowMs));
		const last = runs[runs.length - 1];
		const descriptionOnly: number[] = [];
		if (kind === 'node') {
			for (let i = 0; i < 3; i++)
				descriptionOnly.push(
					(await probe([join(dirname(toBuild(file)), 'description.js')])).loadMs,
				);
		}
		modules.push({
			module: basename(file, '.js'),
			kind,
			loadMedianMs: round(median(runs.map((r) => r.loadMs)), 2),
			loadMinMs: round(Math.min(...runs.map((r) => r.loadMs)), 2),
			modules: last.modules,
			ownFiles: last.ownFiles,
			awsSdkModules: last.awsSdkModules,
			smithyModules: last.smithyModules,
			packages: last.packages,
			descriptionOnlyMedianMs: kind === 'node' ? round(median(descriptionOnly), 2) : undefined,
			profile:
				kind === 'node'
					? (await probe([toBuild(file)], true)).profile
							?.slice(0, 8)
							.map((p) => ({ package: p.package, ms: round(p.ms, 2) }))
					: undefined,
		});
	}
	const allRuns: StartupProbeResult[] = [];
	for (let i = 0; i < 3; i++) allRuns.push(await probe(entries.map((e) => toBuild(e.file))));
	const last = allRuns[allRuns.length - 1];
	return {
		modules,
		all: {
			loadMedianMs: round(median(allRuns.map((r) => r.loadMs)), 2),
			awsSdkModules: last.awsSdkModules,
			smithyModules: last.smithyModules,
			modules: last.modules,
		},
		n8nWorkflowMs: round(median(workflow), 1),
	};
}
