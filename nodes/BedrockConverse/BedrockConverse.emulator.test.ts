import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import { CREDENTIAL_CASES, assumeRoleData, signedRegion } from '../../test/helpers/credentials';
import { locator } from '../../test/helpers/nodeContext';
import { nodeRunner, useEmulator } from '../../test/helpers/useEmulator';
import { BedrockConverse } from './BedrockConverse.node';

describe('Bedrock Converse', () => {
	const aws = useEmulator();
	const node = new BedrockConverse();

	const run = nodeRunner(node, aws, {
		model: locator('amazon.nova-lite-v1:0'),
		prompt: 'hello there',
		options: {},
	});

	it.each(CREDENTIAL_CASES)('answers through $type', async (credential) => {
		const { result } = run({ prompt: 'Tell me a joke', systemPrompt: 'Be brief' }, { credential });
		const [[item]] = await result;
		expect(item.json).toMatchObject({
			text: 'Echo: Tell me a joke',
			stopReason: 'end_turn',
			usage: {
				inputTokens: expect.any(Number),
				outputTokens: expect.any(Number),
				totalTokens: expect.any(Number),
			},
			model: 'amazon.nova-lite-v1:0',
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const [call] = aws.emulator.calls.filter((c) => c.action === 'Converse');
		expect(call.body).toEqual({
			messages: [{ role: 'user', content: [{ text: 'Tell me a joke' }] }],
			system: [{ text: 'Be brief' }],
			inferenceConfig: {},
			requestMetadata: {
				n8nWorkflowId: 'test-workflow',
				n8nExecutionId: 'test-execution',
				n8nNode: 'Bedrock',
			},
		});
		expect(call.auth).toBe(credential.authentication === 'apiKey' ? 'bearer' : 'sigv4');
	});

	it('sends the inference options as Converse expects them', async () => {
		const { result } = run({ options: { maxTokens: 256, temperature: 0.2 } });
		await result;
		const call = aws.emulator.calls.find((c) => c.action === 'Converse');
		expect(call?.body).toMatchObject({ inferenceConfig: { maxTokens: 256, temperature: 0.2 } });
		expect(call?.body).not.toHaveProperty('system');
	});

	it('resolves the credential once for 200 items: one AssumeRole call, one credential read', async () => {
		const { context, result } = run(
			(i) => ({ prompt: `item ${i}`, options: { maxConcurrency: 20 } }),
			{ items: 200 },
		);
		const [out] = await result;
		expect(out).toHaveLength(200);
		expect(out.map((o) => o.json.text)).toEqual(
			Array.from({ length: 200 }, (_, i) => `Echo: item ${i}`),
		);
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual(
			Array.from({ length: 200 }, (_, i) => i),
		);
		expect(aws.emulator.count('AssumeRole')).toBe(1);
		expect(aws.emulator.count('Converse')).toBe(200);
		expect(context.credentialReads).toBe(1);
	});

	it('reuses the session across executions and fetches a new one when under 60 s are left', async () => {
		// Only Date is faked: the emulator (same process) and the signer see the same moved clock.
		jest.useFakeTimers({
			doNotFake: [
				'nextTick',
				'setImmediate',
				'setTimeout',
				'setInterval',
				'clearTimeout',
				'clearInterval',
				'queueMicrotask',
				'hrtime',
				'performance',
			],
		});
		try {
			await run({}).result;
			await run({}).result;
			expect(aws.emulator.count('AssumeRole')).toBe(1);
			jest.setSystemTime(Date.now() + (3600 - 59) * 1000); // 59 s of life left: expired
			await run({}).result;
			expect(aws.emulator.count('AssumeRole')).toBe(2);
			jest.setSystemTime(Date.now() + 10 * 60 * 1000);
			await run({}).result;
			expect(aws.emulator.count('AssumeRole')).toBe(2);
		} finally {
			jest.useRealTimers();
		}
	});

	it('gives an edited credential a new session', async () => {
		await run({}).result;
		await run({}, { data: assumeRoleData(aws.emulator, { roleSessionName: 'edited' }) }).result;
		const sessions = aws.emulator.calls
			.filter((c) => c.action === 'AssumeRole')
			.map((c) => (c.body as IDataObject).RoleSessionName);
		expect(sessions).toEqual(['n8n-test', 'edited']);
	});

	it('with Continue On Fail turns one bad item into its error and keeps the others in order', async () => {
		const { result } = run(
			(i) => ({
				prompt: `item ${i}`,
				model: locator(i === 1 ? 'amazon.no-such-model-v9:0' : 'amazon.nova-lite-v1:0'),
			}),
			{
				items: 3,
				continueOnFail: true,
			},
		);
		const [out] = await result;
		expect(out.map((o) => o.json.text)).toEqual(['Echo: item 0', undefined, 'Echo: item 2']);
		expect(out[1].json.error).toEqual(expect.any(String));
		expect(out[1].json.requestId).toEqual(expect.any(String));
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('fails with the item index and AWS advice when an item fails without Continue On Fail', async () => {
		const { result } = run({ model: locator('anthropic.claude-sonnet-4-20250514-v1:0') });
		const error = await result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.message).toMatch(/inference profile/i);
		expect(apiError.description).toContain('us.anthropic.claude-sonnet-4-20250514-v1:0');
		expect(apiError.description).toMatch(/AWS request ID: \S+/);
		expect(apiError.context.itemIndex).toBe(0);
	});

	it('refuses an empty prompt before any request', async () => {
		const error = await run({ prompt: '   ' }).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('Prompt: is empty');
		expect(aws.emulator.count('Converse')).toBe(0);
	});

	it('retries a throttled request and succeeds', async () => {
		aws.emulator.injectFault({ action: 'Converse', kind: 'throttle', times: 1 });
		const [[item]] = await run({}).result;
		expect(item.json.text).toBe('Echo: hello there');
		expect(aws.emulator.count('Converse')).toBe(2);
	});

	it('refuses a model ARN of another region when a regional runtime endpoint is set, before any call', async () => {
		const arn = 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0';
		const error = await run({ model: locator(arn, 'arn') }).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain('The model ARN is in eu-west-1');
		expect(aws.emulator.count('Converse')).toBe(0);
	});

	it('gives up on a silent connection after the read timeout and says what to change', async () => {
		aws.emulator.injectFault({ action: 'Converse', kind: 'delay', delayMs: 3000, times: 5 });
		const started = Date.now();
		const error = await run(
			{ options: { maxAttempts: 1 } },
			{ data: assumeRoleData(aws.emulator, { readTimeout: 300 }) },
		).result.catch((e: unknown) => e);
		expect(Date.now() - started).toBeLessThan(2500);
		expect((error as Error).message).toMatch(/did not answer in time/);
		expect((error as NodeApiError).description).toMatch(/Read Timeout/);
	});

	it('signs for the Bedrock region of the credential', async () => {
		await run({}).result;
		const call = aws.emulator.calls.find((c) => c.action === 'Converse');
		expect(signedRegion(call!.headers)).toBe('us-east-1');
	});
});
