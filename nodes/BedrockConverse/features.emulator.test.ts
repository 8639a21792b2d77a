import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { binary, locator } from '../../test/helpers/nodeContext';
import { nodeRunner, useEmulator, type RunOptions } from '../../test/helpers/useEmulator';
import { BedrockConverse } from './BedrockConverse.node';

/** Converse features end to end: what reaches the wire and what comes back out. */
describe('Bedrock Converse features', () => {
	const aws = useEmulator();
	const node = new BedrockConverse();
	const HAIKU = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
	const SONNET = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';

	const run = nodeRunner(node, aws, {
		model: locator(HAIKU),
		inputMode: 'prompt',
		prompt: 'hello',
		options: {},
	});
	const execute = async (parameters: IDataObject, options: RunOptions = {}) =>
		(await run(parameters, options).result)[0];
	const sent = (action = 'Converse') =>
		aws.emulator.calls.filter((c) => c.action === action).map((c) => c.body as IDataObject);

	it('returns tool calls and the assistant message for chaining', async () => {
		const [item] = await execute({
			prompt: 'please use tool now',
			options: {
				tools: '[{"name":"lookup","description":"Looks up","inputSchema":{"type":"object"}}]',
				toolChoice: 'any',
			},
		});
		expect(item.json.stopReason).toBe('tool_use');
		expect(item.json.toolCalls).toEqual([
			{ id: expect.any(String), name: 'lookup', input: { echo: expect.any(String) } },
		]);
		expect(item.json.message).toMatchObject({
			role: 'assistant',
			content: [expect.objectContaining({ toolUse: expect.objectContaining({ name: 'lookup' }) })],
		});
		expect(sent()[0]).toMatchObject({
			toolConfig: { toolChoice: { any: {} }, tools: [{ toolSpec: { name: 'lookup' } }] },
		});
	});

	it('continues a conversation from an item field, with the previous assistant message appended', async () => {
		const [first] = await execute({ prompt: 'first question' });
		const messages = [
			{ role: 'user', content: 'first question' },
			first.json.message,
			{ role: 'user', content: 'and then?' },
		];
		const [second] = await execute(
			{ inputMode: 'messages', messagesSource: 'field', messagesField: 'chat.messages' },
			{ items: [{ json: { chat: { messages } } as IDataObject }] },
		);
		expect(second.json.text).toBe('Echo: and then?');
		expect(sent()[1].messages).toHaveLength(3);
	});

	it('returns reasoning text when a reasoning budget is set', async () => {
		const [item] = await execute({
			model: locator(SONNET),
			options: { reasoningBudget: 2048, maxTokens: 4096 },
		});
		expect(sent()[0].additionalModelRequestFields).toEqual({
			thinking: { type: 'enabled', budget_tokens: 2048 },
		});
		expect(item.json.reasoning).toEqual(expect.any(String));
		expect(item.json.text).toBe('Echo: hello');
	});

	it('parses structured output into "structuredOutput"', async () => {
		const schema = {
			type: 'object',
			properties: { answer: { type: 'string' } },
			required: ['answer'],
		};
		const [item] = await execute({ options: { outputSchema: JSON.stringify(schema) } });
		expect(sent()[0].outputConfig).toEqual({
			textFormat: {
				type: 'json_schema',
				structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'output' } },
			},
		});
		expect(item.json.structuredOutput).toEqual(
			expect.objectContaining({ answer: expect.any(String) }),
		);
	});

	it('places cache points and reports cache tokens', async () => {
		// 3.5 Haiku caches from 2,048 tokens on: long enough for a point after the system prompt.
		const systemPrompt = 'long shared instructions '.repeat(900);
		const [item] = await execute({
			systemPrompt,
			options: { promptCaching: true, tools: '[{"name":"t"}]' },
		});
		const body = sent()[0];
		expect(body.system).toEqual([{ text: systemPrompt }, { cachePoint: { type: 'default' } }]);
		// The tools alone are far below the minimum: no point after them.
		expect((body.toolConfig as IDataObject).tools).toEqual([
			expect.objectContaining({ toolSpec: expect.anything() }),
		]);
		expect((item.json.usage as IDataObject).cacheWriteInputTokens).toBeGreaterThan(0);
	});

	it('sends guardrail, latency and service tier as Converse expects', async () => {
		await execute({
			options: {
				guardrailIdentifier: 'gr-abc123',
				guardrailVersion: '3',
				guardrailTrace: 'enabled',
				performanceLatency: 'optimized',
				serviceTier: 'priority',
				stopSequences: ['END'],
				topP: 0.4,
			},
		});
		expect(sent()[0]).toMatchObject({
			guardrailConfig: {
				guardrailIdentifier: 'gr-abc123',
				guardrailVersion: '3',
				trace: 'enabled',
			},
			performanceConfig: { latency: 'optimized' },
			serviceTier: { type: 'priority' },
			inferenceConfig: { stopSequences: ['END'], topP: 0.4 },
		});
	});

	it('attaches binary images, documents and videos with formats from their MIME types', async () => {
		const items: INodeExecutionData[] = [
			{
				json: {},
				binary: {
					photo: binary(Buffer.alloc(1234, 1), 'image/png', 'photo.png'),
					report: binary(Buffer.alloc(2048, 2), 'application/pdf', 'Q1 report (final).pdf'),
					clip: binary(Buffer.alloc(64, 3), 'video/mp4', 'clip.mp4'),
				},
			},
		];
		const [item] = await execute(
			{
				model: locator('us.amazon.nova-lite-v1:0'),
				prompt: 'Describe',
				attachments: 'photo, report, clip',
			},
			{ items },
		);
		expect(item.json.text).toBe(
			'Echo: Describe [image/png 1234 bytes] [document "Q1 report (final)" pdf 2048 bytes] [video/mp4 64 bytes]',
		);
		const content = (sent()[0].messages as Array<{ content: IDataObject[] }>)[0].content;
		expect(content.map((c) => Object.keys(c)[0])).toEqual(['text', 'image', 'document', 'video']);
	});

	it('refuses an attachment type Converse does not take, and a missing binary property, before any call', async () => {
		const zip = [{ json: {}, binary: { data: binary('PK', 'application/zip', 'a.zip') } }];
		await expect(execute({ attachments: 'data' }, { items: zip })).rejects.toThrow(
			/application\/zip, which Converse does not take/,
		);
		await expect(execute({ attachments: 'nothing' }, { items: zip })).rejects.toThrow(/nothing/);
		expect(sent()).toHaveLength(0);
	});

	it('refuses an image over the Converse limit before reading it into a request', async () => {
		const big = [
			{ json: {}, binary: { data: binary(Buffer.alloc(4 * 1024 * 1024), 'image/png', 'big.png') } },
		];
		const error = await execute({ attachments: 'data' }, { items: big }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/4\.0 MB; Bedrock accepts at most 3\.8 MB/);
	});

	describe('streaming', () => {
		it('sends chunks while the answer is generated and returns the same item', async () => {
			aws.emulator.setStreamDelay(60);
			const { context: ctx, result } = run(
				{ prompt: 'one two three four five' },
				{ streaming: true },
			);
			const [[item]] = await result;
			const finished = Date.now();
			expect(item.json.text).toBe('Echo: one two three four five');
			expect(item.json.usage).toMatchObject({
				inputTokens: expect.any(Number),
				outputTokens: expect.any(Number),
			});
			expect(ctx.chunks[0]).toMatchObject({ type: 'begin', itemIndex: 0 });
			expect(ctx.chunks.at(-1)).toMatchObject({ type: 'end', itemIndex: 0 });
			const texts = ctx.chunks.filter((c) => c.type === 'item');
			expect(texts.map((c) => c.content).join('')).toBe(item.json.text);
			expect(texts.length).toBeGreaterThan(2);
			expect(finished - texts[0].at).toBeGreaterThan(150);
			expect(sent('ConverseStream')).toHaveLength(1);
			expect(sent('Converse')).toHaveLength(0);
		});

		it('does not stream when the node option is off', async () => {
			const { context: ctx, result } = run(
				{ options: { streamResponse: false } },
				{ streaming: true },
			);
			await result;
			expect(ctx.chunks).toHaveLength(0);
			expect(sent('Converse')).toHaveLength(1);
		});

		it('treats a stream that ends without its final events as an error, not a short answer', async () => {
			aws.emulator.injectFault({ action: 'ConverseStream', kind: 'streamTruncate' });
			const { context: ctx, result } = run({ prompt: 'a b c d e f' }, { streaming: true });
			const error = await result.catch((e: unknown) => e);
			expect((error as Error).message).toMatch(/ended before its messageStop event/);
			expect(ctx.chunks.at(-1)).toEqual(
				expect.objectContaining({ type: 'error', content: (error as Error).message }),
			);
			expect(ctx.chunks.filter((c) => c.type === 'end')).toHaveLength(0);
		});

		it('raises an exception sent inside the stream with advice', async () => {
			aws.emulator.injectFault({
				action: 'ConverseStream',
				kind: 'streamException',
				exceptionType: 'modelStreamErrorException',
			});
			const error = await execute({ prompt: 'a b c d e f' }, { streaming: true }).catch(
				(e: unknown) => e,
			);
			// The HTTP answer was a 200: the error is the stream's, mapped with its advice.
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).context).toMatchObject({
				itemIndex: 0,
				awsErrorCode: 'ModelStreamErrorException',
			});
			expect((error as NodeOperationError).description).toMatch(/\S/);
		});

		it('keeps other items when one stream fails, with Continue On Fail', async () => {
			aws.emulator.injectFault({ action: 'ConverseStream', kind: 'streamTruncate', times: 1 });
			const out = await execute(
				{ options: { maxConcurrency: 1 } },
				{ streaming: true, continueOnFail: true, items: [{ json: {} }, { json: {} }] },
			);
			expect(out[0].json.error).toMatch(/incomplete/);
			expect(out[1].json.text).toBe('Echo: hello');
		});
	});
});
