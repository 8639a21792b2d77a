/**
 * What `npm test` runs: the preflight, then each suite in its own Jest under the n8n runtime's
 * Node 24 (the Node this package runs on inside n8n), cheapest first, stopping at the first that
 * fails. On a first run the unit tests start as soon as Node 24 is there (seconds), while n8n
 * installs in the background at low priority for the suites after them. `npm run test:unit`,
 * `test:e2e` and `test:queue` run one suite the same way.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

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
	// Asynchronous, so the background install's output keeps being read while Jest runs.
	const runJest = (suite: Suite, on: Node24) =>
		new Promise<number | null>((resolve) =>
			spawn(on.node, [jest, ...SUITES[suite], ...jestArgs], {
				cwd: REPO_ROOT,
				stdio: 'inherit',
				env: { ...process.env, PATH: on.path },
			}).on('close', resolve),
		);

	let runtime: Runtime | undefined;
	for (const suite of suites) {
		if (suite !== 'unit' && !runtime) {
			const waited = Date.now();
			try {
				const installed = await install!.done;
				process.stdout.write(`\n${installed.said}`);
				runtime = installed.runtime;
			} catch (error) {
				process.stderr.write(`\n${(error as Error).message}\n`);
				return 1;
			}
			if (Date.now() - waited > 1000) took.push(`waiting for n8n ${elapsed(waited)}`);
		}
		const suiteStarted = Date.now();
		say(`${suite} suite on Node ${version}`);
		const status = await runJest(suite, suite === 'unit' ? node : runtime!);
		took.push(`${suite} ${elapsed(suiteStarted)}`);
		if (status !== 0) {
			install?.stop();
			say(`${suite} suite failed; ${took.join(', ')}`);
			return status ?? 1;
		}
	}
	say(`passed: ${took.join(', ')}; ${elapsed(started)} in all`);
	return 0;
}
