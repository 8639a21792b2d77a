/**
 * What `npm test` runs: the preflight, then each suite in its own Jest under the n8n runtime's
 * Node 24 (the Node this package runs on inside n8n), cheapest first, stopping at the first that
 * fails. `npm run test:unit`, `test:e2e` and `test:queue` run one suite the same way.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from './paths';
import { preflight } from './preflight';
import { elapsed, type Suite } from './provision';

/** In the order they run: unit tests in minutes, then the suites that start real n8n servers. */
const SUITES: Record<Suite, string[]> = {
	unit: [],
	e2e: ['--config', 'jest.e2e.config.js'],
	queue: ['--config', 'jest.queue.config.js'],
};

const log = (line: string) => process.stdout.write(`[preflight] ${line}\n`);

/** Runs the suites named in `args` (all by default); other arguments go to Jest. Returns the exit code. */
export async function main(args: string[]): Promise<number> {
	const isSuite = (a: string): a is Suite => Object.hasOwn(SUITES, a);
	const named = args.filter(isSuite);
	const suites = named.length > 0 ? named : (Object.keys(SUITES) as Suite[]);
	const jestArgs = args.filter((a) => !isSuite(a));
	const started = Date.now();
	const took: string[] = [];

	let runtime;
	try {
		runtime = await preflight(suites, log);
	} catch (error) {
		process.stderr.write(`\n${(error as Error).message}\n`);
		return 1;
	}
	took.push(`preflight and installs ${elapsed(started)}`);

	const jest = join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	const node = spawnSync(runtime.node, ['--version'], { encoding: 'utf8' }).stdout.trim();
	for (const suite of suites) {
		const suiteStarted = Date.now();
		process.stdout.write(`\n[test] ${suite} suite on Node ${node}\n`);
		const run = spawnSync(runtime.node, [jest, ...SUITES[suite], ...jestArgs], {
			cwd: REPO_ROOT,
			stdio: 'inherit',
			env: { ...process.env, PATH: runtime.path },
		});
		took.push(`${suite} ${elapsed(suiteStarted)}`);
		if (run.status !== 0) {
			process.stdout.write(`\n[test] ${suite} suite failed; ${took.join(', ')}\n`);
			return run.status ?? 1;
		}
	}
	process.stdout.write(`\n[test] passed: ${took.join(', ')}; ${elapsed(started)} in all\n`);
	return 0;
}
