/**
 * Child process entry, run in a fresh `node` per measurement: loads package modules the way n8n
 * does at start (require the file, construct each exported class to read its description) and
 * reports how long that took and which packages it pulled in. n8n-workflow is loaded first and
 * not counted: n8n has it loaded before it reads community nodes.
 *
 * Usage: node startupProbe.js [--profile] <module.js>...
 * Prints one JSON line. With --profile, also the exclusive load time of each package (timing
 * and resolving every require, so the totals of that run are not comparable to the others).
 */
import Module, { createRequire } from 'node:module';
import { resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface StartupProbeResult {
	workflowMs: number;
	loadMs: number;
	modules: number;
	ownFiles: number;
	awsSdkModules: number;
	smithyModules: number;
	packages: string[];
	/** With --profile: exclusive load time per package, largest first. */
	profile?: Array<{ package: string; ms: number }>;
}

type Load = (
	request: string,
	parent: { filename?: string } | undefined,
	isMain: boolean,
) => unknown;

const args = process.argv.slice(2);
const profile = args[0] === '--profile';
const paths = profile ? args.slice(1) : args;
const load = createRequire(__filename);
/** The bench build (bench/tsconfig.json outDir): the package's own compiled files. */
const OUT = resolve(__dirname, '..') + sep;
const own = (file: string) => file.startsWith(OUT);

const t0 = performance.now();
load('n8n-workflow');
const workflowMs = performance.now() - t0;
const before = new Set(Object.keys(load.cache));

/** Exclusive load time per package ('(this package)' for our own files, '(node builtins)'). */
const times = new Map<string, number>();
const packageOf = (file: string) => {
	if (own(file)) return '(this package)';
	if (!file.includes('/node_modules/')) return file.includes('/') ? '(other)' : '(node builtins)';
	const parts = file.split('/node_modules/').pop()!.split('/');
	return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
};
if (profile) {
	const M = Module as unknown as {
		_load: Load;
		_resolveFilename: (request: string, parent: unknown, isMain: boolean) => string;
	};
	const original = M._load;
	const stack: number[] = [];
	M._load = function (this: unknown, request, parent, isMain) {
		const start = performance.now();
		stack.push(0);
		try {
			return original.call(this, request, parent, isMain);
		} finally {
			const inclusive = performance.now() - start;
			const children = stack.pop()!;
			const resolving = performance.now();
			let bucket = '(node builtins)';
			try {
				bucket = packageOf(M._resolveFilename(request, parent, isMain));
			} catch {
				// a builtin without a file
			}
			// The parent's own time excludes this load and the resolving done here to attribute it.
			if (stack.length) stack[stack.length - 1] += inclusive + performance.now() - resolving;
			times.set(bucket, (times.get(bucket) ?? 0) + inclusive - children);
		}
	} as Load;
}

const start = performance.now();
for (const path of paths) {
	const exports = load(path) as Record<string, unknown>;
	for (const value of Object.values(exports)) {
		if (typeof value !== 'function') continue;
		const instance = new (value as new () => { description?: unknown; name?: unknown })();
		if (!instance.description && !instance.name)
			throw new Error(`${path}: not a node or credential class`);
	}
}
const loadMs = performance.now() - start;

const loaded = Object.keys(load.cache).filter((key) => !before.has(key));
const result: StartupProbeResult = {
	workflowMs,
	loadMs,
	modules: loaded.length,
	ownFiles: loaded.filter(own).length,
	awsSdkModules: loaded.filter((f) => f.includes('/node_modules/@aws-sdk/')).length,
	smithyModules: loaded.filter((f) => f.includes('/node_modules/@smithy/')).length,
	packages: [
		...new Set(loaded.filter((f) => !own(f) && f.includes('/node_modules/')).map(packageOf)),
	].sort(),
	profile: profile
		? [...times.entries()].map(([name, ms]) => ({ package: name, ms })).sort((a, b) => b.ms - a.ms)
		: undefined,
};
process.stdout.write(JSON.stringify(result) + '\n');
