/**
 * Certificate material read in a worker thread with a deadline. Opening a PKCS#12 bundle that
 * older tools wrote (PKCS#12 PBE with 3DES, a SHA-1 MAC) at the iteration limits costs about a
 * second of CPU in node-forge; on n8n's event loop that froze the editor and every workflow of
 * the process while someone pressed Test. In a worker the loop keeps answering, and a load that
 * passes its deadline is stopped with its worker.
 */
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { CredentialValidationError } from '../errors';
import { filled } from './checks';
import { E, F, type CertificateInput, type CertificateMaterial } from './types';
import type { TransferredMaterial, WorkerAnswer, WorkerRequest } from './worker';

/** How long one load may run; a bundle at the limits takes about 1 s on a 2-core machine. */
export const CERTIFICATE_LOAD_DEADLINE_MS = 10_000;
/** Workers at most, each loading one credential at a time; more loads wait their turn. */
const MAX_WORKERS = 2;
/** A worker with nothing to do for this long is stopped (loads are once per credential). */
const IDLE_MS = 10_000;
/** Heap of one worker: the fields are at most 64 KB each, their parsing needs far less. */
const WORKER_HEAP_MB = 64;

/** Options of {@link loadCertificateMaterial}. */
export interface LoadOptions {
	/** How long the load may run before it is stopped. Default {@link CERTIFICATE_LOAD_DEADLINE_MS}. */
	deadlineMs?: number;
}

let workerScript: { path: string; execArgv?: string[] } = { path: join(__dirname, 'worker.js') };

/**
 * Where the worker's script is when this module does not run from its build (the tests run the
 * TypeScript sources), and any Node.js options it needs to load.
 * @internal
 */
export function useCertificateWorkerScript(path: string, execArgv?: string[]): void {
	workerScript = { path, execArgv };
}

interface Idle {
	worker: Worker;
	timer: NodeJS.Timeout;
}

const idle: Idle[] = [];
let started = 0;
const waiting: Array<(worker: Worker) => void> = [];

/** An idle worker, a new one while fewer than {@link MAX_WORKERS} run, or the next one freed. */
async function takeWorker(): Promise<Worker> {
	const ready = idle.pop();
	if (ready) {
		clearTimeout(ready.timer);
		return ready.worker;
	}
	if (started < MAX_WORKERS) {
		started++;
		const worker = new Worker(workerScript.path, {
			execArgv: workerScript.execArgv,
			resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
		});
		// An idle worker never keeps n8n (or a test run) from exiting.
		worker.unref();
		worker.once('exit', () => {
			started--;
			const at = idle.findIndex((entry) => entry.worker === worker);
			if (at >= 0) clearTimeout(idle.splice(at, 1)[0].timer);
		});
		return worker;
	}
	return await new Promise((resolve) => waiting.push(resolve));
}

/** Hands a worker that finished its load to the next one waiting, or keeps it idle a while. */
function giveBack(worker: Worker): void {
	const next = waiting.shift();
	if (next) return next(worker);
	// Leaving the idle list happens on exit (see takeWorker).
	const timer = setTimeout(() => void worker.terminate(), IDLE_MS);
	timer.unref();
	idle.push({ worker, timer });
}

/** A stopped worker's place goes to a new one, for the next load waiting. */
function replace(worker: Worker): void {
	void worker.terminate().then(() => {
		const next = waiting.shift();
		if (next) void takeWorker().then(next);
	});
}

/**
 * Reads and checks the certificate material of a Roles Anywhere credential, in a worker thread.
 *
 * @param input - the credential fields: PEM certificate and key (+ chain), or a PKCS#12 bundle
 * @param now - the time against which the certificates must be valid
 * @throws CredentialValidationError naming the field at fault and what to change, also when the
 *   load passes its deadline
 * @public
 */
export async function loadCertificateMaterial(
	input: CertificateInput,
	now: Date,
	options: LoadOptions = {},
): Promise<CertificateMaterial> {
	const worker = await takeWorker();
	return await inWorker(
		worker,
		{ input, now: now.getTime() },
		options.deadlineMs ?? CERTIFICATE_LOAD_DEADLINE_MS,
	);
}

function inWorker(
	worker: Worker,
	request: WorkerRequest,
	deadlineMs: number,
): Promise<CertificateMaterial> {
	const field = costlyField(request.input);
	return new Promise((resolve, reject) => {
		let settled = false;
		const settle = (outcome: () => void, healthy: boolean) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			worker.off('message', onMessage);
			worker.off('error', onFailure);
			worker.off('exit', onFailure);
			if (healthy) giveBack(worker);
			else replace(worker);
			outcome();
		};
		const onMessage = (answer: WorkerAnswer) =>
			settle(
				() => (answer.ok ? resolve(received(answer.material)) : reject(refusal(answer, field))),
				true,
			);
		// Out of memory, or a crash: nothing of the input is worth quoting.
		const onFailure = () => settle(() => reject(refusal({ ok: false }, field)), false);
		const timer = setTimeout(
			() =>
				settle(
					() =>
						reject(
							new CredentialValidationError(
								field,
								`took longer than ${deadlineMs / 1000} s to open and was given up: export it again with the tool's default iteration count, for example \`openssl pkcs12 -export -iter 2048 -maciter\` or \`openssl pkcs8 -topk8 -iter 2048\``,
								E.tooManyIterations,
							),
						),
					false,
				),
			deadlineMs,
		);
		worker.on('message', onMessage);
		worker.once('error', onFailure);
		worker.once('exit', onFailure);
		worker.postMessage(request);
	});
}

/** The field whose content decides the cost: the bundle, or the (encrypted) private key. */
function costlyField(input: CertificateInput): string {
	return input.format === 'pkcs12' || filled(input.pkcs12Base64) ? F.pkcs12 : F.privateKey;
}

function received({ leafDer, chainDer, ...rest }: TransferredMaterial): CertificateMaterial {
	return {
		...rest,
		leaf: new X509Certificate(leafDer),
		chain: chainDer.map((der) => new X509Certificate(der)),
	};
}

function refusal(answer: Extract<WorkerAnswer, { ok: false }>, field: string): Error {
	if (answer.field && answer.message?.startsWith(`${answer.field}: `)) {
		return new CredentialValidationError(
			answer.field,
			answer.message.slice(answer.field.length + 2),
			answer.code,
		);
	}
	return new CredentialValidationError(
		field,
		'could not be read: export the certificate and key again',
		field === F.pkcs12 ? E.invalidPkcs12 : E.invalidPem,
	);
}
