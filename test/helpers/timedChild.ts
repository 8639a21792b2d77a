/**
 * Times calls into the package's TypeScript in a child Node process with a deadline, so a call
 * that backtracks for minutes fails its test at the deadline instead of hanging the runner (a
 * regular expression cannot be interrupted inside the process that runs it).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Loads `.ts` files by transpiling them (scripts/ts-require.cjs), without type checking. */
const TS_HOOK = `require(${JSON.stringify(join(ROOT, 'scripts/ts-require.cjs'))});`;

/**
 * Runs `cases` in order, printing `[name, milliseconds, thrown error's name]` as each ends. A case
 * that ends within a second runs three times and reports its fastest: the first call also pays
 * for lazy loading, and a busy machine can pause any one run; a pattern that backtracks is slow
 * every time.
 */
const RUNNER = `
(async () => {
	for (const [name, run] of cases) {
		let best = Infinity;
		let thrown;
		for (let round = 0; round < 3 && (round === 0 || best < 1000); round++) {
			const started = process.hrtime.bigint();
			try { await run(); } catch (error) { thrown = error?.name ?? String(error); }
			best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
		}
		process.stdout.write(JSON.stringify([name, best, thrown]) + '\\n');
	}
})();
`;

export interface TimedRun {
	/** Milliseconds each case took, in the order they ran. */
	timings: Map<string, number>;
	/** The name of what each case threw, for the cases that threw. */
	thrown: Map<string, string>;
	/** The case still running when the deadline killed the child, if any. */
	hung?: string;
	stderr: string;
}

/**
 * Runs `setup` (JavaScript that may `require` the package's `.ts` files by absolute path and
 * must define `const cases = [[name, () => …], …]`) in a fresh `node`, with `cwd` the repository.
 * The child is killed at `deadlineMs`; the case then running is reported as `hung`.
 *
 * @param caseNames - The names `setup` defines, in order, so a hung case can be named.
 */
export function timeInChild(
	setup: string,
	caseNames: readonly string[],
	deadlineMs: number,
): Promise<TimedRun> {
	return new Promise((done, fail) => {
		// The script goes in on standard input: the hostile strings are too long for an argument.
		const child = spawn(process.execPath, ['-'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
		child.stdin.end(`${TS_HOOK}\n${setup}\n${RUNNER}`);
		const timings = new Map<string, number>();
		const thrown = new Map<string, string>();
		let stdout = '';
		let stderr = '';
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			child.kill('SIGKILL');
		}, deadlineMs);
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const lines = stdout.split('\n');
			stdout = lines.pop()!;
			for (const line of lines) {
				const [name, ms, error] = JSON.parse(line) as [string, number, string | null];
				timings.set(name, ms);
				if (error) thrown.set(name, error);
			}
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', fail);
		child.on('close', (code) => {
			clearTimeout(timer);
			if (!killed && code !== 0) {
				fail(new Error(`child exited with ${code}: ${stderr}`));
				return;
			}
			const hung = killed ? caseNames.find((name) => !timings.has(name)) : undefined;
			done({ timings, thrown, hung, stderr });
		});
	});
}

/** `name: 123 ms` for each timing over `limitMs`, and the hung case; empty when all were fast. */
export function slowCases(run: TimedRun, limitMs: number): string[] {
	const slow = [...run.timings]
		.filter(([, ms]) => ms > limitMs)
		.map(([name, ms]) => `${name}: ${ms.toFixed(0)} ms`);
	return run.hung ? [...slow, `${run.hung}: still running at the deadline`] : slow;
}
