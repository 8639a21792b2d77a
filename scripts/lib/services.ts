/**
 * Throw-away Redis and PostgreSQL servers for n8n's queue mode: Debian's `redis-server` and
 * `postgresql` binaries, each on a free loopback port with its data in a temporary folder,
 * stopped (and the folder removed) by `stop()`. Missing binaries fail with the command to install them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './n8n';

const INSTALL_HINT =
	'install them as root: apt-get update && apt-get install -y redis-server postgresql (.ci/run does this)';

/** A server process started for one test run. */
export interface Service {
	readonly port: number;
	readonly process: ChildProcess;
	/** SIGTERM, SIGKILL after `graceMs`, then removes the data folder. */
	stop(graceMs?: number): Promise<void>;
}

/** The PostgreSQL database n8n is pointed at (trust authentication, no password). */
export interface Postgres extends Service {
	readonly user: string;
	readonly database: string;
}

/** Where Debian's PostgreSQL binaries are (`/usr/lib/postgresql/<version>/bin`), newest version. */
export function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0)
		throw new Error(`PostgreSQL binaries not found under ${root}: ${INSTALL_HINT}`);
	return join(root, versions[0], 'bin');
}

/** Path of `redis-server`, or an error saying how to install it. */
export function redisServerBin(): string {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	const path = found.stdout.trim();
	if (found.status !== 0 || !path)
		throw new Error(`redis-server not found on PATH: ${INSTALL_HINT}`);
	return path;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. */
export async function waitForPort(
	port: number,
	what: string,
	child: ChildProcess,
	log: (line: string) => void,
	timeoutMs = 60_000,
): Promise<void> {
	log(`waiting for ${what} on 127.0.0.1:${port}`);
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`${what} exited while starting (${child.exitCode ?? child.signalCode})`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => (socket.destroy(), resolve(true)));
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
}

function service(port: number, child: ChildProcess, dir: string): Service {
	return {
		port,
		process: child,
		async stop(graceMs = 10_000) {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Keeps the last lines a process wrote, for the error when it does not start. */
function capture(child: ChildProcess): () => string {
	let output = '';
	const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	return () => output;
}

/** Starts `redis-server` without persistence on a free loopback port. */
export async function startRedis(log: (line: string) => void): Promise<Service> {
	const bin = redisServerBin();
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'bedrock-iam-redis-'));
	const child = spawn(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const output = capture(child);
	const failure = await waitForPort(port, 'Redis', child, log).then(
		() => undefined,
		(error: Error) => error,
	);
	if (failure) {
		child.kill('SIGKILL');
		throw new Error(`${failure.message}\n${output()}`);
	}
	return service(port, child, dir);
}

/**
 * Runs a PostgreSQL binary as the `postgres` system user when this process is root (initdb and
 * postgres refuse to run as root).
 */
function asPostgresUser(bin: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0
		? ['runuser', ['-u', 'postgres', '--', bin, ...args]]
		: [bin, args];
}

/**
 * Creates a throw-away cluster (initdb, trust authentication on the loopback only), starts
 * `postgres` on a free port and creates the database.
 */
export async function startPostgres(
	log: (line: string) => void,
	database = 'n8n',
): Promise<Postgres> {
	const bin = postgresBinDir();
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'bedrock-iam-postgres-'));
	const dataDir = join(dir, 'data');
	if (process.getuid?.() === 0) {
		const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
		const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
		if (ids.status !== 0)
			throw new Error(`running as root and there is no postgres system user: ${INSTALL_HINT}`);
		chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
		chmodSync(dir, 0o700);
	}
	const user = 'postgres';
	log(`initdb of a throw-away PostgreSQL cluster in ${dataDir}`);
	const [initCmd, initArgs] = asPostgresUser(join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		user,
		'--auth=trust',
		'--no-sync',
		'-E',
		'UTF8',
	]);
	const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
	if (init.status !== 0)
		throw new Error(`initdb failed (exit ${init.status}):\n${init.stdout}${init.stderr}`);

	const [cmd, args] = asPostgresUser(join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-k',
		dir,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	]);
	const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const output = capture(child);
	const failure = await (async () => {
		await waitForPort(port, 'PostgreSQL', child, log);
		log(`creating database ${database}`);
		const [createCmd, createArgs] = asPostgresUser(join(bin, 'createdb'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			user,
			database,
		]);
		const created = spawnSync(createCmd, createArgs, { encoding: 'utf8' });
		if (created.status !== 0) throw new Error(`createdb failed:\n${created.stderr}`);
	})().then(
		() => undefined,
		(error: Error) => error,
	);
	if (failure) {
		child.kill('SIGKILL');
		throw new Error(`${failure.message}\n${output()}`);
	}
	return { ...service(port, child, dir), user, database };
}
