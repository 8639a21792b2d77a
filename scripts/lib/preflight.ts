/**
 * The first seconds of `npm test`: checks everything the chosen suites will need (the n8n runtime,
 * the programs of scripts/lib/provision.ts, disk space, loopback ports) and stops at once, naming
 * what is missing and the command that gets it, before anything installs or any suite starts.
 * Then it installs the programs that are missing (npm packages, Debian's packages: seconds); the
 * n8n runtime, minutes the first time only, is installed by scripts/lib/testRun.ts while the unit
 * tests run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statfsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { CACHE_DIR, REPO_ROOT } from './paths';
import {
	elapsed,
	ensureTools,
	failIfMissing,
	plan,
	planLine,
	toolsFor,
	type Log,
	type Suite,
} from './provision';

const GB = 1024 ** 3;
/** What a first install takes on disk: the runtime (Node 24 and n8n), the npm-shipped programs. */
const RUNTIME_BYTES = 3.5 * GB;
const TOOLS_BYTES = 0.6 * GB;
/** Room for the suites' temporary n8n user folders, databases and browser profiles. */
const TMP_BYTES = 1 * GB;

/** The runtime folder when scripts/n8n-runtime.sh has installed it, without installing. */
function installedRuntime(): string | undefined {
	const check = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'n8n-runtime.sh'), '--check'], {
		encoding: 'utf8',
	});
	return check.status === 0 ? check.stdout.trim() : undefined;
}

/** Free bytes on the file system that holds `path` (or its nearest existing parent). */
function freeBytes(path: string): number {
	let at = path;
	while (!existsSync(at)) at = dirname(at);
	const fs = statfsSync(at);
	return fs.bavail * fs.bsize;
}

/** Whether something can listen on 127.0.0.1 and be reached there (every suite's servers do). */
function loopbackWorks(): Promise<string | undefined> {
	return new Promise((resolve) => {
		const server = createServer((socket) => socket.end());
		server.once('error', (error) => resolve(error.message));
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			const client = connect(port, '127.0.0.1');
			client.once('connect', () => (client.destroy(), server.close(), resolve(undefined)));
			client.once('error', (error) => (server.close(), resolve(error.message)));
		});
	});
}

const gb = (bytes: number) => `${(bytes / GB).toFixed(1)} GB`;

/**
 * Checks what `suites` need, then installs the programs that are missing. Throws with every
 * problem found, and the commands that fix them, before installing anything.
 */
export async function preflight(suites: Suite[], log: Log): Promise<void> {
	const started = Date.now();
	const problems: string[] = [];

	const needsN8n = suites.some((suite) => suite !== 'unit');
	const runtime = installedRuntime();
	if (!needsN8n)
		log(
			`Node 24: ${runtime ? runtime : "the runtime's, installed from the npm registry in seconds"}`,
		);
	else if (runtime) log(`n8n runtime: ${runtime}`);
	else
		log(
			'n8n runtime: not yet here; will install Node 24 and n8n from the npm registry while the unit tests run (about 5 minutes, 3 GB; once per machine)',
		);

	const tools = toolsFor(suites);
	const plans = tools.map((tool) => plan(tool));
	for (const p of plans) log(planLine(p));
	try {
		failIfMissing(plans);
	} catch (error) {
		problems.push((error as Error).message);
	}

	const cacheNeeds =
		(runtime || !needsN8n ? 0 : RUNTIME_BYTES) +
		(plans.some((p) => p.state === 'obtain') ? TOOLS_BYTES : 0);
	const cacheFree = freeBytes(CACHE_DIR);
	const tmpFree = freeBytes(tmpdir());
	log(`disk: ${gb(cacheFree)} free for ${CACHE_DIR}, ${gb(tmpFree)} for ${tmpdir()}`);
	if (cacheFree < cacheNeeds + TMP_BYTES)
		problems.push(
			`Disk: ${CACHE_DIR} needs ${gb(cacheNeeds + TMP_BYTES)} free and has ${gb(cacheFree)}.\n` +
				'  Free space there, or point the cache at a larger disk: N8N_CACHE_DIR=/larger/disk npm test',
		);
	else if (tmpFree < TMP_BYTES)
		problems.push(
			`Disk: ${tmpdir()} needs ${gb(TMP_BYTES)} free for the suites' temporary folders and has ${gb(tmpFree)}.\n` +
				'  Free space there, or use another: TMPDIR=/larger/disk npm test',
		);

	const loopback = await loopbackWorks();
	log(`loopback ports: ${loopback ?? 'a free port on 127.0.0.1 listens and answers'}`);
	if (loopback)
		problems.push(
			`Loopback: nothing can listen on 127.0.0.1 (${loopback}); every suite runs its servers there.\n` +
				'  Bring the loopback interface up: ip link set lo up',
		);

	if (problems.length > 0)
		throw new Error(
			`The tests cannot run here (checked in ${elapsed(started)}):\n${problems.join('\n')}`,
		);
	log(`checked in ${elapsed(started)}`);

	await ensureTools(tools, log);
}
