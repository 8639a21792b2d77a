/**
 * A real n8n, driven only through its CLI (import, publish, execute) and its REST API: what a
 * person or an operator does, no internals. Used by `npm run dev` and the e2e suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { Runtime } from './runtime';

/** A free TCP port on 127.0.0.1 (free when asked; good enough for one machine's tests). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

export interface N8nOptions {
	runtime: Runtime;
	/** N8N_USER_FOLDER: n8n keeps `.n8n/` (database, config, community nodes) and its static cache here. */
	userFolder: string;
	/** Port of the editor, REST API and webhooks on 127.0.0.1. */
	port: number;
	/** Encrypts the credentials in the database; import and server must use the same. */
	encryptionKey: string;
	/** N8N_LOG_LEVEL; default `info`. */
	logLevel?: string;
	/** More environment for every n8n process. */
	env?: Record<string, string>;
}

/** What a CLI command printed. */
export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** The run data `n8n execute --rawOutput` prints, as far as the tests read it. */
export interface RunData {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
			runData: Record<
				string,
				Array<{
					data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
					error?: { message?: string };
				}>
			>;
		};
	};
}

/** An item of a workflow file, as `n8n import:workflow` reads it. */
export interface WorkflowFile {
	id: string;
	name: string;
	nodes: Array<{
		id: string;
		name: string;
		type: string;
		typeVersion: number;
		position: [number, number];
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		webhookId?: string;
		onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
		alwaysOutputData?: boolean;
	}>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	[key: string]: unknown;
}

/** A credential as `n8n import:credentials` reads it: plain data, encrypted on import. */
export interface CredentialFile {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export class N8n {
	readonly url: string;
	private server: ChildProcess | undefined;
	private cookie = '';
	/** n8n binds the auth cookie to this header (browser ID). */
	private readonly browserId = 'n8n-nodes-bedrock-iam-scripts';

	constructor(readonly options: N8nOptions) {
		this.url = `http://127.0.0.1:${options.port}`;
		mkdirSync(options.userFolder, { recursive: true });
	}

	/** The environment of every n8n process: isolated, offline, quiet. */
	env(brokerPort: number): NodeJS.ProcessEnv {
		const { runtime, userFolder, port, encryptionKey, logLevel = 'info', env = {} } = this.options;
		// Not the caller's NODE_ENV: under jest it is `test`, and `n8n start` then exits silently.
		const inherited = { ...process.env };
		delete inherited.NODE_ENV;
		delete inherited.JEST_WORKER_ID;
		return {
			...inherited,
			PATH: runtime.path,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: encryptionKey,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			WEBHOOK_URL: `${this.url}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_ENABLED: 'false',
			N8N_LOG_LEVEL: logLevel,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			...env,
		};
	}

	/** Runs one n8n CLI command to its end (asynchronously: an emulator in this process keeps serving). */
	async cli(args: string[]): Promise<CliResult> {
		const brokerPort = await freePort();
		return await new Promise((resolve, reject) => {
			const child = spawn(this.options.runtime.node, [this.options.runtime.n8nBin, ...args], {
				env: this.env(brokerPort),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			child.on('error', reject);
			child.on('close', (code) => resolve({ code, stdout, stderr }));
		});
	}

	private async cliOrThrow(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited with ${result.code}:\n${tail(result.stdout + result.stderr)}`,
			);
		}
		return result;
	}

	/** `n8n import:credentials`: creates or replaces credentials by ID. */
	async importCredentials(credentials: CredentialFile[]): Promise<void> {
		await this.withTempFolder(async (dir) => {
			const file = join(dir, 'credentials.json');
			writeFileSync(file, JSON.stringify(credentials));
			await this.cliOrThrow(['import:credentials', `--input=${file}`]);
		});
	}

	/** `n8n import:workflow --separate`: creates or replaces workflows by ID (inactive). */
	async importWorkflows(workflows: WorkflowFile[]): Promise<void> {
		if (workflows.length === 0) return;
		await this.withTempFolder(async (dir) => {
			for (const workflow of workflows)
				writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
			await this.cliOrThrow(['import:workflow', '--separate', `--input=${dir}`]);
		});
	}

	/** `n8n publish:workflow`: makes a workflow's current version the active one (from the next server start). */
	async publishWorkflow(id: string): Promise<void> {
		await this.cliOrThrow(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * `n8n execute --id <id> --rawOutput` in its own process. Resolves with the run data when the
	 * workflow succeeded, rejects with n8n's own words otherwise.
	 */
	async execute(id: string): Promise<RunData> {
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput']);
		const json = extractJson(result.stdout);
		if (result.code !== 0 || !json) {
			throw new Error(
				`n8n execute --id=${id} failed (exit ${result.code}):\n${tail(result.stdout + result.stderr, 60)}`,
			);
		}
		return json as RunData;
	}

	/**
	 * Starts `n8n start` and waits until the REST API answers (not only /healthz: it is ready
	 * before the /rest routes exist). Output goes to `logFile` and to `onLine`.
	 */
	async start({
		logFile,
		onLine,
		timeoutMs = 180_000,
	}: {
		logFile: string;
		onLine?: (line: string) => void;
		timeoutMs?: number;
	}): Promise<void> {
		const brokerPort = await freePort();
		const log = createWriteStream(logFile, { flags: 'a' });
		const child = spawn(this.options.runtime.node, [this.options.runtime.n8nBin, 'start'], {
			env: this.env(brokerPort),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.server = child;
		let output = '';
		const forward = (chunk: Buffer) => {
			log.write(chunk);
			output = (output + chunk.toString()).slice(-20_000);
			if (onLine) for (const line of chunk.toString().split('\n')) if (line.trim()) onLine(line);
		};
		child.stdout!.on('data', forward);
		child.stderr!.on('data', forward);
		const exited = new Promise<never>((_, reject) =>
			child.once('exit', (code, signal) =>
				reject(new Error(`n8n exited while starting (${code ?? signal}):\n${tail(output)}`)),
			),
		);
		exited.catch(() => {});
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const ready = await fetch(`${this.url}/rest/settings`)
				.then(
					async (res) =>
						res.ok &&
						(res.headers.get('content-type') ?? '').includes('json') &&
						!!((await res.json()) as { data?: unknown }).data,
				)
				.catch(() => false);
			if (ready) return;
			await Promise.race([sleep(250), exited]);
		}
		throw new Error(
			`n8n did not answer on ${this.url}/rest/settings within ${timeoutMs / 1000} s:\n${tail(output)}`,
		);
	}

	/** The running server process, if any. */
	get process(): ChildProcess | undefined {
		return this.server;
	}

	/** Stops the server: SIGTERM, then SIGKILL after `graceMs`. */
	async stop(graceMs = 15_000): Promise<void> {
		const child = this.server;
		this.server = undefined;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
	}

	/** A REST call with the session cookie; resolves with the parsed body, rejects on a non-2xx status. */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				cookie: this.cookie,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.get('set-cookie');
		const auth = setCookie && /n8n-auth=[^;]*/.exec(setCookie)?.[0];
		if (auth) this.cookie = auth;
		const text = await res.text();
		if (!res.ok)
			throw new Error(`${method} /rest${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/**
	 * Publishes a workflow on the running server, as the editor's Publish button does: its current
	 * version becomes the active one and its webhooks are registered at once. (The CLI's
	 * publish:workflow boots n8n for each call, about 10 s apiece on 2 cores.)
	 */
	async activateWorkflow(id: string): Promise<void> {
		const { data } = await this.rest<{ data: { versionId: string } }>('GET', `/workflows/${id}`);
		await this.rest('POST', `/workflows/${id}/activate`, { versionId: data.versionId });
	}

	/** A GET of a non-REST path (for example `/types/nodes.json`) with the session cookie. */
	async get<T = unknown>(path: string): Promise<T> {
		const res = await fetch(`${this.url}${path}`, {
			headers: { 'browser-id': this.browserId, cookie: this.cookie },
		});
		if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
		return (await res.json()) as T;
	}

	/** Whether the instance still waits for its owner account. */
	async needsOwner(): Promise<boolean> {
		const settings = await this.rest<{
			data: { userManagement?: { showSetupOnFirstLoad?: boolean } };
		}>('GET', '/settings');
		return settings.data.userManagement?.showSetupOnFirstLoad === true;
	}

	/** Creates the owner account unless there is one, then logs in as it. */
	async ensureOwner(owner: {
		email: string;
		password: string;
		firstName: string;
		lastName: string;
	}): Promise<void> {
		if (await this.needsOwner()) {
			const created = await this.rest<{ data?: { email?: string } }>('POST', '/owner/setup', owner);
			if (created.data?.email !== owner.email)
				throw new Error(
					`Owner setup did not return the owner: ${JSON.stringify(created).slice(0, 300)}`,
				);
		}
		await this.login(owner.email, owner.password);
	}

	async login(email: string, password: string): Promise<void> {
		await this.rest('POST', '/login', { emailOrLdapLoginId: email, password });
	}

	/** The credential Test button: `{ status: 'OK' | 'Error', message }`. */
	async testCredential(
		type: string,
		data: Record<string, unknown>,
		name = `Test ${type}`,
	): Promise<{ status: string; message: string }> {
		const res = await this.rest<{ data: { status: string; message: string } }>(
			'POST',
			'/credentials/test',
			{
				credentials: { id: '', name, type, data },
			},
		);
		return res.data;
	}

	/**
	 * A manual run through the REST API, as the editor starts one, from `trigger` with `items` as
	 * that trigger's output (how a chat message from the editor's chat panel enters a chat
	 * trigger). Resolves with the run data once the execution has finished; rejects when it
	 * failed or did not finish within `timeoutMs`.
	 */
	async runFromTrigger(
		workflowId: string,
		trigger: string,
		items: Array<Record<string, unknown>>,
		timeoutMs = 120_000,
	): Promise<RunData> {
		const started = await this.rest<{ data: { executionId?: string } }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{
				triggerToStartFrom: {
					name: trigger,
					data: {
						startTime: Date.now(),
						executionTime: 0,
						executionIndex: 0,
						source: [],
						data: { main: [items.map((json) => ({ json }))] },
					},
				},
			},
		);
		const id = started.data.executionId;
		if (!id) throw new Error(`n8n started no execution: ${JSON.stringify(started).slice(0, 300)}`);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const { data } = await this.rest<{
				data: { finished?: boolean; status?: string; data?: string };
			}>('GET', `/executions/${id}`);
			if (data.status && !['new', 'running', 'waiting'].includes(data.status)) {
				const run = { ...data, data: parseFlatted(data.data ?? '[{}]') } as RunData;
				if (data.status !== 'success') {
					throw new Error(
						`Execution ${id} ${data.status}: ${JSON.stringify(run.data.resultData.error ?? {}).slice(0, 500)}`,
					);
				}
				return run;
			}
			await sleep(300);
		}
		throw new Error(`Execution ${id} did not finish within ${timeoutMs / 1000} s`);
	}

	private async withTempFolder<T>(fn: (dir: string) => Promise<T>): Promise<T> {
		const dir = mkdtempSync(join(this.options.userFolder, 'import-'));
		try {
			return await fn(dir);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}
}

/** The run data in `n8n execute` output: from the first line that is exactly `{` to the last `}`. */
export function extractJson(stdout: string): unknown {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	const end = lines.map((l) => l === '}').lastIndexOf(true);
	if (start < 0 || end < start) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

/**
 * n8n's REST API sends execution data in the `flatted` format (JSON that keeps shared and
 * circular references): a JSON array whose first entry is the root, where every string inside
 * an object or array is the index of the entry holding the value.
 */
export function parseFlatted(text: string): unknown {
	const entries = JSON.parse(text) as unknown[];
	const revived = new Set<object>();
	const revive = (value: object): object => {
		if (revived.has(value)) return value;
		revived.add(value);
		const record = value as Record<string, unknown>;
		for (const key of Object.keys(record)) {
			if (typeof record[key] !== 'string') continue;
			const target = entries[Number(record[key])];
			record[key] = typeof target === 'object' && target !== null ? revive(target) : target;
		}
		return value;
	};
	const root = entries[0];
	return typeof root === 'object' && root !== null ? revive(root) : root;
}

/** The items a node output on its first run. */
export function nodeOutput(run: RunData, nodeName: string): Array<Record<string, unknown>> {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.length)
		throw new Error(
			`Node "${nodeName}" did not run; ran: ${Object.keys(run.data.resultData.runData).join(', ')}`,
		);
	return (runs[0].data?.main[0] ?? []).map((item) => item.json);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tail = (text: string, lines = 40) => text.trim().split('\n').slice(-lines).join('\n');
