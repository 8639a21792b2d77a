/**
 * `npm run dev`: a local n8n with this package loaded, the AWS emulator, ready credentials
 * and the example workflows. Ctrl-C stops everything.
 *
 *   npm run dev                       keep the dev user folder between runs (its path is printed)
 *   npm run dev -- --fresh            start from an empty user folder
 *   N8N_DEV_PORT=5678                 editor port on 127.0.0.1
 *   BEDROCK_EMULATOR_PORT=4599        emulator port on 127.0.0.1
 *   N8N_DEV_USER_FOLDER=/somewhere    the dev user folder (default: in the cache, per checkout;
 *                                     never inside the repository, see devUserFolder)
 *   BEDROCK_DEV_EMULATOR=false        no emulator and no emulator credentials: real AWS, with a
 *                                     credential you create in the editor
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Emulator } from '../../test/emulator';
import { main as startEmulatorCli } from '../../test/emulator/cli';
import {
	EMULATOR_CREDENTIALS,
	EMULATOR_SHORT_TERM_API_KEY,
	emulatorCredentials,
} from './credentials';
import { loadExamples, withoutFile } from './examples';
import { N8n } from './n8n';
import { buildIfStale, installPackage } from './package';
import { CACHE_DIR, readPackageJson, REPO_ROOT } from './paths';
import { ensureRuntime } from './runtime';

/** The dev instance's login: local only, printed at every start. */
export const DEV_OWNER = {
	email: 'dev@example.com',
	password: 'Bedrock-dev-1',
	firstName: 'Dev',
	lastName: 'Bedrock',
};
/** Encrypts the dev instance's credentials; dev only, never for a real instance. */
export const DEV_ENCRYPTION_KEY = 'n8n-nodes-bedrock-iam-dev-only';

interface DevState {
	credentials?: string;
	workflows?: string;
}

/**
 * The dev instance's n8n user folder: beside the runtime in the cache, one per checkout, never
 * inside the repository. Installed there, the package resolves n8n's own `@n8n/ai-node-sdk`,
 * `zod` and `n8n-workflow` through NODE_PATH as it does in production; inside the repository,
 * Node would find the repository's development copies in `node_modules` first.
 */
export const devUserFolder = (): string =>
	process.env.N8N_DEV_USER_FOLDER ??
	join(CACHE_DIR, 'dev', createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12));

/**
 * `npm run dev` started as a child, the way a developer starts it, in its own process group so
 * that stopping it (SIGINT, as Ctrl-C) ends n8n and the emulator too. For tests.
 */
export class DevRun {
	output = '';
	private readonly child: ChildProcess;

	constructor(env: NodeJS.ProcessEnv) {
		this.child = spawn('npm', ['run', 'dev'], {
			cwd: REPO_ROOT,
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
		this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
	}

	/** Waits for the "is ready" banner; throws with the output when it exits or times out. */
	async ready(timeoutMs = 280_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!/ is ready \(started in /.test(this.output)) {
			if (this.child.exitCode !== null)
				throw new Error(`npm run dev exited (${this.child.exitCode}):\n${this.output}`);
			if (Date.now() > deadline) throw new Error(`npm run dev was not ready:\n${this.output}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	/** Ctrl-C: stops n8n and the emulator and waits for npm run dev to exit. */
	async stop(): Promise<void> {
		if (!this.child.pid || this.child.exitCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		process.kill(-this.child.pid, 'SIGINT');
		await exited;
	}
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export async function main(argv = process.argv.slice(2)): Promise<void> {
	const started = Date.now();
	const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
	const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);
	const port = Number(process.env.N8N_DEV_PORT ?? 5678);
	const emulatorPort = Number(process.env.BEDROCK_EMULATOR_PORT ?? 4599);
	const useEmulator = process.env.BEDROCK_DEV_EMULATOR !== 'false';
	const devDir = devUserFolder();
	const stateFile = join(devDir, 'dev-state.json');
	const logFile = join(devDir, 'n8n.log');

	if (argv.includes('--fresh')) {
		say(`--fresh: removing ${devDir}`);
		rmSync(devDir, { recursive: true, force: true });
	}
	mkdirSync(devDir, { recursive: true });
	if (existsSync(join(REPO_ROOT, '.n8n-dev')))
		say(
			".n8n-dev/ in the repository is no longer used (n8n there loaded the repository's own copies of zod and the AI SDK); delete it when you like",
		);
	const state: DevState = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
	const saveState = () => writeFileSync(stateFile, JSON.stringify(state, null, 2));

	let emulator: Emulator | undefined;
	let n8n: N8n | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the emulator');
		await n8n?.stop();
		await emulator?.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	process.on('SIGHUP', () => void stop(0));
	// `npm run dev` killed without a signal to its group (for example `kill <npm pid>`) leaves
	// this process to init: stop too instead of keeping n8n running.
	const parent = process.ppid;
	setInterval(() => process.ppid !== parent && void stop(0), 1000).unref();

	try {
		const runtime = ensureRuntime();
		say(`n8n runtime ready (${elapsed()})`);
		buildIfStale(say);
		installPackage(devDir, say);
		say(`package installed into ${join(devDir, '.n8n', 'nodes')} (${elapsed()})`);

		if (useEmulator) {
			// The emulator's own banner: endpoint and identities.
			emulator = await startEmulatorCli(emulatorPort);
		}

		n8n = new N8n({ runtime, userFolder: devDir, port, encryptionKey: DEV_ENCRYPTION_KEY });
		if (emulator) {
			const credentials = emulatorCredentials(emulator.url);
			if (state.credentials !== hash(credentials)) {
				await n8n.importCredentials(credentials);
				state.credentials = hash(credentials);
				saveState();
				say(`imported ${credentials.length} emulator credentials (${elapsed()})`);
			}
		}
		const examples = loadExamples();
		for (const { file, missing } of examples.skipped)
			say(`skipped examples/${file}: package.json lists no ${missing.join(', ')}`);
		const toImport = examples.workflows.map(withoutFile);
		if (state.workflows !== hash(toImport)) {
			await n8n.importWorkflows(toImport);
			state.workflows = hash(toImport);
			saveState();
			say(`imported ${toImport.length} example workflows (${elapsed()})`);
		}

		let ready = false;
		await n8n.start({
			logFile,
			onLine: (line) => ready && process.stdout.write(`n8n │ ${line}\n`),
		});
		n8n.process!.once('exit', (code) => {
			if (stopping) return;
			say(`n8n exited (${code}); see ${logFile}`);
			void stop(code || 1);
		});
		await n8n.ensureOwner(DEV_OWNER);
		ready = true;

		const pkg = readPackageJson();
		const lines = [
			'',
			`n8n 2.41.1 with ${pkg.name} ${pkg.version} is ready (started in ${elapsed()})`,
			`  Editor       ${n8n.url}`,
			`  Log in       ${DEV_OWNER.email} / ${DEV_OWNER.password}`,
			`  Workflows    ${examples.workflows.map((w) => w.name).join(', ') || 'none'}`,
			emulator
				? `  Credentials  ${[...Object.values(EMULATOR_CREDENTIALS), EMULATOR_SHORT_TERM_API_KEY]
						.map((c) => c.name)
						.join(', ')} (AWS emulator at ${emulator.url})`
				: '  Credentials  none: BEDROCK_DEV_EMULATOR=false, so create one in the editor (Credentials > Add credential > "Amazon Bedrock")',
			`  User folder  ${devDir}`,
			`  n8n log      ${logFile}`,
			'Open a workflow and press "Execute workflow". Ctrl-C stops n8n and the emulator.',
			'',
		];
		process.stdout.write(lines.join('\n') + '\n');
	} catch (error) {
		process.stderr.write(`[dev] ${(error as Error).message}\n`);
		await stop(1);
	}
}
