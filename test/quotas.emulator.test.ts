/**
 * The nodes against the emulator's Bedrock quotas (token buckets, ThrottlingException 429):
 * every item of a batch finishes, once, in order; errors that are not throttling fail as before.
 * Quota time runs 10x (600 per minute = 100 requests per real second) so a batch takes a second.
 * Nothing here asserts a duration.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { BedrockConverse } from '../nodes/BedrockConverse/BedrockConverse.node';
import { EXAMPLE_TEMPLATES } from '../nodes/BedrockGenerate/modelFamilies';
import { BedrockGenerate } from '../nodes/BedrockGenerate/BedrockGenerate.node';
import { BedrockInvokeAgent } from '../nodes/BedrockInvokeAgent/BedrockInvokeAgent.node';
import { cacheKeyOf } from '../nodes/shared/auth/connection';
import { limiterCount, limiterFor } from '../nodes/shared/throttle/registry';
import { type RecordedCall } from './emulator';
import { CREDENTIAL_CASES } from './helpers/credentials';
import { locator } from './helpers/nodeContext';
import { runNode, useEmulator } from './helpers/useEmulator';

const NOVA = 'amazon.nova-lite-v1:0';
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const SCALE = 10;

describe('nodes under Bedrock quotas', () => {
	const aws = useEmulator();

	beforeEach(() => {
		aws.emulator.setQuotas([]);
	});

	const items = (count: number, tag = 'item'): INodeExecutionData[] =>
		Array.from({ length: count }, (_, i) => ({ json: { prompt: `${tag} ${i}` } }));

	function converse(
		count: number,
		options: IDataObject = {},
		{ tag, continueOnFail }: { tag?: string; continueOnFail?: boolean } = {},
	) {
		const input = items(count, tag);
		return runNode(new BedrockConverse(), aws.emulator, {
			parameters: (i) => ({
				model: locator(NOVA),
				prompt: input[i].json.prompt,
				options: { maxConcurrency: 20, ...options },
			}),
			items: input,
			continueOnFail,
		}).result;
	}

	const answered = (action: string) =>
		aws.emulator.calls.filter((c) => c.action === action && c.status === 200);
	const throttled = (action: string) =>
		aws.emulator.calls.filter((c) => c.action === action && c.errorCode === 'ThrottlingException');
	const promptOf = (call: RecordedCall) =>
		(call.body as { messages: Array<{ content: Array<{ text: string }> }> }).messages[0].content[0]
			.text;

	it('Converse: 100 items at 20 in flight against 600 requests per minute lose none', async () => {
		aws.emulator.setQuotas([
			{ target: NOVA, requestsPerMinute: 600, burstSeconds: 0.1, timeScale: SCALE },
		]);
		const [out] = await converse(100);

		expect(out.map((o) => o.json.text)).toEqual(
			Array.from({ length: 100 }, (_, i) => `Echo: item ${i}`),
		);
		expect(out.map((o) => o.pairedItem)).toEqual(
			Array.from({ length: 100 }, (_, i) => ({ item: i })),
		);
		// The quota did bite, and every item was answered exactly once.
		expect(throttled('Converse').length).toBeGreaterThan(0);
		const prompts = answered('Converse').map(promptOf);
		expect(prompts).toHaveLength(100);
		expect(new Set(prompts).size).toBe(100);
	});

	it('without the budget (0) and one attempt, a batch loses items to throttling', async () => {
		// 100 requests per real second: 30 items at 20 in flight pass it on any machine.
		aws.emulator.setQuotas([
			{ target: NOVA, requestsPerMinute: 600, burstSeconds: 0.1, timeScale: SCALE },
		]);
		const [out] = await converse(
			30,
			{ throttlingBudget: 0, maxAttempts: 1 },
			{ continueOnFail: true },
		);
		const failed = out.filter((o) => o.json.code === 'ThrottlingException');
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.length + answered('Converse').length).toBe(30);
	});

	it('the limiter, not the SDK, sends a throttled request again; the SDK still retries a 500', async () => {
		const attempts = () =>
			aws.emulator.calls
				.filter((c) => c.action === 'Converse')
				.map((c) => c.headers['amz-sdk-request']);
		aws.emulator.injectFault({ action: 'Converse', kind: 'throttle' });
		await converse(1);
		// A fresh send (attempt 1) after the throttle: the limiter's.
		expect(attempts()).toEqual(['attempt=1; max=3', 'attempt=1; max=3']);

		aws.emulator.reset();
		aws.emulator.injectFault({ action: 'Converse', kind: 'status500' });
		await converse(1);
		expect(attempts()).toEqual(['attempt=1; max=3', 'attempt=2; max=3']);

		aws.emulator.reset();
		aws.emulator.injectFault({ action: 'Converse', kind: 'throttle' });
		await converse(1, { throttlingBudget: 0 });
		// Budget 0: the SDK's adaptive retry, as before.
		expect(attempts()).toEqual(['attempt=1; max=3', 'attempt=2; max=3']);
	});

	it('two executions with one credential and model share one limiter and lose nothing', async () => {
		aws.emulator.setQuotas([
			{ target: NOVA, requestsPerMinute: 600, burstSeconds: 0.1, timeScale: SCALE },
		]);
		const [[a], [b]] = await Promise.all([
			converse(60, {}, { tag: 'a' }),
			converse(60, {}, { tag: 'b' }),
		]);
		expect(limiterCount()).toBe(1);
		expect(a.map((o) => o.json.text)).toEqual(Array.from({ length: 60 }, (_, i) => `Echo: a ${i}`));
		expect(b.map((o) => o.json.text)).toEqual(Array.from({ length: 60 }, (_, i) => `Echo: b ${i}`));
		expect(new Set(answered('Converse').map(promptOf)).size).toBe(120);
		expect(answered('Converse')).toHaveLength(120);
	});

	it('an error that is not throttling fails the item at once, as before', async () => {
		aws.emulator.setQuotas([{ requestsPerMinute: 600, burstSeconds: 0.1, timeScale: SCALE }]);
		aws.emulator.config.modelAccessNotGranted.push(NOVA);
		try {
			const [out] = await converse(5, {}, { continueOnFail: true });
			expect(out.map((o) => o.json.code)).toEqual(Array(5).fill('AccessDeniedException'));
			expect(aws.emulator.count('Converse')).toBe(5);
		} finally {
			aws.emulator.config.modelAccessNotGranted.length = 0;
		}
	});

	it('with Continue On Fail, items still throttled when the budget runs out become errors', async () => {
		// One request per real second: 10 items cannot all pass in 0.5 s.
		aws.emulator.setQuotas([{ target: NOVA, requestsPerMinute: 60 }]);
		const [out] = await converse(10, { throttlingBudget: 0.5 }, { continueOnFail: true });
		const ok = out.filter((o) => o.json.text !== undefined);
		const failed = out.filter((o) => o.json.error !== undefined);
		expect(ok.length).toBeGreaterThan(0);
		expect(failed.length).toBeGreaterThan(0);
		expect(ok.length + failed.length).toBe(10);
		expect(out.map((o) => o.pairedItem)).toEqual(
			Array.from({ length: 10 }, (_, i) => ({ item: i })),
		);
	});

	it('Generate: 60 long prompts against a tokens-per-minute quota lose none', async () => {
		aws.emulator.setQuotas([
			{ target: HAIKU, tokensPerMinute: 60_000, burstSeconds: 0.1, timeScale: SCALE },
		]);
		const long = (i: number) => `item ${i} ` + 'lorem ipsum dolor sit amet '.repeat(40);
		const [out] = await runNode(new BedrockGenerate(), aws.emulator, {
			parameters: (i) => ({
				model: locator(HAIKU),
				requestBody: EXAMPLE_TEMPLATES.anthropic,
				promptVariables: { variable: [{ name: 'prompt', value: long(i) }] },
				outputMapping: 'default',
				options: { maxConcurrency: 20 },
			}),
			items: items(60),
		}).result;
		expect(out.map((o) => o.json.text)).toEqual(
			Array.from({ length: 60 }, (_, i) => `Echo: ${long(i)}`),
		);
		expect(throttled('InvokeModel').map((c) => c.errorMessage)).toContain(
			'Too many tokens, please wait before trying again.',
		);
		expect(answered('InvokeModel')).toHaveLength(60);
	});

	it('Generate, streamed: the limiter paces by the tokens the streams said they used', async () => {
		aws.emulator.setQuotas([
			{ target: HAIKU, tokensPerMinute: 60_000, burstSeconds: 0.1, timeScale: SCALE },
		]);
		const long = (i: number) => `item ${i} ` + 'lorem ipsum dolor sit amet '.repeat(40);
		const { context, result } = runNode(new BedrockGenerate(), aws.emulator, {
			parameters: (i) => ({
				model: locator(HAIKU),
				requestBody: EXAMPLE_TEMPLATES.anthropic,
				promptVariables: { variable: [{ name: 'prompt', value: long(i) }] },
				outputMapping: 'default',
				options: { maxConcurrency: 20 },
			}),
			items: items(60),
			streaming: true,
		});
		const [out] = await result;
		expect(out.map((o) => o.json.text)).toEqual(
			Array.from({ length: 60 }, (_, i) => `Echo: ${long(i)}`),
		);
		expect(context.chunks.length).toBeGreaterThan(60);
		expect(answered('InvokeModelWithResponseStream')).toHaveLength(60);
		expect(throttled('InvokeModelWithResponseStream').map((c) => c.errorMessage)).toContain(
			'Too many tokens, please wait before trying again.',
		);
		// A token throttle sets a token pace only when the answers said their tokens.
		const credential = CREDENTIAL_CASES[1];
		const limiter = limiterFor({
			credentialKey: cacheKeyOf(credential.type, credential.data(aws.emulator)),
			region: 'us-east-1',
			target: HAIKU,
		});
		expect(limiter.state().throttles).toBeGreaterThan(0);
		expect(limiter.state().tokensPerSecond).toBeGreaterThan(0);
	});

	it('Invoke Agent: 40 items against a per-agent request quota (240 per minute) lose none', async () => {
		aws.emulator.setQuotas([
			{ target: 'agent/AGENTSUPRT', requestsPerMinute: 240, burstSeconds: 0.1, timeScale: SCALE },
		]);
		const [out] = await runNode(new BedrockInvokeAgent(), aws.emulator, {
			parameters: (i) => ({
				agent: locator('AGENTSUPRT'),
				agentAlias: locator('TSTALIASID'),
				sessionId: '',
				inputText: `question ${i}`,
				options: { maxConcurrency: 20 },
			}),
			items: items(40),
		}).result;
		expect(out).toHaveLength(40);
		expect(out.every((o) => typeof o.json.text === 'string' && o.json.error === undefined)).toBe(
			true,
		);
		expect(throttled('InvokeAgent').length).toBeGreaterThan(0);
		expect(answered('InvokeAgent')).toHaveLength(40);
	});
});
