/**
 * Hostile input in the real n8n (issue 19): published webhook workflows whose typed fields carry
 * text built to make a regular expression backtrack, or to be huge, and the credential Test button
 * with the same kind of values. While each runs, a poller asks n8n's `/healthz` every 25 ms: the
 * execution must end within 2 s, and n8n must never go more than 1 s without answering, as one
 * workflow author must not be able to stall the process everybody shares.
 */
import { emulatorCredentials } from '../../scripts/lib/credentials';
import type { N8n } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import { connectN8n, e2eState, startE2eEmulator } from './harness';
import { hostilePath, type HostileWebhook } from './workflows';

/** 46 characters: the old model ID pattern spent seconds on it, exponentially more per character. */
const BACKTRACKING_MODEL_ID = `a${'.'.repeat(44)}!`;
const MEGABYTE = 'x'.repeat(1_000_000);
const BLANKS = ' '.repeat(40_000);
/** A valid Generate template (the body always names one: see HOSTILE_WEBHOOKS.generate). */
const TEMPLATE = '{"messages": [{"role": "user", "content": [{"text": {{prompt}}}]}]}';

const EXECUTION_MS = 2_000;
const SILENCE_MS = 1_000;

let n8n: N8n;
let emulator: Emulator;
let credentials: Map<string, Record<string, unknown>>;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
	credentials = new Map(emulatorCredentials(emulator.url).map((c) => [c.type, c.data]));
});
/** What each case measured, printed at the end for the rows of docs/security.md. */
const measured: string[] = [];
afterAll(async () => {
	await emulator?.stop();
	process.stdout.write(
		`\nhostile input, ms to the answer / longest silence of /healthz:\n${measured.join('\n')}\n`,
	);
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface Watched<T> {
	result: T;
	/** How long `run` took. */
	ms: number;
	/** The longest time n8n went without answering /healthz, from the start to after the end. */
	silenceMs: number;
}

/** Runs `run` while a poller asks n8n's /healthz every 25 ms. */
async function watched<T>(run: () => Promise<T>): Promise<Watched<T>> {
	const healthz = `http://127.0.0.1:${e2eState().port}/healthz`;
	const ask = async () => {
		const res = await fetch(healthz, { signal: AbortSignal.timeout(60_000) });
		await res.arrayBuffer();
		if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
		return performance.now();
	};
	const started = performance.now();
	const answers = [started];
	let running = true;
	const poller = (async () => {
		while (running) {
			answers.push(await ask());
			await sleep(25);
		}
	})();
	const result = await run();
	const ms = performance.now() - started;
	running = false;
	await poller;
	answers.push(await ask());
	const silenceMs = Math.max(...answers.slice(1).map((at, i) => at - answers[i]));
	return { result, ms, silenceMs };
}

async function callWebhook(name: HostileWebhook, body: Record<string, unknown>) {
	const res = await fetch(`http://127.0.0.1:${e2eState().port}/webhook/${hostilePath(name)}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(90_000),
	});
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('webhook workflows with hostile typed fields', () => {
	it.each<[string, HostileWebhook, Record<string, unknown>, RegExp | undefined]>([
		[
			'Converse, a model ID built to backtrack (46 characters)',
			'converse',
			{ model: BACKTRACKING_MODEL_ID },
			/not a model or inference profile ID/,
		],
		[
			'Converse, a 1 MB model ID',
			'converse',
			{ model: MEGABYTE },
			/^Model is 1,000,000 characters long; at most 2,048/,
		],
		[
			'Converse, a model ARN with 40,000 blanks',
			'converse',
			{ model: `arn:aws:bedrock:us-east-1::foundation-model/${BLANKS}x` },
			/^Model is 40,045 characters long; at most 2,048/,
		],
		['Converse, a 1 MB prompt', 'converse', { prompt: MEGABYTE }, undefined],
		[
			'Generate, a model ID built to backtrack',
			'generate',
			{ model: BACKTRACKING_MODEL_ID, template: TEMPLATE },
			/not a model or inference profile ID/,
		],
		[
			'Generate, a 1 MB template',
			'generate',
			{ template: `{"messages": ${BLANKS}${MEGABYTE}` },
			/template/i,
		],
		[
			'Generate, a template with 40,000 blanks',
			'generate',
			{ template: TEMPLATE.replace(':', `:${BLANKS}`) },
			undefined,
		],
		[
			'Generate, a 1 MB variable',
			'generate',
			{ template: TEMPLATE, variable: MEGABYTE },
			undefined,
		],
		[
			'Invoke Agent, a 1 MB agent ID',
			'agent',
			{ agent: MEGABYTE },
			/^Agent: is 1,000,000 characters long; at most 10/,
		],
		[
			'Invoke Agent, an agent ID of 40,000 blanks and a letter',
			'agent',
			{ agent: `${BLANKS}x` },
			/^Agent: /,
		],
		[
			'Invoke Agent, a 1 MB alias ID',
			'agent',
			{ alias: MEGABYTE },
			/^Agent Alias: is 1,000,000 characters long/,
		],
		[
			'Invoke Agent, a 1 MB session ID',
			'agent',
			{ session: MEGABYTE },
			/^Session ID: is 1,000,000 characters long; at most 100/,
		],
		[
			'Invoke Agent, a session ID with 40,000 blanks inside',
			'agent',
			{ session: `a${BLANKS}b` },
			/^Session ID: /,
		],
		[
			'Knowledge Base, a 1 MB knowledge base ID',
			'retrieve',
			{ knowledgeBase: MEGABYTE },
			/^Knowledge Base: is 1,000,000 characters long; at most 10/,
		],
		[
			'Knowledge Base, a metadata filter key of 40,000 blanks',
			'retrieve',
			{ filter: JSON.stringify({ equals: { key: BLANKS, value: 'x' } }) },
			undefined,
		],
		[
			'Knowledge Base, a 1 MB metadata filter value',
			'retrieve',
			{ filter: JSON.stringify({ equals: { key: 'category', value: MEGABYTE } }) },
			undefined,
		],
		[
			'Knowledge Base, a metadata filter of 40,000 blanks and a brace',
			'retrieve',
			{ filter: `${BLANKS}{` },
			/Metadata Filter/,
		],
		['Knowledge Base, a 1 MB query', 'retrieve', { query: MEGABYTE }, /^Query: /],
		[
			'Retrieve and Generate, a model ID built to backtrack',
			'retrieveAndGenerate',
			{ model: BACKTRACKING_MODEL_ID },
			/not a model or inference profile ID/,
		],
		[
			'Retrieve and Generate, a 1 MB model ID',
			'retrieveAndGenerate',
			{ model: MEGABYTE },
			/^Model: is 1,000,000 characters long; at most 2,048/,
		],
		[
			'Retrieve and Generate, a 1 MB session ID',
			'retrieveAndGenerate',
			{ session: MEGABYTE },
			/^Session ID: is 1,000,000 characters long; at most 100/,
		],
	])('%s', async (name, webhook, body, error) => {
		const { result, ms, silenceMs } = await watched(() => callWebhook(webhook, body));
		measured.push(`  ${name}: ${ms.toFixed(0)} / ${silenceMs.toFixed(0)}`);
		expect(result.status).toBe(200);
		if (error) expect(result.json.error).toMatch(error);
		expect(String(result.json.error ?? '').length).toBeLessThan(10_000);
		expect(ms).toBeLessThan(EXECUTION_MS);
		expect(silenceMs).toBeLessThan(SILENCE_MS);
	});
});

describe('the Test button with hostile credential fields', () => {
	it.each<[string, string, () => Record<string, unknown>]>([
		[
			'Assume Role, a 1 MB role ARN',
			'bedrockAssumeRoleApi',
			() => ({ roleArn: `arn:aws:iam::111122223333:role/${MEGABYTE}` }),
		],
		[
			'Assume Role, a role ARN of 40,000 blanks',
			'bedrockAssumeRoleApi',
			() => ({ roleArn: BLANKS }),
		],
		['Assume Role, a 1 MB External ID', 'bedrockAssumeRoleApi', () => ({ externalId: MEGABYTE })],
		[
			'Assume Role, a role session name of 40,000 blanks',
			'bedrockAssumeRoleApi',
			() => ({ roleSessionName: `${BLANKS}x` }),
		],
		[
			'Assume Role, an STS endpoint ending in 40,000 slashes and a letter',
			'bedrockAssumeRoleApi',
			() => ({ stsEndpoint: `${emulator.url}/${'/'.repeat(40_000)}x` }),
		],
		[
			'Roles Anywhere, a 1 MB trust anchor ARN',
			'bedrockRolesAnywhereApi',
			() => ({ trustAnchorArn: MEGABYTE }),
		],
		[
			'Roles Anywhere, a profile ARN of 40,000 blanks',
			'bedrockRolesAnywhereApi',
			() => ({ profileArn: `arn:${BLANKS}` }),
		],
	])('%s', async (name, type, fields) => {
		const data = { ...credentials.get(type)!, ...fields() };
		const { result, ms, silenceMs } = await watched(() => n8n.testCredential(type, data));
		measured.push(`  Test button, ${name}: ${ms.toFixed(0)} / ${silenceMs.toFixed(0)}`);
		// The endpoint with a long path may be served by the emulator; the others are refused.
		expect(result.status).toBe(fields().stsEndpoint ? result.status : 'Error');
		expect(result.message.length).toBeLessThan(10_000);
		expect(ms).toBeLessThan(EXECUTION_MS);
		expect(silenceMs).toBeLessThan(SILENCE_MS);
	});
});
