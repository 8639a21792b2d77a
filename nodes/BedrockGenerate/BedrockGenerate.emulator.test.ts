import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
} from 'n8n-workflow';

import { CREDENTIAL_CASES, assumeRoleData, signedRegion } from '../../test/helpers/credentials';
import { locator } from '../../test/helpers/nodeContext';
import { nodeRunner, useEmulator } from '../../test/helpers/useEmulator';
import { BedrockGenerate } from './BedrockGenerate.node';
import { EXAMPLE_TEMPLATES } from './modelFamilies';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const TITAN = 'amazon.titan-text-express-v1';
const TITAN_EMBED = 'amazon.titan-embed-text-v2:0';
const LLAMA = 'meta.llama3-1-8b-instruct-v1:0';
const MISTRAL = 'mistral.mistral-large-2402-v1:0';
const COHERE = 'cohere.command-r-v1:0';
const JAMBA = 'ai21.jamba-1-5-large-v1:0';
const DEEPSEEK = 'us.deepseek.r1-v1:0';

/** One Prompt Variables row (a call, so the n8n linter does not read it as an option). */
const row = (name: string, value: unknown, type?: string) =>
	type ? { name, value, type } : { name, value };
const variables = (values: Record<string, unknown>) => ({
	variable: Object.entries(values).map(([name, value]) => row(name, value)),
});

describe('Bedrock Generate', () => {
	const aws = useEmulator();
	const node = new BedrockGenerate();

	const run = nodeRunner(node, aws, {
		model: locator(HAIKU),
		requestBody: EXAMPLE_TEMPLATES.anthropic,
		promptVariables: variables({ prompt: 'hello there' }),
		outputMapping: 'default',
		options: {},
	});

	const invokeCalls = () => aws.emulator.calls.filter((c) => c.action === 'InvokeModel');
	const lastInvoke = () => invokeCalls().at(-1)!;

	describe('InvokeModel', () => {
		it.each(CREDENTIAL_CASES)('answers an Anthropic body through $type', async (credential) => {
			const [[item]] = await run(
				{ promptVariables: variables({ prompt: 'Tell me a joke' }) },
				{ credential },
			).result;
			expect(item.json).toEqual({
				text: 'Echo: Tell me a joke',
				usage: {
					inputTokens: expect.any(Number),
					outputTokens: expect.any(Number),
					totalTokens: expect.any(Number),
				},
				stopReason: 'end_turn',
				latencyMs: expect.any(Number),
				model: HAIKU,
			});
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(lastInvoke().body).toEqual({
				anthropic_version: 'bedrock-2023-05-31',
				max_tokens: 1024,
				messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me a joke' }] }],
			});
			expect(lastInvoke().path).toBe(`/model/${encodeURIComponent(HAIKU)}/invoke`);
			if (credential.authentication === 'apiKey') {
				expect(lastInvoke().auth).toBe('bearer');
			} else {
				expect(signedRegion(lastInvoke().headers)).toBe('us-east-1');
			}
		});

		it('sends every option as its InvokeModel header', async () => {
			const [[item]] = await run({
				options: {
					contentType: 'application/json',
					accept: '*/*',
					guardrailIdentifier: 'gr-abc123',
					guardrailVersion: '3',
					guardrailTrace: 'ENABLED_FULL',
					performanceLatency: 'optimized',
					serviceTier: 'flex',
				},
			}).result;
			const headers = lastInvoke().headers;
			expect(headers['content-type']).toBe('application/json');
			expect(headers.accept).toBe('*/*');
			expect(headers['x-amzn-bedrock-guardrailidentifier']).toBe('gr-abc123');
			expect(headers['x-amzn-bedrock-guardrailversion']).toBe('3');
			expect(headers['x-amzn-bedrock-trace']).toBe('ENABLED_FULL');
			expect(headers['x-amzn-bedrock-performanceconfig-latency']).toBe('optimized');
			expect(headers['x-amzn-bedrock-service-tier']).toBe('flex');
			expect(lastInvoke().body).toMatchObject({
				messages: [{ content: [{ text: 'hello there' }] }],
			});
			expect(item.json).toMatchObject({
				text: 'Echo: hello there',
				guardrailAction: 'NONE',
				guardrailTrace: { guardrail: { input: { 'gr-abc123': {} } } },
			});
		});

		it('sends no optional header when no option is set, and DRAFT as the default guardrail version', async () => {
			await run({}).result;
			const plain = lastInvoke().headers;
			for (const header of [
				'x-amzn-bedrock-guardrailidentifier',
				'x-amzn-bedrock-guardrailversion',
				'x-amzn-bedrock-trace',
				'x-amzn-bedrock-performanceconfig-latency',
				'x-amzn-bedrock-service-tier',
			]) {
				expect(plain).not.toHaveProperty(header);
			}
			expect(plain['content-type']).toBe('application/json');
			expect(plain.accept).toBe('application/json');

			await run({ options: { guardrailIdentifier: 'gr-abc123' } }).result;
			expect(lastInvoke().headers['x-amzn-bedrock-guardrailversion']).toBe('DRAFT');
		});

		it('refuses a guardrail version without a guardrail ID before any call', async () => {
			const error = await run({ options: { guardrailVersion: '2' } }).result.catch(
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toContain('Guardrail Version');
			expect(aws.emulator.count('InvokeModel')).toBe(0);
		});

		it('inserts hostile prompt variable values intact into the JSON body', async () => {
			const hostile = {
				a: 'He said "hi" and left\\',
				b: '"}, "max_tokens": 1, "x": {"',
				c: 'line one\nline two\r\n\ttabbed',
				d: '{{b}} and {{ unknown }}',
				e: 'emoji 😀, \u2028 separator, nul \u0000 end',
			};
			const template = JSON.stringify({
				anthropic_version: 'bedrock-2023-05-31',
				max_tokens: 1024,
				system: 'Rules: {{a}}',
				messages: [
					{ role: 'user', content: [{ type: 'text', text: '{{a}}|{{b}}|{{c}}|{{d}}|{{e}}' }] },
				],
			});
			const [[item]] = await run({ requestBody: template, promptVariables: variables(hostile) })
				.result;
			const body = lastInvoke().body as IDataObject;
			const expected = `${hostile.a}|${hostile.b}|${hostile.c}|${hostile.d}|${hostile.e}`;
			expect(body.max_tokens).toBe(1024);
			expect(body.system).toBe(`Rules: ${hostile.a}`);
			expect(Object.keys(body).sort()).toEqual([
				'anthropic_version',
				'max_tokens',
				'messages',
				'system',
			]);
			expect(body.messages).toEqual([
				{ role: 'user', content: [{ type: 'text', text: expected }] },
			]);
			expect(item.json.text).toBe(`Echo: ${expected}`);
		});

		it('inserts typed values as JSON values outside quotes', async () => {
			const template =
				'{"anthropic_version": "bedrock-2023-05-31", "max_tokens": {{max}}, "stop_sequences": {{stops}}, "messages": {{messages}}}';
			await run({
				requestBody: template,
				promptVariables: {
					variable: [
						row('max', '64', 'number'),
						row('stops', '["END"]', 'json'),
						row('messages', [{ role: 'user', content: 'from an expression' }], 'auto'),
					],
				},
			}).result;
			expect(lastInvoke().body).toEqual({
				anthropic_version: 'bedrock-2023-05-31',
				max_tokens: 64,
				stop_sequences: ['END'],
				messages: [{ role: 'user', content: 'from an expression' }],
			});
		});

		it('refuses unknown placeholders before any call, naming them', async () => {
			const template =
				'{"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [{"role": "user", "content": "{{question}} {{context}}"}]}';
			const error = await run({ requestBody: template }).result.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			const opError = error as NodeOperationError;
			expect(opError.message).toContain('Unknown prompt variables: question, context');
			expect(opError.description).toContain('"question"');
			expect(opError.context.itemIndex).toBe(0);
			expect(aws.emulator.count('InvokeModel')).toBe(0);
			expect(aws.emulator.count('AssumeRole')).toBe(0);
		});

		it('refuses a template that is not JSON with its line and column, before any call', async () => {
			const error = await run({
				requestBody: '{\n  "prompt": "{{prompt}}",\n  "max": 5,,\n}',
			}).result.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/line 3, column \d+/);
			expect((error as NodeOperationError).description).toEqual(expect.any(String));
			expect(aws.emulator.count('InvokeModel')).toBe(0);
		});

		it.each([
			"$..[?(@.constructor.constructor('return process')())]",
			'$.content[(this.constructor)]',
			'$..constructor',
			'$.a.__proto__',
			'$[`x`]',
		])('refuses the custom output path %s before any call', async (path) => {
			const error = await run({
				outputMapping: 'custom',
				customOutputFields: { field: [{ name: 'evil', path }] },
			}).result.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toContain('Output field "evil"');
			expect((error as NodeOperationError).description).toContain('Only plain paths are allowed');
			expect(aws.emulator.count('InvokeModel')).toBe(0);
		});

		it.each([
			{
				family: 'Anthropic',
				model: HAIKU,
				template: EXAMPLE_TEMPLATES.anthropic,
				stopReason: 'end_turn',
				tokens: true,
			},
			{
				family: 'Nova',
				model: NOVA,
				template: EXAMPLE_TEMPLATES.nova,
				stopReason: 'end_turn',
				tokens: true,
			},
			{
				family: 'Titan Text',
				model: TITAN,
				template: '{"inputText": "{{prompt}}"}',
				stopReason: 'FINISH',
				tokens: true,
			},
			{
				family: 'Llama',
				model: LLAMA,
				template: EXAMPLE_TEMPLATES.llama,
				stopReason: 'stop',
				tokens: true,
			},
			// Mistral's body has no token counts: they come from the response headers.
			{
				family: 'Mistral',
				model: MISTRAL,
				template: EXAMPLE_TEMPLATES.mistral,
				stopReason: 'stop',
				tokens: true,
			},
			{
				family: 'Cohere',
				model: COHERE,
				template: EXAMPLE_TEMPLATES.cohere,
				stopReason: 'COMPLETE',
				tokens: true,
			},
			{
				family: 'Jamba',
				model: JAMBA,
				template: EXAMPLE_TEMPLATES.ai21,
				stopReason: 'stop',
				tokens: true,
			},
			{
				family: 'DeepSeek R1',
				model: DEEPSEEK,
				template: EXAMPLE_TEMPLATES.deepseek,
				stopReason: 'stop',
				tokens: true,
			},
		])(
			'maps the $family answer to text, tokens and stop reason by default',
			async ({ model, template, stopReason }) => {
				const [[item]] = await run({
					model: locator(model),
					requestBody: template,
					promptVariables: variables({ prompt: 'two words' }),
				}).result;
				expect(item.json).toEqual({
					text: 'Echo: two words',
					usage: {
						inputTokens: expect.any(Number),
						outputTokens: 3,
						totalTokens: expect.any(Number),
						// Nova's body always reports its prompt cache counts (none here: no cache point).
						...(model === NOVA ? { cacheReadInputTokens: 0, cacheWriteInputTokens: 0 } : {}),
					},
					stopReason,
					latencyMs: expect.any(Number),
					model,
				});
				const usage = item.json.usage as { inputTokens: number; totalTokens: number };
				expect(usage.inputTokens > 0).toBe(true);
				expect(usage.totalTokens).toBe(usage.inputTokens + 3);
			},
		);

		it('maps a Titan embeddings answer to embedding and input tokens', async () => {
			const [[item]] = await run({
				model: locator(TITAN_EMBED),
				requestBody: '{"inputText": "{{prompt}}", "dimensions": {{dims}}}',
				promptVariables: { variable: [row('prompt', 'embed me'), row('dims', 256, 'number')] },
			}).result;
			expect(Object.keys(item.json).sort()).toEqual(['embedding', 'latencyMs', 'model', 'usage']);
			expect(item.json.embedding).toHaveLength(256);
			expect((item.json.embedding as number[]).every((v) => typeof v === 'number')).toBe(true);
			expect(item.json.usage).toEqual({
				inputTokens: expect.any(Number),
				outputTokens: 0, // from the response header
				totalTokens: expect.any(Number),
			});
		});

		it('reads custom fields next to the defaults, replacing a default of the same name', async () => {
			const [[item]] = await run({
				outputMapping: 'custom',
				customOutputFields: {
					field: [
						{ name: 'text', path: '$.content[0].type' },
						{ name: 'messageId', path: '$.id' },
						{ name: 'usage', path: "$['usage']" },
						{ name: 'missing', path: '$.nothing.here' },
					],
				},
			}).result;
			expect(item.json).toEqual({
				text: 'text',
				stopReason: 'end_turn',
				messageId: expect.stringMatching(/^msg_bdrk_/),
				usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
				latencyMs: expect.any(Number),
				model: HAIKU,
			});
		});

		it('reads only the custom fields when the default fields are turned off', async () => {
			const [[item]] = await run({
				outputMapping: 'custom',
				includeDefaultFields: false,
				customOutputFields: { field: [{ name: 'answer', path: '$.content[*].text' }] },
			}).result;
			expect(item.json).toEqual({ answer: 'Echo: hello there', model: HAIKU });
		});

		it('adds the raw answer on request', async () => {
			const [[item]] = await run({ options: { includeRawResponse: true } }).result;
			expect(item.json.raw).toMatchObject({
				type: 'message',
				content: [{ type: 'text', text: 'Echo: hello there' }],
				usage: {
					input_tokens: (item.json.usage as IDataObject).inputTokens,
					output_tokens: (item.json.usage as IDataObject).outputTokens,
				},
			});
			expect(Object.keys(item.json).at(-1)).toBe('raw');
		});

		it('reports a ValidationException of the model as an API error with the item index', async () => {
			// A Nova body sent to an Anthropic model: the required keys are missing.
			const error = await run({ requestBody: EXAMPLE_TEMPLATES.nova }).result.catch(
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(NodeApiError);
			expect((error as NodeApiError).message).toMatch(/anthropic_version|Malformed input/);
			expect((error as NodeApiError).description).toMatch(/AWS request ID: \S+/);
			expect((error as NodeApiError).context.itemIndex).toBe(0);
		});

		it('applies Max Attempts with Throttling Budget 0: one attempt fails on throttling, the default retries', async () => {
			aws.emulator.injectFault({ action: 'InvokeModel', kind: 'throttle', times: 1 });
			const error = await run({ options: { maxAttempts: 1, throttlingBudget: 0 } }).result.catch(
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(aws.emulator.count('InvokeModel')).toBe(1);

			aws.emulator.reset();
			aws.emulator.injectFault({ action: 'InvokeModel', kind: 'throttle', times: 1 });
			const [[item]] = await run({}).result;
			expect(item.json.text).toBe('Echo: hello there');
			expect(aws.emulator.count('InvokeModel')).toBe(2);
		});
	});

	describe('items', () => {
		it('with Continue On Fail turns one bad item into its error and keeps the others in order', async () => {
			const { result } = run(
				(i) => ({
					promptVariables: variables(i === 1 ? { other: 'x' } : { prompt: `item ${i}` }),
				}),
				{ items: 3, continueOnFail: true },
			);
			const [out] = await result;
			expect(out.map((o) => o.json.text)).toEqual(['Echo: item 0', undefined, 'Echo: item 2']);
			expect(out[1].json.error).toContain('Unknown prompt variables: prompt');
			expect(out[1].json.description).toContain('Prompt Variables');
			expect(out[1].pairedItem).toEqual({ item: 1 });
			expect(aws.emulator.count('InvokeModel')).toBe(2);
		});

		it('with Continue On Fail keeps an AWS error of one item with its request ID', async () => {
			const { result } = run(
				(i) => ({
					model: locator(i === 0 ? 'amazon.no-such-model-v9:0' : HAIKU),
					promptVariables: variables({ prompt: `item ${i}` }),
				}),
				{ items: 2, continueOnFail: true },
			);
			const [out] = await result;
			expect(out[0].json).toMatchObject({
				error: expect.any(String),
				requestId: expect.any(String),
			});
			expect(out[1].json.text).toBe('Echo: item 1');
		});

		it('keeps the output order when later items finish first', async () => {
			// The first three requests are held back, so items 3… answer before them.
			aws.emulator.injectFault({ action: 'InvokeModel', kind: 'delay', delayMs: 300, times: 3 });
			const { result } = run(
				(i) => ({
					promptVariables: variables({ prompt: `item ${i}` }),
					options: { maxConcurrency: 10 },
				}),
				{ items: 20 },
			);
			const [out] = await result;
			expect(out.map((o) => o.json.text)).toEqual(
				Array.from({ length: 20 }, (_, i) => `Echo: item ${i}`),
			);
			expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual(
				Array.from({ length: 20 }, (_, i) => i),
			);
			const held = invokeCalls().filter((c) => c.fault === 'delay');
			expect(held.map((c) => JSON.stringify(c.body))).toEqual([
				expect.stringContaining('item 0'),
				expect.stringContaining('item 1'),
				expect.stringContaining('item 2'),
			]);
		});

		it('resolves the credential once for 200 items: one AssumeRole call, one credential read', async () => {
			const { context, result } = run(
				(i) => ({
					promptVariables: variables({ prompt: `item ${i}` }),
					options: { maxConcurrency: 20 },
				}),
				{ items: 200 },
			);
			const [out] = await result;
			expect(out).toHaveLength(200);
			expect(out.map((o) => o.json.text)).toEqual(
				Array.from({ length: 200 }, (_, i) => `Echo: item ${i}`),
			);
			expect(aws.emulator.count('AssumeRole')).toBe(1);
			expect(aws.emulator.count('InvokeModel')).toBe(200);
			expect(context.credentialReads).toBe(1);
		});
	});

	describe('streaming', () => {
		const streamCalls = () =>
			aws.emulator.calls.filter((c) => c.action === 'InvokeModelWithResponseStream');

		it('streams the text as it arrives and returns the aggregated item', async () => {
			aws.emulator.config.streamDelayMs = 40;
			const { context, result } = run(
				{ promptVariables: variables({ prompt: 'one two three four five' }) },
				{ streaming: true },
			);
			const [[item]] = await result;
			const finished = Date.now();
			expect(item.json).toEqual({
				text: 'Echo: one two three four five',
				usage: {
					inputTokens: expect.any(Number),
					outputTokens: 6,
					totalTokens: expect.any(Number),
				},
				stopReason: 'end_turn',
				latencyMs: expect.any(Number),
				model: HAIKU,
			});
			expect(aws.emulator.count('InvokeModel')).toBe(0);
			expect(streamCalls()).toHaveLength(1);
			const chunks = context.chunks;
			expect(chunks.map((c) => c.type)).toEqual(['begin', ...Array(6).fill('item'), 'end']);
			expect(
				chunks
					.filter((c) => c.type === 'item')
					.map((c) => c.content)
					.join(''),
			).toBe(item.json.text);
			// The first piece was sent well before the stream ended.
			const firstItem = chunks.find((c) => c.type === 'item')!;
			const end = chunks.find((c) => c.type === 'end')!;
			expect(end.at - firstItem.at).toBeGreaterThanOrEqual(150);
			expect(finished - firstItem.at).toBeGreaterThanOrEqual(150);
		});

		it.each([
			{ family: 'Nova', model: NOVA, template: EXAMPLE_TEMPLATES.nova, stopReason: 'end_turn' },
			{
				family: 'Titan Text',
				model: TITAN,
				template: '{"inputText": "{{prompt}}"}',
				stopReason: 'FINISH',
			},
			{ family: 'Llama', model: LLAMA, template: EXAMPLE_TEMPLATES.llama, stopReason: 'stop' },
			{
				family: 'Mistral',
				model: MISTRAL,
				template: EXAMPLE_TEMPLATES.mistral,
				stopReason: 'stop',
			},
			{
				family: 'Cohere',
				model: COHERE,
				template: EXAMPLE_TEMPLATES.cohere,
				stopReason: 'COMPLETE',
			},
			{ family: 'Jamba', model: JAMBA, template: EXAMPLE_TEMPLATES.ai21, stopReason: 'stop' },
			{
				family: 'DeepSeek R1',
				model: DEEPSEEK,
				template: EXAMPLE_TEMPLATES.deepseek,
				stopReason: 'stop',
			},
		])('aggregates a streamed $family answer', async ({ model, template, stopReason }) => {
			const { context, result } = run(
				{
					model: locator(model),
					requestBody: template,
					promptVariables: variables({ prompt: 'alpha beta gamma' }),
				},
				{ streaming: true },
			);
			const [[item]] = await result;
			expect(item.json).toEqual({
				text: 'Echo: alpha beta gamma',
				usage: {
					inputTokens: expect.any(Number),
					outputTokens: 4,
					totalTokens: expect.any(Number),
				},
				stopReason,
				latencyMs: expect.any(Number),
				model,
			});
			expect(
				context.chunks
					.filter((c) => c.type === 'item')
					.map((c) => c.content)
					.join(''),
			).toBe('Echo: alpha beta gamma');
			expect(streamCalls()).toHaveLength(1);
		});

		it('sends the options as the streaming headers and returns the chunks as raw', async () => {
			const [[item]] = await run(
				{
					options: {
						accept: 'application/json',
						guardrailIdentifier: 'gr-1',
						guardrailTrace: 'ENABLED',
						performanceLatency: 'standard',
						serviceTier: 'priority',
						includeRawResponse: true,
					},
				},
				{ streaming: true },
			).result;
			const headers = streamCalls()[0].headers;
			expect(headers['x-amzn-bedrock-accept']).toBe('application/json');
			expect(headers['content-type']).toBe('application/json');
			expect(headers['x-amzn-bedrock-guardrailidentifier']).toBe('gr-1');
			expect(headers['x-amzn-bedrock-guardrailversion']).toBe('DRAFT');
			expect(headers['x-amzn-bedrock-trace']).toBe('ENABLED');
			expect(headers['x-amzn-bedrock-performanceconfig-latency']).toBe('standard');
			expect(headers['x-amzn-bedrock-service-tier']).toBe('priority');
			const raw = item.json.raw as IDataObject[];
			expect(raw[0]).toMatchObject({ type: 'message_start' });
			expect(raw.at(-1)).toMatchObject({
				type: 'message_stop',
				'amazon-bedrock-invocationMetrics': expect.any(Object),
			});
		});

		it('reads custom fields from the body the stream stands for, invocation metrics included', async () => {
			const [[item]] = await run(
				{
					outputMapping: 'custom',
					includeDefaultFields: false,
					customOutputFields: {
						field: [
							{
								name: 'latency',
								path: "$['amazon-bedrock-invocationMetrics'].invocationLatency",
							},
						],
					},
				},
				{ streaming: true },
			).result;
			expect(item.json).toEqual({ latency: expect.any(Number), model: HAIKU });
		});

		it.each([
			{ label: 'after a whole event', midFrame: false, detail: /without the model's final event/ },
			{
				label: 'in the middle of an event',
				midFrame: true,
				detail: /closed in the middle of an event/,
			},
		])('detects a stream cut off $label', async ({ midFrame, detail }) => {
			aws.emulator.injectFault({
				action: 'InvokeModelWithResponseStream',
				kind: 'streamTruncate',
				midFrame,
			});
			const { context, result } = run({}, { streaming: true });
			const error = await result.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toMatch(/^The response was cut off/);
			expect((error as Error).message).toMatch(detail);
			expect((error as NodeOperationError).description).toContain('Run the item again');
			expect((error as NodeOperationError).context.itemIndex).toBe(0);
			expect(context.chunks.some((c) => c.type === 'item')).toBe(true);
			expect(context.chunks.some((c) => c.type === 'end')).toBe(false);
		});

		it('detects a cut-off stream of a family without a final event of its own (Llama)', async () => {
			aws.emulator.injectFault({
				action: 'InvokeModelWithResponseStream',
				kind: 'streamTruncate',
				afterEvents: 2,
			});
			const error = await run(
				{
					model: locator(LLAMA),
					requestBody: EXAMPLE_TEMPLATES.llama,
					promptVariables: variables({ prompt: 'a b c d' }),
				},
				{ streaming: true },
			).result.catch((e: unknown) => e);
			expect((error as Error).message).toMatch(/cut off/);
		});

		it('fails a stalled stream at the read timeout instead of hanging', async () => {
			aws.emulator.injectFault({
				action: 'InvokeModelWithResponseStream',
				kind: 'stall',
				afterEvents: 2,
			});
			const started = Date.now();
			const { result } = run(
				{},
				{ streaming: true, data: assumeRoleData(aws.emulator, { readTimeout: 800 }) },
			);
			const error = await result.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(Date.now() - started).toBeLessThan(5000);
			expect((error as Error).message).toBe('AWS did not answer in time');
			expect((error as NodeOperationError).description).toMatch(/Raise Read Timeout[\s\S]*800 ms/);
			expect((error as NodeOperationError).context.itemIndex).toBe(0);
		});

		it('stops reading the stream when the execution is cancelled', async () => {
			aws.emulator.config.streamDelayMs = 300;
			const controller = new AbortController();
			const { context, result } = run({}, { streaming: true });
			context.getExecutionCancelSignal = () => controller.signal;
			setTimeout(() => controller.abort(), 100);
			const started = Date.now();
			const error = await result.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(Date.now() - started).toBeLessThan(1000);
		});

		it('waits for a slow first event within the read timeout', async () => {
			aws.emulator.injectFault({
				action: 'InvokeModelWithResponseStream',
				kind: 'slowFirstByte',
				delayMs: 500,
			});
			const [[item]] = await run(
				{},
				{ streaming: true, data: assumeRoleData(aws.emulator, { readTimeout: 1500 }) },
			).result;
			expect(item.json.text).toBe('Echo: hello there');
		});

		it('maps an exception inside the stream through the AWS error advice', async () => {
			aws.emulator.injectFault({
				action: 'InvokeModelWithResponseStream',
				kind: 'streamException',
				exceptionType: 'throttlingException',
			});
			const { result } = run({}, { streaming: true, continueOnFail: true });
			const [[item]] = await result;
			expect(item.json.error).toEqual(expect.any(String));
			expect(item.json.code).toBe('ThrottlingException');
			expect(item.json.text).toBeUndefined();
		});

		it('does not stream when Stream Response is off, or for an embeddings model', async () => {
			await run({ options: { streamResponse: false } }, { streaming: true }).result;
			await run(
				{ model: locator(TITAN_EMBED), requestBody: EXAMPLE_TEMPLATES.titanEmbed },
				{ streaming: true },
			).result;
			expect(streamCalls()).toHaveLength(0);
			expect(aws.emulator.count('InvokeModel')).toBe(2);
		});
	});

	describe('binary answers', () => {
		// The emulator has no image model: a stand-in client answers like Titan Image / Nova Canvas.
		const PNG = Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			Buffer.from('png-body'),
		]);
		const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('jpeg-body')]);

		async function withFakeClient(
			answer: { body: Uint8Array; contentType: string },
			parameters: IDataObject,
		): Promise<INodeExecutionData> {
			const clients = await import('../shared/clients');
			const send = jest.fn().mockResolvedValue(answer);
			const spy = jest.spyOn(clients, 'getClient').mockResolvedValue({ send } as never);
			try {
				const [[item]] = await run(parameters).result;
				expect(send).toHaveBeenCalledTimes(1);
				return item;
			} finally {
				spy.mockRestore();
			}
		}

		it('outputs base64 images as binary properties image_0, image_1', async () => {
			const body = Buffer.from(
				JSON.stringify({ images: [PNG.toString('base64'), JPEG.toString('base64')], error: null }),
			);
			const item = await withFakeClient(
				{ body, contentType: 'application/json' },
				{
					model: locator('amazon.nova-canvas-v1:0'),
					requestBody: '{"taskType": "TEXT_IMAGE", "textToImageParams": {"text": "{{prompt}}"}}',
				},
			);
			expect(item.json).toEqual({
				model: 'amazon.nova-canvas-v1:0',
				latencyMs: expect.any(Number),
			});
			expect(Object.keys(item.binary ?? {})).toEqual(['image_0', 'image_1']);
			expect(item.binary!.image_0).toMatchObject({
				mimeType: 'image/png',
				fileName: 'image_0.png',
			});
			expect(Buffer.from(item.binary!.image_0.data, 'base64')).toEqual(PNG);
			expect(item.binary!.image_1).toMatchObject({
				mimeType: 'image/jpeg',
				fileName: 'image_1.jpg',
			});
		});

		it('returns an answer that is not JSON as the binary property data', async () => {
			const item = await withFakeClient(
				{ body: new Uint8Array(JPEG), contentType: 'image/jpeg' },
				{
					model: locator('stability.sd3-5-large-v1:0'),
					requestBody: '{"prompt": "{{prompt}}"}',
					options: { accept: 'image/jpeg' },
				},
			);
			expect(item.json).toEqual({
				model: 'stability.sd3-5-large-v1:0',
				latencyMs: expect.any(Number),
				contentType: 'image/jpeg',
				bytes: JPEG.length,
			});
			expect(item.binary!.data).toMatchObject({ mimeType: 'image/jpeg', fileName: 'response.jpg' });
		});
	});
});
