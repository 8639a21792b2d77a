/**
 * Throw-away Redis and PostgreSQL servers for n8n's queue mode, from scripts/lib/provision.ts (which
 * installs them when missing), each on a free loopback port with its data in a temporary folder,
 * stopped (and the folder removed) by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { freePort } from './n8n';
import { toolPath } from './provision';

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
	const bin = await toolPath('redis', log);
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

/** initdb and postgres refuse to run as root: as root, they run as `nobody`. */
const OTHER_USER = 'nobody';
const asRoot = () => process.getuid?.() === 0;

function run(bin: string, args: string[]): [string, string[]] {
	return asRoot() ? ['runuser', ['-u', OTHER_USER, '--', bin, ...args]] : [bin, args];
}

/**
 * The folder of PostgreSQL's binaries as the user that runs them can reach it: as root, a copy in
 * the cluster's folder when `nobody` cannot read the installed one (the npm package's sits in
 * root's cache); its libraries and share files come along, found relative to the binaries.
 */
function reachableBinDir(bin: string, dir: string): string {
	if (!asRoot()) return bin;
	const reach = spawnSync('runuser', ['-u', OTHER_USER, '--', 'test', '-x', join(bin, 'postgres')]);
	if (reach.status === 0) return bin;
	const copy = join(dir, 'pgsql');
	cpSync(dirname(bin), copy, { recursive: true, verbatimSymlinks: true });
	return join(copy, 'bin');
}

/**
 * Creates a throw-away cluster (initdb, trust authentication on the loopback only) and the
 * database (postgres in single-user mode: the npm package ships no createdb), then starts
 * `postgres` on a free port.
 */
export async function startPostgres(
	log: (line: string) => void,
	database = 'n8n',
): Promise<Postgres> {
	const installed = dirname(await toolPath('postgres', log));
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'bedrock-iam-postgres-'));
	const dataDir = join(dir, 'data');
	if (asRoot()) {
		const uid = Number(spawnSync('id', ['-u', OTHER_USER], { encoding: 'utf8' }).stdout);
		const gid = Number(spawnSync('id', ['-g', OTHER_USER], { encoding: 'utf8' }).stdout);
		chownSync(dir, uid, gid);
		chmodSync(dir, 0o700);
	}
	const bin = reachableBinDir(installed, dir);
	const user = 'postgres';
	log(`initdb of a throw-away PostgreSQL cluster in ${dataDir} (${bin})`);
	const [initCmd, initArgs] = run(join(bin, 'initdb'), [
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

	log(`creating database ${database}`);
	const [singleCmd, singleArgs] = run(join(bin, 'postgres'), ['--single', '-D', dataDir, user]);
	const created = spawnSync(singleCmd, singleArgs, {
		input: `CREATE DATABASE ${database};\n`,
		encoding: 'utf8',
	});
	if (created.status !== 0 || /ERROR/.test(created.stdout + created.stderr))
		throw new Error(`CREATE DATABASE failed:\n${created.stdout}${created.stderr}`);

	const [cmd, args] = run(join(bin, 'postgres'), [
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
	const failure = await waitForPort(port, 'PostgreSQL', child, log).then(
		() => undefined,
		(error: Error) => error,
	);
	if (failure) {
		child.kill('SIGKILL');
		throw new Error(`${failure.message}\n${output()}`);
	}
	return { ...service(port, child, dir), user, database };
}
