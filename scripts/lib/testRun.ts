/**
 * What `npm test` runs: the preflight, then each suite in its own Jest under the n8n runtime's
 * Node 24 (the Node this package runs on inside n8n). The unit tests come first and stop the run
 * when they fail. On a first run they start as soon as Node 24 is there (seconds), while n8n
 * installs in the background at low priority for the suites after them. Those two (e2e and queue
 * mode) start their own n8n servers on free ports and spend much of their time waiting on them, so
 * they run side by side; the queue suite's output is held back and shown after the e2e suite's.
 * `npm run test:unit`, `test:e2e` and `test:queue` run one suite the same way.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { buildIfStale } from './package';
import { REPO_ROOT } from './paths';
import { preflight } from './preflight';
import { elapsed, type Suite } from './provision';
import { ensureNode, installRuntimeInBackground, type Node24, type Runtime } from './runtime';

/** In the order they run: unit tests in minutes, then the suites that start real n8n servers. */
const SUITES: Record<Suite, string[]> = {
	unit: [],
	e2e: ['--config', 'jest.e2e.config.js'],
	queue: ['--config', 'jest.queue.config.js'],
};

const log = (line: string) => process.stdout.write(`[preflight] ${line}\n`);
const say = (line: string) => process.stdout.write(`\n[test] ${line}\n`);

/** Runs the suites named in `args` (all by default); other arguments go to Jest. Returns the exit code. */
export async function main(args: string[]): Promise<number> {
	const isSuite = (a: string): a is Suite => Object.hasOwn(SUITES, a);
	const named = args.filter(isSuite);
	const suites = named.length > 0 ? named : (Object.keys(SUITES) as Suite[]);
	const jestArgs = args.filter((a) => !isSuite(a));
	const started = Date.now();
	const took: string[] = [];

	let node: Node24;
	try {
		await preflight(suites, log);
		node = ensureNode();
	} catch (error) {
		process.stderr.write(`\n${(error as Error).message}\n`);
		return 1;
	}
	const install = suites.some((s) => s !== 'unit') ? installRuntimeInBackground() : undefined;
	install?.done.catch(() => {}); // awaited below, or stopped
	// The install runs in a process group of its own, which Ctrl-C does not reach.
	for (const signal of ['SIGINT', 'SIGTERM'] as const)
		process.once(signal, () => {
			install?.stop();
			process.exit(130);
		});
	took.push(`preflight and installs ${elapsed(started)}`);

	const jest = join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	const version = spawnSync(node.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
	// Asynchronous, so the background install's output keeps being read while Jest runs. A held
	// suite's output is kept and shown after the others end, so two suites never interleave.
	const runJest = (suite: Suite, on: Node24, held = false) =>
		new Promise<{ status: number | null; output: string }>((resolve) => {
			let output = '';
			const child: ChildProcess = spawn(on.node, [jest, ...SUITES[suite], ...jestArgs], {
				cwd: REPO_ROOT,
				stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit',
				env: { ...process.env, PATH: on.path },
			});
			for (const stream of [child.stdout, child.stderr])
				stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.on('close', (status) => resolve({ status, output }));
		});
	const timed = async (suite: Suite, on: Node24, held = false) => {
		const suiteStarted = Date.now();
		const beside = held ? ', beside the e2e suite (its output after that one)' : '';
		say(`${suite} suite on Node ${version}${beside}`);
		const result = await runJest(suite, on, held);
		took.push(`${suite} ${elapsed(suiteStarted)}`);
		return { status: result.status, held: held ? result.output : undefined };
	};
	const failed = (suite: Suite, status: number | null) => {
		install?.stop();
		say(`${suite} suite failed; ${took.join(', ')}`);
		return status ?? 1;
	};

	if (suites.includes('unit')) {
		const { status } = await timed('unit', node);
		if (status !== 0) return failed('unit', status);
	}
	const servers = suites.filter((s) => s !== 'unit');
	if (servers.length > 0) {
		const waited = Date.now();
		let runtime: Runtime;
		try {
			const installed = await install!.done;
			process.stdout.write(`\n${installed.said}`);
			runtime = installed.runtime;
		} catch (error) {
			process.stderr.write(`\n${(error as Error).message}\n`);
			return 1;
		}
		if (Date.now() - waited > 1000) took.push(`waiting for n8n ${elapsed(waited)}`);
		// Built once here: the two suites would otherwise both find dist/ stale and build it at once.
		buildIfStale((line) => say(line));
		const results = await Promise.all(
			servers.map((suite) => timed(suite, runtime, servers.length > 1 && suite !== 'e2e')),
		);
		servers.forEach((suite, i) => {
			if (results[i].held !== undefined)
				process.stdout.write(`\n[test] ${suite} suite output:\n${results[i].held}`);
		});
		const failure = results.findIndex((r) => r.status !== 0);
		if (failure >= 0) return failed(servers[failure], results[failure].status);
	}
	say(`passed: ${took.join(', ')}; ${elapsed(started)} in all`);
	return 0;
}
