import {
	InvokeModelCommand,
	InvokeModelWithResponseStreamCommand,
	type BedrockRuntimeClient,
	type InvokeModelCommandInput,
} from '@aws-sdk/client-bedrock-runtime';

import { failure, runtimeClientHttp1 } from './clients';
import { startEmulator, type Emulator } from './index';

type Json = Record<string, unknown>;

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const parse = (bytes: Uint8Array | undefined): Json =>
	JSON.parse(new TextDecoder().decode(bytes)) as Json;

/** Records the response headers of every call the client makes. */
function captureHeaders(client: BedrockRuntimeClient): Array<Record<string, string>> {
	const seen: Array<Record<string, string>> = [];
	client.middlewareStack.add(
		(next) => async (args) => {
			const result = await next(args);
			seen.push((result.response as { headers: Record<string, string> }).headers);
			return result;
		},
		{ step: 'deserialize', name: 'captureHeaders', priority: 'low' },
	);
	return seen;
}

/** A prompt, the native request carrying it, and how to read the text of the answer. */
const FAMILIES: Array<[string, string, Json, (body: Json) => unknown]> = [
	[
		'Anthropic Messages',
		'anthropic.claude-3-5-haiku-20241022-v1:0',
		{
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 100,
			messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi Claude' }] }],
		},
		(b) => (b.content as Json[])[0].text,
	],
	[
		'Anthropic Text Completions',
		'anthropic.claude-v2:1',
		{ prompt: '\n\nHuman: Hi Claude\n\nAssistant:', max_tokens_to_sample: 100 },
		(b) => (b.completion as string).trim(),
	],
	[
		'Amazon Nova',
		'amazon.nova-lite-v1:0',
		{
			messages: [{ role: 'user', content: [{ text: 'Hi Claude' }] }],
			inferenceConfig: { maxTokens: 50 },
		},
		(b) => (((b.output as Json).message as Json).content as Json[])[0].text,
	],
	[
		'Amazon Titan Text',
		'amazon.titan-text-express-v1',
		{ inputText: 'Hi Claude', textGenerationConfig: { maxTokenCount: 50 } },
		(b) => (b.results as Json[])[0].outputText,
	],
	[
		'Meta Llama',
		'meta.llama3-1-8b-instruct-v1:0',
		{
			prompt:
				'<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi Claude<|eot_id|><|start_header_id|>assistant<|end_header_id|>',
			max_gen_len: 50,
		},
		(b) => b.generation,
	],
	[
		'Mistral',
		'mistral.mistral-large-2402-v1:0',
		{ prompt: '<s>[INST] Hi Claude [/INST]', max_tokens: 50 },
		(b) => (b.outputs as Json[])[0].text,
	],
	['Cohere Command R', 'cohere.command-r-v1:0', { message: 'Hi Claude' }, (b) => b.text],
	[
		'AI21 Jamba',
		'ai21.jamba-1-5-large-v1:0',
		{ messages: [{ role: 'user', content: 'Hi Claude' }], max_tokens: 50 },
		(b) => ((b.choices as Json[])[0].message as Json).content,
	],
	[
		'DeepSeek R1 (inference profile)',
		'us.deepseek.r1-v1:0',
		{ prompt: '<｜begin▁of▁sentence｜><｜User｜>Hi Claude<｜Assistant｜>', max_tokens: 50 },
		(b) => (b.choices as Json[])[0].text,
	],
];

describe('emulator: Bedrock Runtime InvokeModel', () => {
	let emulator: Emulator;
	let client: BedrockRuntimeClient;
	let headers: Array<Record<string, string>>;
	beforeAll(async () => {
		emulator = await startEmulator();
		client = runtimeClientHttp1(emulator);
		headers = captureHeaders(client);
	});
	afterAll(async () => {
		client.destroy();
		await emulator.stop();
	});
	beforeEach(() => {
		emulator.reset();
		headers.length = 0;
	});

	test.each(FAMILIES)(
		'%s: the native answer echoes the prompt',
		async (_name, modelId, body, text) => {
			const out = await client.send(
				new InvokeModelCommand({
					modelId,
					body: json(body),
					contentType: 'application/json',
					accept: 'application/json',
				}),
			);
			expect(out.contentType).toBe('application/json');
			expect(text(parse(out.body))).toBe('Echo: Hi Claude');
			expect(headers[0]).toMatchObject({
				'x-amzn-bedrock-input-token-count': '2',
				'x-amzn-bedrock-output-token-count': '3',
			});
			expect(emulator.calls[0]).toMatchObject({ action: 'InvokeModel', status: 200, body });
		},
	);

	test('Anthropic and Nova answers have the full native shape', async () => {
		const anthropic = parse(
			(
				await client.send(
					new InvokeModelCommand({ modelId: FAMILIES[0][1], body: json(FAMILIES[0][2]) }),
				)
			).body,
		);
		expect(anthropic).toEqual({
			id: expect.stringMatching(/^msg_bdrk_/),
			type: 'message',
			role: 'assistant',
			model: 'claude-3-5-haiku-20241022',
			content: [{ type: 'text', text: 'Echo: Hi Claude' }],
			stop_reason: 'end_turn',
			stop_sequence: null,
			usage: { input_tokens: 2, output_tokens: 3 },
		});
		const nova = parse(
			(
				await client.send(
					new InvokeModelCommand({ modelId: FAMILIES[2][1], body: json(FAMILIES[2][2]) }),
				)
			).body,
		);
		expect(nova).toMatchObject({
			stopReason: 'end_turn',
			usage: { inputTokens: 2, outputTokens: 3, totalTokens: 5 },
		});
		const llama = parse(
			(
				await client.send(
					new InvokeModelCommand({ modelId: FAMILIES[4][1], body: json(FAMILIES[4][2]) }),
				)
			).body,
		);
		expect(llama).toEqual({
			generation: 'Echo: Hi Claude',
			prompt_token_count: 2,
			generation_token_count: 3,
			stop_reason: 'stop',
		});
	});

	test('max tokens and stop sequences are honoured in the family words', async () => {
		const cut = parse(
			(
				await client.send(
					new InvokeModelCommand({
						modelId: 'amazon.titan-text-express-v1',
						body: json({ inputText: 'one two three', textGenerationConfig: { maxTokenCount: 2 } }),
					}),
				)
			).body,
		);
		expect(cut).toEqual({
			inputTextTokenCount: 3,
			results: [{ tokenCount: 2, outputText: 'Echo: one', completionReason: 'LENGTH' }],
		});
		const stopped = parse(
			(
				await client.send(
					new InvokeModelCommand({
						modelId: FAMILIES[0][1],
						body: json({ ...FAMILIES[0][2], stop_sequences: ['Claude'] }),
					}),
				)
			).body,
		);
		expect(stopped).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'Claude' });
	});

	test('Titan Embed: a deterministic, normalised vector of the asked dimensions', async () => {
		const send = async (inputText: string) =>
			parse(
				(
					await client.send(
						new InvokeModelCommand({
							modelId: 'amazon.titan-embed-text-v2:0',
							body: json({ inputText, dimensions: 256 }),
						}),
					)
				).body,
			);
		const a = await send('hello world');
		const embedding = a.embedding as number[];
		expect(embedding).toHaveLength(256);
		expect(Math.sqrt(embedding.reduce((s, v) => s + v * v, 0))).toBeCloseTo(1, 6);
		expect(a.inputTextTokenCount).toBe(2);
		expect((await send('hello world')).embedding).toEqual(embedding);
		expect((await send('other text')).embedding).not.toEqual(embedding);
	});

	test('header settings: guardrail, trace, latency and service tier', async () => {
		const out = await client.send(
			new InvokeModelCommand({
				modelId: FAMILIES[0][1],
				body: json(FAMILIES[0][2]),
				guardrailIdentifier: 'gr-123',
				guardrailVersion: 'DRAFT',
				trace: 'ENABLED',
				performanceConfigLatency: 'optimized',
				serviceTier: 'priority',
			}),
		);
		expect(out.performanceConfigLatency).toBe('optimized');
		expect(out.serviceTier).toBe('priority');
		expect(parse(out.body)).toMatchObject({
			'amazon-bedrock-guardrailAction': 'NONE',
			'amazon-bedrock-trace': { guardrail: { input: { 'gr-123': {} } } },
		});
		expect(emulator.calls[0].headers).toMatchObject({
			'x-amzn-bedrock-guardrailidentifier': 'gr-123',
			'x-amzn-bedrock-guardrailversion': 'DRAFT',
			'x-amzn-bedrock-trace': 'ENABLED',
			'x-amzn-bedrock-performanceconfig-latency': 'optimized',
			'x-amzn-bedrock-service-tier': 'priority',
		});
	});

	test.each<[string, Partial<InvokeModelCommandInput>, RegExp]>([
		[
			'a guardrail version without identifier',
			{ guardrailVersion: '1' },
			/Guardrail identifier is required/,
		],
		[
			'a bad guardrail version',
			{ guardrailIdentifier: 'g', guardrailVersion: 'v1' },
			/guardrailVersion/,
		],
		['an unsupported accept type', { accept: 'text/plain' }, /accept type text\/plain/],
		['an unsupported content type', { contentType: 'text/plain' }, /content type text\/plain/],
		[
			'a missing required key',
			{ body: json({ anthropic_version: 'bedrock-2023-05-31', messages: [] }) },
			/required key \[max_tokens\] not found/,
		],
		[
			'a body that is not JSON',
			{ body: new TextEncoder().encode('{oops') },
			/^Malformed input request/,
		],
	])('%s is a ValidationException', async (_name, extra, message) => {
		const err = await failure(
			client.send(
				new InvokeModelCommand({ modelId: FAMILIES[0][1], body: json(FAMILIES[0][2]), ...extra }),
			),
		);
		expect(err.name).toBe('ValidationException');
		expect(err.message).toMatch(message);
	});

	describe('InvokeModelWithResponseStream', () => {
		/** Decodes every chunk of a streamed answer. */
		async function chunks(modelId: string, body: Json): Promise<Json[]> {
			const out = await client.send(
				new InvokeModelWithResponseStreamCommand({ modelId, body: json(body) }),
			);
			expect(out.contentType).toBe('application/json');
			const decoded: Json[] = [];
			for await (const event of out.body ?? []) decoded.push(parse(event.chunk?.bytes));
			return decoded;
		}
		const metrics = {
			inputTokenCount: 2,
			outputTokenCount: 3,
			invocationLatency: 130,
			firstByteLatency: 50,
		};

		test('Anthropic: message_start, text deltas, message_delta, message_stop with metrics', async () => {
			const got = await chunks(FAMILIES[0][1], FAMILIES[0][2]);
			expect(got.map((c) => c.type)).toEqual([
				'message_start',
				'content_block_start',
				'content_block_delta',
				'content_block_delta',
				'content_block_delta',
				'content_block_stop',
				'message_delta',
				'message_stop',
			]);
			const text = got
				.filter((c) => c.type === 'content_block_delta')
				.map((c) => (c.delta as Json).text)
				.join('');
			expect(text).toBe('Echo: Hi Claude');
			expect(got[6]).toEqual({
				type: 'message_delta',
				delta: { stop_reason: 'end_turn', stop_sequence: null },
				usage: { output_tokens: 3 },
			});
			expect(got.at(-1)).toEqual({
				type: 'message_stop',
				'amazon-bedrock-invocationMetrics': metrics,
			});
			expect(emulator.calls[0]).toMatchObject({
				action: 'InvokeModelWithResponseStream',
				streamed: Array(8).fill('chunk'),
			});
		});

		test('Nova: messageStart, contentBlockDelta…, messageStop, metadata', async () => {
			const got = await chunks(FAMILIES[2][1], FAMILIES[2][2]);
			expect(got.map((c) => Object.keys(c)[0])).toEqual([
				'messageStart',
				'contentBlockDelta',
				'contentBlockDelta',
				'contentBlockDelta',
				'contentBlockStop',
				'messageStop',
				'metadata',
			]);
			expect(got.at(-1)).toMatchObject({
				metadata: { usage: { inputTokens: 2, outputTokens: 3 } },
				'amazon-bedrock-invocationMetrics': metrics,
			});
		});

		test('Titan Text: outputText pieces, the last with its completionReason and metrics', async () => {
			const got = await chunks(FAMILIES[3][1], FAMILIES[3][2]);
			expect(got.map((c) => c.outputText).join('')).toBe('Echo: Hi Claude');
			expect(got[0]).toMatchObject({ index: 0, completionReason: null, inputTextTokenCount: 2 });
			expect(got.at(-1)).toMatchObject({
				completionReason: 'FINISH',
				totalOutputTextTokenCount: 3,
				'amazon-bedrock-invocationMetrics': metrics,
			});
		});

		test.each(FAMILIES.slice(4))('%s streams the echo too', async (_name, modelId, body) => {
			const got = await chunks(modelId, body);
			expect(JSON.stringify(got)).toContain('Hi ');
			expect(got.at(-1)?.['amazon-bedrock-invocationMetrics']).toEqual(metrics);
		});

		test('an embedding model does not stream', async () => {
			const err = await failure(
				client.send(
					new InvokeModelWithResponseStreamCommand({
						modelId: 'amazon.titan-embed-text-v2:0',
						body: json({ inputText: 'x' }),
					}),
				),
			);
			expect(err.name).toBe('ValidationException');
			expect(err.message).toBe('The model is unsupported for streaming.');
		});
	});
});
