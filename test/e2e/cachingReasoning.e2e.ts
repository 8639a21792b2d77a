/**
 * Prompt caching and reasoning in the real n8n, in the suite's one server: a conversation's
 * second Converse turn reads the first from the cache and outputs the emulator's counts; an AI
 * Agent with a thinking Bedrock Chat Model gets through a tool round trip, which Bedrock (and the
 * emulator) allows only when the reasoning block comes back unchanged.
 */
import { nodeOutput, type N8n } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import {
	CACHED_TURNS_WORKFLOW_ID,
	FIRST_QUESTION,
	SECOND_QUESTION,
	THINKING_AGENT_WORKFLOW_ID,
} from './cachingReasoningWorkflows';
import { connectN8n, startE2eEmulator } from './harness';

let n8n: N8n;
let emulator: Emulator;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
});
afterAll(async () => {
	await emulator?.stop();
});
beforeEach(() => emulator.reset());

const converseCalls = () => emulator.calls.filter((c) => c.action === 'Converse');

it('the second Converse turn reads the first from the cache; the output carries the counts', async () => {
	const run = await n8n.execute(CACHED_TURNS_WORKFLOW_ID);
	const [first] = nodeOutput(run, 'Turn 1');
	const [second] = nodeOutput(run, 'Turn 2');
	const [call1, call2] = converseCalls();
	expect((call2.body as { messages: Array<{ content: unknown[] }> }).messages).toEqual([
		{ role: 'user', content: [{ text: FIRST_QUESTION }] },
		expect.objectContaining({ role: 'assistant' }),
		{ role: 'user', content: [{ text: SECOND_QUESTION }, { cachePoint: { type: 'default' } }] },
	]);
	expect(first.usage).toMatchObject({
		cacheReadInputTokens: 0,
		cacheWriteInputTokens: call1.usage!.cacheWriteInputTokens,
	});
	expect(call1.usage!.cacheWriteInputTokens).toBeGreaterThan(1024);
	expect(second.usage).toMatchObject({
		cacheReadInputTokens: call1.usage!.cacheWriteInputTokens,
		cacheWriteInputTokens: call2.usage!.cacheWriteInputTokens,
		inputTokens: call2.usage!.inputTokens,
	});
});

it('an AI Agent with a thinking model and a tool passes the reasoning block back unchanged', async () => {
	const run = await n8n.execute(THINKING_AGENT_WORKFLOW_ID);
	expect(nodeOutput(run, 'AI Agent')[0].output).toBe('The answer is 84.');
	const [ask, answer] = converseCalls();
	expect(converseCalls()).toHaveLength(2);
	expect(
		(ask.body as { additionalModelRequestFields: unknown }).additionalModelRequestFields,
	).toEqual({ thinking: { type: 'enabled', budget_tokens: 1024 } });
	const replayed = (answer.body as { messages: Array<{ content: Array<Record<string, unknown>> }> })
		.messages[1].content;
	expect(Object.keys(replayed[0])).toEqual(['reasoningContent']);
	expect(replayed[1]).toHaveProperty('toolUse');
	expect(answer.status ?? 200).toBe(200);
	expect(emulator.toolRoundTrips).toEqual([
		expect.objectContaining({ input: { input: '12 * 7' }, answer: 'The answer is 84.' }),
	]);
});
