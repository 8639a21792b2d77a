/**
 * An `n8n worker` process of queue mode, started with the environment of an {@link N8n} (same
 * database, Redis, encryption key and user folder) plus its own task-broker and health-check ports.
 * It records which executions it started and finished, from its own log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

import { freePort, type N8n } from './n8n';

/** n8n 2.41.1's job processor logs these at info level (dist/scaling/job-processor.js). */
const STARTED = /Worker started execution (\S+) \(job/;
const FINISHED = /Worker finished execution (\S+) \(job/;
const READY = 'n8n worker is now ready';

export class N8nWorker {
	/** Execution IDs this worker started, in order. */
	readonly started: string[] = [];
	/** Execution IDs this worker finished, in order. */
	readonly finished: string[] = [];
	private child: ChildProcess | undefined;
	private output = '';

	constructor(
		readonly name: string,
		private readonly n8n: N8n,
	) {}

	get process(): ChildProcess | undefined {
		return this.child;
	}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	/** Starts `n8n worker --concurrency=<n>` and waits for its "ready" line. */
	async start({
		logFile,
		concurrency = 10,
		timeoutMs = 120_000,
	}: {
		logFile: string;
		concurrency?: number;
		timeoutMs?: number;
	}): Promise<void> {
		const env = {
			...this.n8n.env(await freePort()),
			QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
		};
		const log = createWriteStream(logFile, { flags: 'a' });
		const child = spawn(
			this.n8n.options.runtime.node,
			[this.n8n.options.runtime.n8nBin, 'worker', `--concurrency=${concurrency}`],
			{ env, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		this.child = child;
		let ready!: () => void;
		const isReady = new Promise<void>((resolve) => (ready = resolve));
		const onChunk = (chunk: Buffer) => {
			log.write(chunk);
			const text = chunk.toString();
			this.output = (this.output + text).slice(-20_000);
			for (const line of text.split('\n')) {
				if (line.includes(READY)) ready();
				const started = STARTED.exec(line)?.[1];
				if (started) this.started.push(started);
				const finished = FINISHED.exec(line)?.[1];
				if (finished) this.finished.push(finished);
			}
		};
		child.stdout!.on('data', onChunk);
		child.stderr!.on('data', onChunk);
		const exited = new Promise<never>((_, reject) =>
			child.once('exit', (code, signal) =>
				reject(
					new Error(`${this.name} exited while starting (${code ?? signal}):\n${this.tail()}`),
				),
			),
		);
		exited.catch(() => {});
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() =>
					reject(new Error(`${this.name} not ready within ${timeoutMs / 1000} s:\n${this.tail()}`)),
				timeoutMs,
			);
		});
		try {
			await Promise.race([isReady, exited, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Kills the process at once (SIGKILL by PID), as a crash would; resolves when it is gone. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		process.kill(child.pid, 'SIGKILL');
		await exited;
	}

	/** Stops the worker: SIGTERM (n8n lets running jobs finish), then SIGKILL after `graceMs`. */
	async stop(graceMs = 15_000): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		await exited;
		clearTimeout(timer);
	}

	/** The last lines the worker wrote. */
	tail(lines = 40): string {
		return this.output.trim().split('\n').slice(-lines).join('\n');
	}
}
