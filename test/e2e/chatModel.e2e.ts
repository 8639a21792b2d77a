/**
 * The Bedrock Chat Model under n8n's own AI root nodes, in the real n8n: a Basic LLM Chain; the
 * example AI Agent with n8n's Calculator tool; the same agent 20 times through a running
 * server's webhook per credential type (one AssumeRole / CreateSession in all); and an agent
 * webhook in streaming mode.
 */
import { nodeOutput, type N8n, type RunData } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import { AGENT_WEBHOOKS, CHAIN_WORKFLOW_ID, CHAT_MODEL_TYPE } from './chatModelWorkflows';
import { connectN8n, e2eState, startE2eEmulator } from './harness';
import { exampleFor } from './workflows';

let n8n: N8n;
let emulator: Emulator;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
});
afterAll(async () => {
	await emulator?.stop();
});
beforeEach(() => {
	emulator.reset();
	emulator.setStreamDelay(0);
});

/** What a sub-node reported in its runs (n8n keeps them under the connection type). */
function subNodeRuns(run: RunData, nodeName: string): Array<Record<string, unknown>> {
	const runs = run.data.resultData.runData[nodeName] as unknown as Array<{
		data?: Record<string, Array<Array<{ json: Record<string, unknown> }>>>;
	}>;
	if (!runs?.length) throw new Error(`Node "${nodeName}" did not run`);
	return runs.map((r) => Object.values(r.data ?? {})[0]?.[0]?.[0]?.json ?? {});
}

const converseCalls = () => emulator.calls.filter((c) => c.action === 'Converse');

it('a Basic LLM Chain answers from the emulator through the Bedrock Chat Model', async () => {
	const run = await n8n.execute(CHAIN_WORKFLOW_ID);
	const [item] = nodeOutput(run, 'Basic LLM Chain');
	expect(item.text).toBe('Echo: Tell me about short-lived credentials');
	expect(converseCalls()).toHaveLength(1);
	// Token usage from Converse reached the execution (not n8n's own estimate).
	const [model] = subNodeRuns(run, 'Bedrock Chat Model');
	expect(model.tokenUsage).toEqual({ promptTokens: 5, completionTokens: 6, totalTokens: 11 });
});

it("the example AI Agent calls n8n's Calculator and answers from its result", async () => {
	const example = exampleFor(CHAT_MODEL_TYPE);
	const run = await n8n.execute(example.id);
	const [item] = nodeOutput(run, 'AI Agent');
	expect(item.output).toBe('The answer is 84.');

	// The tool ran as its own node, with the input the model asked for.
	expect(Object.keys(run.data.resultData.runData)).toContain('Calculator');
	const [trip] = emulator.toolRoundTrips;
	expect(emulator.toolRoundTrips).toHaveLength(1);
	// n8n names the tool after its node.
	expect(trip).toMatchObject({
		name: 'Calculator',
		input: { input: '12 * 7' },
		answer: 'The answer is 84.',
	});
	expect(trip.result).toContain('84');
	const calls = converseCalls();
	expect(calls.map((c) => c.requestId)).toEqual([trip.requestedIn, trip.answeredIn]);
	// The second request replays the call (without n8n's extra `id`) and sends the result back.
	const second = calls[1].body as { messages: Array<{ role: string; content: unknown[] }> };
	expect(second.messages[1]).toEqual({
		role: 'assistant',
		content: [
			{ toolUse: { toolUseId: trip.toolUseId, name: 'Calculator', input: { input: '12 * 7' } } },
		],
	});
	expect(second.messages[2].content).toEqual([
		{ toolResult: expect.objectContaining({ toolUseId: trip.toolUseId, status: 'success' }) },
	]);
	expect(emulator.count('AssumeRole')).toBe(1);
});

const STS_CALL = { bedrockAssumeRoleApi: 'AssumeRole', bedrockRolesAnywhereApi: 'CreateSession' };

describe.each(AGENT_WEBHOOKS.filter((h) => !h.streaming))(
	'the agent webhook with $credentialType',
	(hook) => {
		it('answers 20 executions of the running server with one session fetch', async () => {
			const runs = 20;
			const started = Date.now();
			for (let i = 0; i < runs; i++) {
				const res = await fetch(`http://127.0.0.1:${e2eState().port}/webhook/${hook.path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ prompt: `What is ${i} times 7?` }),
				});
				expect(res.status).toBe(200);
				expect(await res.json()).toEqual({ output: `The answer is ${i * 7}.` });
			}
			const stsCall = STS_CALL[hook.credentialType as keyof typeof STS_CALL];
			process.stdout.write(
				`${hook.credentialType}: ${runs} agent executions, ${emulator.count('Converse')} Converse calls, ` +
					`${emulator.count(stsCall)} ${stsCall} in ${Date.now() - started} ms\n`,
			);
			expect(emulator.toolRoundTrips).toHaveLength(runs);
			expect(emulator.count('Converse')).toBe(2 * runs);
			expect(emulator.count(stsCall)).toBe(1);
			expect(emulator.count('AssumeRole') + emulator.count('CreateSession')).toBe(1);
		});
	},
);

interface Chunk {
	type: string;
	content?: string;
	at: number;
}

it('a streaming agent webhook delivers the answer in pieces before the end', async () => {
	const hook = AGENT_WEBHOOKS.find((h) => h.streaming)!;
	const delayMs = 200;
	emulator.setStreamDelay(delayMs);
	const started = Date.now();
	const res = await fetch(`http://127.0.0.1:${e2eState().port}/webhook/${hook.path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt: 'Use the calculator: what is 12 times 7?' }),
	});
	expect(res.status).toBe(200);
	const chunks: Chunk[] = [];
	let buffer = '';
	const decoder = new TextDecoder();
	for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
		const at = Date.now() - started;
		buffer += decoder.decode(bytes, { stream: true });
		const lines = buffer.split('\n');
		buffer = lines.pop()!;
		for (const line of lines.filter((l) => l.trim()))
			chunks.push({ ...(JSON.parse(line) as Chunk), at });
	}
	const items = chunks.filter((c) => c.type === 'item');
	const end = chunks.filter((c) => c.type === 'end').pop();
	expect(items.map((c) => c.content).join('')).toBe('The answer is 84.');
	expect(items.length).toBeGreaterThanOrEqual(4);
	expect(end).toBeDefined();
	// The first piece arrived while at least three more events were still to come.
	expect(end!.at - items[0].at).toBeGreaterThanOrEqual(3 * delayMs);
	expect(new Set(items.map((c) => c.at)).size).toBeGreaterThanOrEqual(3);
	// Both agent turns streamed (ConverseStream), with the tool round trip in between.
	expect(emulator.count('ConverseStream')).toBe(2);
	expect(emulator.toolRoundTrips).toEqual([
		expect.objectContaining({ input: { input: '12 * 7' }, answer: 'The answer is 84.' }),
	]);
});
