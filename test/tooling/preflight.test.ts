/**
 * `npm test` on a machine that lacks a program and may not install it stops within seconds, naming
 * what is missing and the command that gets it, and installs nothing. The real `npm test` runs in
 * a child process whose PATH is this one's without the program (every other executable linked into
 * a folder of its own), with a fresh, empty cache folder; installing is forbidden the two ways a
 * person meets it: BEDROCK_TEST_APT=0, or not being root.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	realpathSync,
	rmSync,
	symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

import { REPO_ROOT } from '../../scripts/lib/paths';

const LIMIT_MS = 30_000;
const isRoot = process.getuid?.() === 0;

const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const nobodyReaches = (dir: string) =>
	spawnSync(NOBODY[0], [...NOBODY.slice(1), 'test', '-x', dir]).status === 0;

/**
 * A folder holding every executable of PATH except `hidden`, first one of each name (from the
 * folders `nobody` can reach, when it is to run them).
 */
function pathWithout(hidden: string[], into: string, forNobody: boolean): string {
	const bin = join(into, 'bin');
	mkdirSync(bin);
	const seen = new Set(hidden);
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (!dir || !existsSync(dir) || (forNobody && !nobodyReaches(dir))) continue;
		for (const name of readdirSync(dir)) {
			if (seen.has(name)) continue;
			seen.add(name);
			symlinkSync(join(dir, name), join(bin, name));
		}
	}
	return bin;
}

const npmCli = () =>
	realpathSync(spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim());

interface Run {
	code: number | null;
	output: string;
	ms: number;
}

/** Runs the assertions on `run`; a failure shows what the run printed. */
function expectOf(run: Run, assertions: () => void): void {
	let failure: Error | undefined;
	try {
		assertions();
	} catch (error) {
		failure = error as Error;
	}
	if (failure) {
		failure.message += `\n\nexit ${run.code} after ${run.ms} ms; the run printed:\n${run.output}`;
		throw failure;
	}
}

/**
 * Runs `npm <script>` in the repository with `env`, as `nobody` when asked; kills its whole process
 * group if it outlives the limit (a preflight that wrongly passed would start installing and testing).
 */
function npm(script: string[], env: NodeJS.ProcessEnv, asNobody: boolean): Promise<Run> {
	const command = [join(env.PATH!, 'node'), npmCli(), ...script];
	const [file, ...args] = asNobody ? [...NOBODY, ...command] : command;
	const started = Date.now();
	const child = spawn(file, args, { cwd: REPO_ROOT, env, detached: true });
	let output = '';
	child.stdout.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr.on('data', (d: Buffer) => (output += d.toString()));
	const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), LIMIT_MS + 30_000);
	return new Promise((resolve) =>
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, output, ms: Date.now() - started });
		}),
	);
}

describe('npm test on a machine that lacks a program and may not install it', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'bedrock-iam-preflight-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	/** The environment of a fresh machine's run: PATH without `hidden`, an empty cache folder. */
	function freshEnv(
		hidden: string[],
		extra: NodeJS.ProcessEnv = {},
		forNobody = false,
	): NodeJS.ProcessEnv {
		const home = join(dir, 'home');
		mkdirSync(home);
		if (forNobody) {
			chmodSync(dir, 0o755);
			chownSync(home, 65534, 65534);
		}
		return {
			...process.env,
			PATH: pathWithout(hidden, dir, forNobody),
			HOME: home,
			npm_config_cache: join(home, '.npm'),
			N8N_CACHE_DIR: join(home, '.cache', 'n8n-nodes-bedrock-iam'),
			...extra,
		};
	}

	/** Nothing was installed: the cache folder holds no runtime and no npm-shipped programs. */
	const installed = (env: NodeJS.ProcessEnv) =>
		existsSync(env.N8N_CACHE_DIR!) ? readdirSync(env.N8N_CACHE_DIR!) : [];

	it('without Redis, installing turned off (BEDROCK_TEST_APT=0): stops in seconds with the apt-get command', async () => {
		const env = freshEnv(['redis-server'], { BEDROCK_TEST_APT: '0' });
		const run = await npm(['test'], env, false);
		expectOf(run, () => {
			expect(run.code).toBe(1);
			expect(run.ms).toBeLessThan(LIMIT_MS);
			expect(run.output).toContain('Redis is missing');
			expect(run.output).toContain('installing system packages is turned off (BEDROCK_TEST_APT=0)');
			expect(run.output).toMatch(
				/Get it with: (sudo )?apt-get update && (sudo )?apt-get install -y redis-server/,
			);
			expect(run.output).not.toContain('[test]'); // no suite started
			expect(installed(env)).toEqual([]);
		});
	});

	it('without Redis, as a user who is not root: stops in seconds with the sudo apt-get command', async () => {
		const env = freshEnv(['redis-server'], {}, isRoot);
		const run = await npm(['test'], env, isRoot);
		expectOf(run, () => {
			expect(run.code).toBe(1);
			expect(run.ms).toBeLessThan(LIMIT_MS);
			expect(run.output).toContain('Redis is missing');
			expect(run.output).toMatch(/apt-get needs root, and this runs as uid \d+/);
			expect(run.output).toContain(
				'Get it with: sudo apt-get update && sudo apt-get install -y redis-server',
			);
			expect(installed(env)).toEqual([]);
		});
	});

	it('without a browser (no Debian chromium, the npm registry unreachable, installing turned off): names Chromium and its command', async () => {
		const env = freshEnv(['chromium'], {
			BEDROCK_TEST_APT: '0',
			// A closed loopback port, tried once: the npm-shipped Chromium cannot be had.
			npm_config_registry: 'http://127.0.0.1:9/',
			npm_config_fetch_retries: '0',
		});
		const run = await npm(['run', 'test:e2e'], env, false);
		expectOf(run, () => {
			expect(run.code).toBe(1);
			expect(run.ms).toBeLessThan(LIMIT_MS);
			expect(run.output).toContain('Chromium is missing');
			expect(run.output).toContain(
				'@sparticuz/chromium 153.0.0 (npm registry): npm ci of scripts/tools failed (exit 1): code ECONNREFUSED',
			);
			expect(run.output).toMatch(
				/Get it with: (sudo )?apt-get update && (sudo )?apt-get install -y chromium/,
			);
			expect(installed(env).filter((f) => !f.startsWith('.'))).toEqual([]);
		});
	});
});
