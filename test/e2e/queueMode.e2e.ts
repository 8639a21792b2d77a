/**
 * n8n 2.41.1 in queue mode, for real: Redis, PostgreSQL, one main and two `n8n worker` processes,
 * all started here on free loopback ports and stopped after. A webhook workflow (Webhook ->
 * Bedrock Converse with the AssumeRole credential) is called 200 times; the jobs go through
 * Redis to the workers. Then one worker is killed by its PID with executions in flight.
 *
 * Which worker ran an execution comes from each worker's own log ("Worker started execution <id>").
 * Every prompt carries a unique marker, so the emulator shows how often each item was answered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EMULATOR_CREDENTIALS, emulatorCredentials } from '../../scripts/lib/credentials';
import { freePort, N8n, type WorkflowFile } from '../../scripts/lib/n8n';
import { buildIfStale, installPackage } from '../../scripts/lib/package';
import { ensureRuntime } from '../../scripts/lib/runtime';
import { startPostgres, startRedis, type Postgres, type Service } from '../../scripts/lib/services';
import { N8nWorker } from '../../scripts/lib/worker';
import { startEmulator, type Emulator } from '../emulator';
import { exampleFor, NODE_CASES } from './workflows';

const CONVERSE = 'n8n-nodes-bedrock-iam.bedrockConverse';
const WORKFLOW_ID = 'e2eQueueConverse1';
const PATH = 'e2e-queue-converse';
const EXECUTIONS = 200;
const IN_FLIGHT_AT_KILL = 20;
const WORKER_CONCURRENCY = 10;
const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

const started = Date.now();
const log = (line: string) =>
	process.stdout.write(`[queue mode ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

/** Webhook (answers with the last node's output) -> Bedrock Converse on `body.prompt`, AssumeRole. */
function queueWorkflow(): WorkflowFile {
	const example = exampleFor(CONVERSE).nodes.find((n) => n.type === CONVERSE)!;
	return {
		id: WORKFLOW_ID,
		name: 'e2e: queue mode webhook -> Bedrock Converse (AssumeRole)',
		nodes: [
			{
				id: 'webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '5d1f8f59-4c2a-4a57-9a1c-2f0b8e7e0101',
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'lastNode', options: {} },
			},
			{
				id: 'converse',
				name: 'Bedrock Converse',
				type: CONVERSE,
				typeVersion: example.typeVersion,
				position: [220, 0],
				parameters: {
					...example.parameters,
					...NODE_CASES[CONVERSE].promptParameters,
					prompt: '={{ $json.body.prompt }}',
					authentication: 'assumeRole',
				},
				credentials: { bedrockAssumeRoleApi: EMULATOR_CREDENTIALS.bedrockAssumeRoleApi },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Bedrock Converse', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

interface ExecutionSummary {
	id: string;
	status: string;
	workflowId: string;
}

let folder: string;
let redis: Service | undefined;
let postgres: Postgres | undefined;
let emulator: Emulator | undefined;
let n8n: N8n | undefined;
const workers: N8nWorker[] = [];

/** Calls the webhook once with a marked prompt; resolves with the HTTP status and body. */
async function callWebhook(marker: string): Promise<{ status: number; body: string }> {
	const res = await fetch(`${n8n!.url}/webhook/${PATH}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt: `Say hello to ${marker}.` }),
		signal: AbortSignal.timeout(90_000),
	});
	return { status: res.status, body: await res.text() };
}

/**
 * The workflow's executions n8n recorded, from its REST API: how many match `filter` (n8n's exact
 * count) and the newest 100 of them.
 */
async function executions(
	filter: Record<string, unknown> = {},
): Promise<{ count: number; newest: ExecutionSummary[] }> {
	const query = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID, ...filter }));
	const res = await n8n!.rest<{ data: { count: number; results: ExecutionSummary[] } }>(
		'GET',
		`/executions?filter=${query}&limit=100`,
	);
	return {
		count: res.data.count,
		newest: res.data.results.map((e) => ({ ...e, id: String(e.id) })),
	};
}

/** How many Converse calls the emulator received per marker in the prompt. */
function answersPerMarker(): Map<string, number> {
	const counts = new Map<string, number>();
	for (const call of emulator!.calls) {
		if (call.action !== 'Converse') continue;
		const marker = /q-\d+-\d+/.exec(JSON.stringify(call.body))?.[0];
		if (marker) counts.set(marker, (counts.get(marker) ?? 0) + 1);
	}
	return counts;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
	log(`waiting for ${what}`);
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s: ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

beforeAll(async () => {
	process.stdout.write('\n');
	const runtime = ensureRuntime();
	buildIfStale(log);
	folder = mkdtempSync(join(tmpdir(), 'bedrock-iam-queue-'));
	installPackage(folder, log);

	redis = await startRedis(log);
	log(`Redis is up on 127.0.0.1:${redis.port}`);
	postgres = await startPostgres(log);
	log(`PostgreSQL is up on 127.0.0.1:${postgres.port}, database ${postgres.database}`);
	emulator = await startEmulator();
	log(`emulator on ${emulator.url}`);

	n8n = new N8n({
		runtime,
		userFolder: folder,
		port: await freePort(),
		encryptionKey: 'bedrock-iam-queue-e2e-only',
		env: {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			// A dead worker's job lock runs out after 10 s (default 60 s), checked every 5 s.
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			// The main's check for executions no job holds any more: every 6 s (default 180 min).
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.1',
			// Stopping at the end waits at most 5 s for running work (default 30 s).
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		},
	});
	await n8n.importCredentials(emulatorCredentials(emulator.url));
	await n8n.importWorkflows([queueWorkflow()]);
	await n8n.publishWorkflow(WORKFLOW_ID);
	log('waiting for n8n main');
	await n8n.start({ logFile: join(folder, 'main.log') });
	await n8n.ensureOwner({
		email: 'queue@example.com',
		password: 'Bedrock-queue-1',
		firstName: 'Queue',
		lastName: 'Owner',
	});
	log(`n8n main is up at ${n8n.url}`);
	for (const index of [1, 2]) {
		const worker = new N8nWorker(`worker ${index}`, n8n);
		workers.push(worker);
		log(`waiting for worker ${index}`);
		await worker.start({
			logFile: join(folder, `worker${index}.log`),
			concurrency: WORKER_CONCURRENCY,
		});
		log(`worker ${index} is ready (PID ${worker.pid})`);
	}
}, 300_000);

afterAll(async () => {
	await Promise.all([...workers.map((w) => w.stop()), n8n?.stop()]);
	await emulator?.stop();
	await postgres?.stop();
	await redis?.stop();
	if (process.env.BEDROCK_E2E_KEEP === '1') log(`kept ${folder}`);
	else if (folder) rmSync(folder, { recursive: true, force: true });
	log('stopped');
}, 60_000);

describe('queue mode: main + two workers + Redis + PostgreSQL', () => {
	test(`${EXECUTIONS} webhook executions spread over both workers, at most one AssumeRole per worker`, async () => {
		const markers = Array.from({ length: EXECUTIONS }, (_, i) => `q-1-${i}`);
		log(`calling the webhook ${EXECUTIONS} times, 25 at a time`);
		const answers: Array<{ status: number; body: string }> = [];
		for (let i = 0; i < markers.length; i += 25)
			answers.push(...(await Promise.all(markers.slice(i, i + 25).map(callWebhook))));

		const failed = answers.filter((a) => a.status !== 200);
		expect(failed).toEqual([]);
		for (const answer of answers) expect(JSON.parse(answer.body)).toHaveProperty('text');

		expect((await executions()).count).toBe(EXECUTIONS);
		expect((await executions({ status: ['success'] })).count).toBe(EXECUTIONS);

		const [one, two] = workers.map((w) => new Set(w.started));
		log(`worker 1 ran ${one.size}, worker 2 ran ${two.size} executions`);
		expect(one.size).toBeGreaterThan(0);
		expect(two.size).toBeGreaterThan(0);
		expect([...one].filter((id) => two.has(id))).toEqual([]);
		expect(one.size + two.size).toBe(EXECUTIONS);

		const perMarker = answersPerMarker();
		expect(markers.filter((m) => perMarker.get(m) !== 1)).toEqual([]);

		// One temporary credential per worker process: the Converse calls are signed with exactly
		// two session keys, each handed out by one AssumeRole call.
		const assumeRoles = emulator!.count('AssumeRole');
		const sessionKeys = new Set(
			emulator!.calls.filter((c) => c.action === 'Converse').map((c) => c.accessKeyId),
		);
		log(`AssumeRole calls: ${assumeRoles}; session keys signing Converse: ${sessionKeys.size}`);
		expect(assumeRoles).toBeLessThanOrEqual(2);
		expect(sessionKeys.size).toBe(assumeRoles);
	}, 180_000);

	test('a worker killed mid-run: n8n ends every execution, none answered twice by our code', async () => {
		const before = (await executions()).count;
		const [victim, survivor] = workers;
		const victimStartedBefore = victim.started.length;
		const survivorStartedBefore = survivor.started.length;
		emulator!.injectFault({
			action: 'Converse',
			kind: 'delay',
			delayMs: 4000,
			times: IN_FLIGHT_AT_KILL,
		});
		const markers = Array.from({ length: IN_FLIGHT_AT_KILL }, (_, i) => `q-2-${i}`);
		log(`calling the webhook ${IN_FLIGHT_AT_KILL} times with Converse answers delayed 4 s`);
		const answers = Promise.all(
			markers.map((m) =>
				callWebhook(m).catch((error: Error) => ({ status: 0, body: error.message })),
			),
		);
		await until(
			'both workers to have at least 5 executions in flight',
			() =>
				victim.started.length - victimStartedBefore >= 5 &&
				survivor.started.length - survivorStartedBefore >= 5,
			30_000,
		);
		// Its log lines come a little after the jobs: wait until no new one comes for a second.
		for (let seen = -1; seen !== victim.started.length; ) {
			seen = victim.started.length;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		const victimRan = victim.started.slice(victimStartedBefore);
		const inFlight = victimRan.filter((id) => !victim.finished.includes(id));
		log(
			`killing worker 1 (PID ${victim.pid}, SIGKILL) with ${inFlight.length} executions in flight`,
		);
		await victim.kill();

		const replies = await answers;
		log(
			`webhook answers (HTTP status: count): ${JSON.stringify(countBy(replies.map((r) => r.status)))}`,
		);

		const fresh = () =>
			executions().then(({ count, newest }) => {
				expect(count).toBe(before + IN_FLIGHT_AT_KILL);
				return newest.slice(0, IN_FLIGHT_AT_KILL);
			});
		await until(
			'n8n to give every new execution a final state',
			async () => (await fresh()).every((e) => FINAL.has(e.status)),
			90_000,
		);
		const after = await fresh();
		log(`execution states: ${JSON.stringify(countBy(after.map((e) => e.status)))}`);
		const failed = after.filter((e) => e.status !== 'success');
		const survivorRan = new Set(survivor.started.slice(survivorStartedBefore));

		// What the dead worker had in flight ends as failed (n8n: "job stalled more than
		// maxStalledCount"), is not run again elsewhere, and its callers get n8n's HTTP 500.
		expect(inFlight.length).toBeGreaterThanOrEqual(5);
		// Failed: every execution in flight on the dead worker, none the survivor ran, no more than
		// the dead worker's concurrency (a job it took just before the kill may have no log line yet).
		const failedIds = failed.map((e) => e.id);
		expect(inFlight.filter((id) => !failedIds.includes(id))).toEqual([]);
		expect(failedIds.filter((id) => survivorRan.has(id))).toEqual([]);
		expect(failed.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);
		for (const e of failed) expect(e.status).toMatch(/^(crashed|error)$/);
		expect(victimRan.filter((id) => survivorRan.has(id))).toEqual([]);
		const refused = replies.filter((r) => r.status !== 200);
		expect(refused).toHaveLength(failed.length);
		for (const r of refused)
			expect(r).toEqual({
				status: 500,
				body: JSON.stringify({ message: 'Error in workflow' }),
			});
		for (const r of replies.filter((r) => r.status === 200))
			expect(JSON.parse(r.body)).toHaveProperty('text');
		for (const e of after.filter((e) => e.status === 'success'))
			expect(survivorRan.has(e.id) || victim.finished.includes(e.id)).toBe(true);

		// n8n 2.41.1 does not re-run a stalled job (Bull maxStalledCount 0), so no item may reach
		// the model twice: every marker at most once, and every successful item exactly once.
		const perMarker = answersPerMarker();
		expect(markers.filter((m) => (perMarker.get(m) ?? 0) > 1)).toEqual([]);
		expect(markers.filter((m) => perMarker.get(m) === 1).length).toBeGreaterThanOrEqual(
			IN_FLIGHT_AT_KILL - failed.length,
		);
		// The surviving worker kept its temporary credential: still one AssumeRole per worker.
		expect(emulator!.count('AssumeRole')).toBeLessThanOrEqual(2);
	}, 150_000);
});

function countBy<T extends string | number>(values: T[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
	return counts;
}
