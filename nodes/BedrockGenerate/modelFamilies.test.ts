import {
	baseModelId,
	collectStream,
	DEFAULT_PATHS,
	defaultMappings,
	detectFamily,
	EXAMPLE_TEMPLATES,
	familyOf,
	MODEL_FAMILIES,
	mergeStreamDelta,
	emptyStreamTotals,
	streamDelta,
	type ModelFamily,
} from './modelFamilies';
import { mapOutput, validateJsonPath } from './outputMapping';
import { renderTemplate, type PromptVariable } from './template';

describe('familyOf', () => {
	const cases: Array<[string, ModelFamily]> = [
		['anthropic.claude-3-haiku-20240307-v1:0', 'anthropic'],
		['anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic'],
		['amazon.nova-lite-v1:0', 'nova'],
		['amazon.nova-premier-v1:0', 'nova'],
		['amazon.nova-2-lite-v1:0', 'nova'],
		['amazon.nova-canvas-v1:0', 'generic'],
		['amazon.nova-reel-v1:1', 'generic'],
		['amazon.nova-sonic-v1:0', 'generic'],
		['amazon.titan-text-express-v1', 'titanText'],
		['amazon.titan-text-premier-v1:0', 'titanText'],
		['amazon.titan-tg1-large', 'titanText'],
		['amazon.titan-embed-text-v2:0', 'titanEmbed'],
		['amazon.titan-embed-image-v1', 'titanEmbed'],
		['amazon.titan-image-generator-v2:0', 'generic'],
		['meta.llama3-1-70b-instruct-v1:0', 'llama'],
		['meta.llama4-maverick-17b-instruct-v1:0', 'llama'],
		['mistral.mistral-7b-instruct-v0:2', 'mistral'],
		['mistral.mixtral-8x7b-instruct-v0:1', 'mistral'],
		['mistral.mistral-large-2402-v1:0', 'mistral'],
		['mistral.mistral-large-2407-v1:0', 'mistralChat'],
		['mistral.pixtral-large-2502-v1:0', 'mistralChat'],
		['cohere.command-r-v1:0', 'cohere'],
		['cohere.command-r-plus-v1:0', 'cohere'],
		['cohere.command-text-v14', 'generic'],
		['cohere.embed-english-v3', 'cohereEmbed'],
		['cohere.embed-v4:0', 'cohereEmbed'],
		['cohere.rerank-v3-5:0', 'generic'],
		['ai21.jamba-1-5-large-v1:0', 'ai21'],
		['ai21.j2-ultra-v1', 'generic'],
		['deepseek.r1-v1:0', 'deepseek'],
		['deepseek.v3-v1:0', 'openai'],
		['openai.gpt-oss-120b-1:0', 'openai'],
		['openai.gpt-oss-20b-1:0', 'openai'],
		['stability.sd3-5-large-v1:0', 'generic'],
		['qwen.qwen3-32b-v1:0', 'generic'],
		['something-else', 'generic'],
		['', 'generic'],
	];

	it.each(cases)('%s → %s', (id, family) => {
		expect(familyOf(id)).toBe(family);
	});

	it.each([
		['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic'],
		['eu.amazon.nova-pro-v1:0', 'nova'],
		['apac.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic'],
		['jp.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic'],
		['au.anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic'],
		['us-gov.meta.llama3-8b-instruct-v1:0', 'llama'],
		['global.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic'],
		['us.deepseek.r1-v1:0', 'deepseek'],
		['us.meta.llama3-2-11b-instruct-v1:0', 'llama'],
		['ca.amazon.nova-lite-v1:0', 'nova'],
		['  us.amazon.nova-micro-v1:0  ', 'nova'],
	] as Array<[string, ModelFamily]>)('cross-Region profile %s → %s', (id, family) => {
		expect(familyOf(id)).toBe(family);
	});

	it.each([
		[
			'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
			'anthropic',
		],
		[
			'arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/meta.llama3-8b-instruct-v1:0',
			'llama',
		],
		['arn:aws:bedrock:eu-central-1::foundation-model/amazon.titan-embed-text-v2:0', 'titanEmbed'],
		['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0', 'nova'],
		[
			'arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1',
			'anthropic',
		],
		[
			'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
			'generic',
		],
		['arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdef123456', 'generic'],
		[
			'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/xyz',
			'generic',
		],
		['arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl', 'generic'],
		['arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT12345:1', 'generic'],
		['arn:aws:s3:::bucket/anthropic.claude', 'generic'],
	] as Array<[string, ModelFamily]>)('ARN %s → %s', (arn, family) => {
		expect(familyOf(arn)).toBe(family);
	});

	it('exposes the base model ID it decided on', () => {
		expect(baseModelId('us.anthropic.claude-3-haiku-20240307-v1:0')).toBe(
			'anthropic.claude-3-haiku-20240307-v1:0',
		);
		expect(baseModelId('xx1.anthropic.claude')).toBeUndefined();
	});
});

/** Response bodies as the Bedrock model-parameter pages describe them. */
const SAMPLES: Record<ModelFamily, { body: unknown; expected: Record<string, unknown> }> = {
	anthropic: {
		body: {
			id: 'msg_bdrk_01XFDUDYJgAACzvnptvVoYEL',
			type: 'message',
			role: 'assistant',
			model: 'claude-sonnet-4-20250514',
			content: [
				{ type: 'thinking', thinking: 'The user greets me.', signature: 'EqQBCgIYAhIM' },
				{ type: 'text', text: 'Hello! How can I help?' },
			],
			stop_reason: 'end_turn',
			stop_sequence: null,
			usage: { input_tokens: 12, output_tokens: 9, cache_read_input_tokens: 0 },
		},
		expected: {
			text: 'Hello! How can I help?',
			inputTokens: 12,
			outputTokens: 9,
			stopReason: 'end_turn',
		},
	},
	nova: {
		body: {
			output: {
				message: {
					role: 'assistant',
					content: [
						{ reasoningContent: { reasoningText: { text: '[REDACTED]' } } },
						{ text: 'Paris.' },
					],
				},
			},
			stopReason: 'end_turn',
			usage: { inputTokens: 8, outputTokens: 2, totalTokens: 10, cacheReadInputTokenCount: 0 },
		},
		expected: { text: 'Paris.', inputTokens: 8, outputTokens: 2, stopReason: 'end_turn' },
	},
	titanText: {
		body: {
			inputTextTokenCount: 5,
			results: [{ tokenCount: 11, outputText: '\nHello there.\n', completionReason: 'FINISH' }],
		},
		expected: { text: '\nHello there.\n', inputTokens: 5, outputTokens: 11, stopReason: 'FINISH' },
	},
	llama: {
		body: {
			generation: 'Hello! It is nice to meet you.',
			prompt_token_count: 18,
			generation_token_count: 10,
			stop_reason: 'stop',
		},
		expected: {
			text: 'Hello! It is nice to meet you.',
			inputTokens: 18,
			outputTokens: 10,
			stopReason: 'stop',
		},
	},
	mistral: {
		body: { outputs: [{ text: ' Lemon juice.', stop_reason: 'length' }] },
		expected: { text: ' Lemon juice.', stopReason: 'length' },
	},
	mistralChat: {
		body: {
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: 'Bonjour', tool_calls: null },
					stop_reason: 'stop',
				},
			],
		},
		expected: { text: 'Bonjour', stopReason: 'stop' },
	},
	cohere: {
		body: {
			response_id: '2e1d7c41-0c1f-4a2f-9bb2-1d3b8a9f0c11',
			text: 'Command R says hi.',
			generation_id: '7d8c6f51-1b4a-4b85-8d2f-6a2b1c9e4d33',
			chat_history: [
				{ role: 'USER', message: 'Say hi' },
				{ role: 'CHATBOT', message: 'Command R says hi.' },
			],
			finish_reason: 'COMPLETE',
		},
		expected: { text: 'Command R says hi.', stopReason: 'COMPLETE' },
	},
	ai21: {
		body: {
			id: 'chatcmpl-8f1a',
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: 'Jamba here.', tool_calls: null },
					finish_reason: 'stop',
				},
			],
			usage: { prompt_tokens: 14, completion_tokens: 4, total_tokens: 18 },
			meta: { requestDurationMillis: 310 },
			model: 'jamba-1.5-large',
		},
		expected: { text: 'Jamba here.', inputTokens: 14, outputTokens: 4, stopReason: 'stop' },
	},
	deepseek: {
		body: { choices: [{ text: 'Let me think.\n</think>\n\n42', stop_reason: 'stop' }] },
		expected: { text: 'Let me think.\n</think>\n\n42', stopReason: 'stop' },
	},
	openai: {
		body: {
			id: 'chatcmpl-a1b2',
			object: 'chat.completion',
			created: 1754500000,
			model: 'openai.gpt-oss-20b-1:0',
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: '<reasoning>Greeting.</reasoning>Hi!' },
					finish_reason: 'stop',
				},
			],
			usage: { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 },
		},
		expected: {
			text: '<reasoning>Greeting.</reasoning>Hi!',
			inputTokens: 20,
			outputTokens: 9,
			stopReason: 'stop',
		},
	},
	titanEmbed: {
		body: { embedding: [0.012, -0.034, 0.056], inputTextTokenCount: 4 },
		expected: { embedding: [0.012, -0.034, 0.056], inputTokens: 4 },
	},
	cohereEmbed: {
		body: {
			embeddings: [
				[0.1, 0.2],
				[0.3, 0.4],
			],
			id: 'e1f2',
			response_type: 'embeddings_floats',
			texts: ['first', 'second'],
		},
		expected: {
			embedding: [
				[0.1, 0.2],
				[0.3, 0.4],
			],
		},
	},
	generic: {
		body: { output: { text: 'custom model text' }, usage: { input_tokens: 3, output_tokens: 4 } },
		expected: { text: 'custom model text', inputTokens: 3, outputTokens: 4 },
	},
};

describe('DEFAULT_PATHS', () => {
	it('covers every family and every path is a plain, allowed path', () => {
		expect(Object.keys(DEFAULT_PATHS).sort()).toEqual([...MODEL_FAMILIES].sort());
		for (const family of MODEL_FAMILIES) {
			for (const path of Object.values(DEFAULT_PATHS[family])) {
				expect(() => validateJsonPath(path as string)).not.toThrow();
			}
		}
	});

	it.each(MODEL_FAMILIES)('reads a realistic %s response', (family) => {
		const { body, expected } = SAMPLES[family];
		expect(mapOutput(body, defaultMappings(family))).toEqual(expected);
	});

	it('returns all text blocks when a response has several', () => {
		const body = {
			type: 'message',
			content: [
				{ type: 'text', text: 'Part one.' },
				{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
				{ type: 'text', text: 'Part two.' },
			],
		};
		expect(mapOutput(body, defaultMappings('anthropic')).text).toEqual(['Part one.', 'Part two.']);
	});

	it('has text for text families and embedding for embedding families', () => {
		expect(defaultMappings('titanEmbed').map((m) => m.name)).toEqual(['inputTokens', 'embedding']);
		expect(defaultMappings('anthropic').map((m) => m.name)).toEqual([
			'text',
			'inputTokens',
			'outputTokens',
			'stopReason',
		]);
	});
});

describe('detectFamily', () => {
	it.each(MODEL_FAMILIES.filter((f) => f !== 'generic'))('recognises a %s body', (family) => {
		// Jamba answers in the OpenAI chat-completions shape, read by the same paths.
		expect(detectFamily(SAMPLES[family].body)).toBe(family === 'ai21' ? 'openai' : family);
	});

	it('gives up on unknown shapes', () => {
		expect(detectFamily(SAMPLES.generic.body)).toBeUndefined();
		expect(detectFamily('text')).toBeUndefined();
		expect(detectFamily(null)).toBeUndefined();
	});
});

const METRICS = (input: number, output: number) => ({
	'amazon-bedrock-invocationMetrics': {
		inputTokenCount: input,
		outputTokenCount: output,
		invocationLatency: 1234,
		firstByteLatency: 210,
	},
});

/** Chunk sequences as InvokeModelWithResponseStream delivers them, decoded. */
const STREAMS: Array<
	[
		ModelFamily,
		unknown[],
		{ text: string; inputTokens?: number; outputTokens?: number; stopReason?: string },
	]
> = [
	[
		'anthropic',
		[
			{
				type: 'message_start',
				message: {
					id: 'msg_bdrk_1',
					type: 'message',
					role: 'assistant',
					content: [],
					model: 'claude-3-haiku-20240307',
					stop_reason: null,
					usage: { input_tokens: 18, output_tokens: 1 },
				},
			},
			{ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
			{
				type: 'content_block_delta',
				index: 0,
				delta: { type: 'thinking_delta', thinking: 'Hmm.' },
			},
			{ type: 'content_block_stop', index: 0 },
			{ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
			{ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hello' } },
			{ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: ', world' } },
			{ type: 'content_block_stop', index: 1 },
			{
				type: 'message_delta',
				delta: { stop_reason: 'end_turn', stop_sequence: null },
				usage: { output_tokens: 12 },
			},
			{ type: 'message_stop', ...METRICS(18, 12) },
		],
		{ text: 'Hello, world', inputTokens: 18, outputTokens: 12, stopReason: 'end_turn' },
	],
	[
		'nova',
		[
			{ messageStart: { role: 'assistant' } },
			{
				contentBlockDelta: {
					delta: { reasoningContent: { text: 'thinking…' } },
					contentBlockIndex: 0,
				},
			},
			{ contentBlockDelta: { delta: { text: 'Par' }, contentBlockIndex: 1 } },
			{ contentBlockDelta: { delta: { text: 'is.' }, contentBlockIndex: 1 } },
			{ contentBlockStop: { contentBlockIndex: 1 } },
			{ messageStop: { stopReason: 'end_turn' } },
			{
				metadata: { usage: { inputTokens: 8, outputTokens: 3 }, metrics: {}, trace: {} },
				...METRICS(8, 3),
			},
		],
		{ text: 'Paris.', inputTokens: 8, outputTokens: 3, stopReason: 'end_turn' },
	],
	[
		'titanText',
		[
			{
				outputText: 'Hello',
				index: 0,
				totalOutputTextTokenCount: 1,
				completionReason: null,
				inputTextTokenCount: 5,
			},
			{
				outputText: ' there.',
				index: 0,
				totalOutputTextTokenCount: 3,
				completionReason: 'FINISH',
				inputTextTokenCount: null,
				...METRICS(5, 3),
			},
		],
		{ text: 'Hello there.', inputTokens: 5, outputTokens: 3, stopReason: 'FINISH' },
	],
	[
		'llama',
		[
			{ generation: 'Hi', prompt_token_count: 18, generation_token_count: 1, stop_reason: null },
			{
				generation: ' there',
				prompt_token_count: null,
				generation_token_count: 2,
				stop_reason: null,
			},
			{
				generation: '!',
				prompt_token_count: null,
				generation_token_count: 3,
				stop_reason: 'stop',
				...METRICS(18, 3),
			},
		],
		{ text: 'Hi there!', inputTokens: 18, outputTokens: 3, stopReason: 'stop' },
	],
	[
		'mistral',
		[
			{ outputs: [{ text: ' Lemon', stop_reason: null }] },
			{ outputs: [{ text: ' juice', stop_reason: 'stop' }], ...METRICS(11, 2) },
		],
		{ text: ' Lemon juice', inputTokens: 11, outputTokens: 2, stopReason: 'stop' },
	],
	[
		'mistralChat',
		[
			{
				choices: [{ index: 0, message: { role: 'assistant', content: 'Bon' }, stop_reason: null }],
			},
			{
				choices: [
					{ index: 0, message: { role: 'assistant', content: 'jour' }, stop_reason: 'stop' },
				],
				...METRICS(7, 2),
			},
		],
		{ text: 'Bonjour', inputTokens: 7, outputTokens: 2, stopReason: 'stop' },
	],
	[
		'cohere',
		[
			{ is_finished: false, event_type: 'stream-start', generation_id: 'g1' },
			{ is_finished: false, event_type: 'text-generation', text: 'Command' },
			{ is_finished: false, event_type: 'text-generation', text: ' R.' },
			{
				is_finished: true,
				event_type: 'stream-end',
				finish_reason: 'COMPLETE',
				response: { text: 'Command R.', finish_reason: 'COMPLETE' },
				...METRICS(9, 3),
			},
		],
		{ text: 'Command R.', inputTokens: 9, outputTokens: 3, stopReason: 'COMPLETE' },
	],
	[
		'ai21',
		[
			{
				id: 'c1',
				choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
			},
			{ id: 'c1', choices: [{ index: 0, delta: { content: 'Jamba' }, finish_reason: null }] },
			{
				id: 'c1',
				choices: [{ index: 0, delta: { content: ' here' }, finish_reason: 'stop' }],
				usage: { prompt_tokens: 14, completion_tokens: 2, total_tokens: 16 },
				...METRICS(14, 2),
			},
		],
		{ text: 'Jamba here', inputTokens: 14, outputTokens: 2, stopReason: 'stop' },
	],
	[
		'deepseek',
		[
			{ choices: [{ text: 'Think', stop_reason: null }] },
			{ choices: [{ text: 'ing</think>42', stop_reason: 'stop' }], ...METRICS(10, 6) },
		],
		{ text: 'Thinking</think>42', inputTokens: 10, outputTokens: 6, stopReason: 'stop' },
	],
	[
		'openai',
		[
			{
				id: 'x',
				object: 'chat.completion.chunk',
				choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }],
			},
			{
				id: 'x',
				object: 'chat.completion.chunk',
				choices: [{ index: 0, delta: { content: '!' }, finish_reason: 'stop' }],
				...METRICS(20, 2),
			},
		],
		{ text: 'Hi!', inputTokens: 20, outputTokens: 2, stopReason: 'stop' },
	],
];

describe('streamDelta', () => {
	it.each(STREAMS)('aggregates a %s stream', (family, chunks, expected) => {
		const totals = collectStream(family, chunks);
		expect(totals).toEqual({ ...expected, done: true });
	});

	it.each(STREAMS)(
		'reads a %s stream by shape when the family is generic',
		(_family, chunks, expected) => {
			expect(collectStream('generic', chunks)).toEqual({ ...expected, done: true });
		},
	);

	it('lets the invocation metrics win over the model counts in the same chunk', () => {
		const delta = streamDelta('llama', {
			generation: '',
			prompt_token_count: 1,
			generation_token_count: 2,
			stop_reason: 'length',
			...METRICS(30, 40),
		});
		expect(delta).toEqual({ inputTokens: 30, outputTokens: 40, stopReason: 'length', done: true });
	});

	it('uses the invocation metrics for every family, embeddings included', () => {
		expect(streamDelta('titanEmbed', METRICS(3, 0))).toEqual({
			inputTokens: 3,
			outputTokens: 0,
			done: true,
		});
		expect(streamDelta('generic', METRICS(1, 2))).toEqual({
			inputTokens: 1,
			outputTokens: 2,
			done: true,
		});
	});

	it('ignores what it does not understand', () => {
		expect(streamDelta('anthropic', { type: 'ping' })).toEqual({});
		expect(streamDelta('anthropic', 'not an object')).toEqual({});
		expect(streamDelta('nova', null)).toEqual({});
		expect(streamDelta('generic', { something: 'else' })).toEqual({});
		expect(
			streamDelta('anthropic', {
				type: 'content_block_delta',
				delta: { type: 'input_json_delta', partial_json: '{"a"' },
			}),
		).toEqual({});
	});

	it('keeps the latest counts when merging by hand', () => {
		let totals = emptyStreamTotals();
		totals = mergeStreamDelta(totals, { inputTokens: 5, outputTokens: 1, text: 'a' });
		totals = mergeStreamDelta(totals, { outputTokens: 7, text: 'b' });
		expect(totals).toEqual({
			text: 'ab',
			inputTokens: 5,
			outputTokens: 7,
			stopReason: undefined,
			done: false,
		});
	});
});

/** The `prompt` variable; a helper so the n8n lint rules do not read it as a parameter. */
const variable = (name: string, value: unknown): PromptVariable => ({ name, value });
const prompt = (value: string) => variable('prompt', value);

describe('EXAMPLE_TEMPLATES', () => {
	it.each(MODEL_FAMILIES)('%s renders to valid JSON with only a prompt', (family) => {
		const template = EXAMPLE_TEMPLATES[family];
		const body = JSON.parse(renderTemplate(template, [prompt('Say "hi"\n')]));
		expect(JSON.stringify(body)).toContain('Say \\"hi\\"\\n');
	});

	it('uses the request fields each family expects', () => {
		const parse = (family: ModelFamily) =>
			JSON.parse(renderTemplate(EXAMPLE_TEMPLATES[family], [prompt('P')]));
		expect(parse('anthropic')).toMatchObject({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 1024,
		});
		expect(parse('nova').messages[0].content[0].text).toBe('P');
		expect(parse('titanText').inputText).toBe('User: P\nBot:');
		expect(parse('llama').prompt).toContain(
			'<|start_header_id|>user<|end_header_id|>\n\nP<|eot_id|>',
		);
		expect(parse('mistral').prompt).toBe('<s>[INST] P [/INST]');
		expect(parse('cohere').message).toBe('P');
		expect(parse('cohereEmbed').texts).toEqual(['P']);
		expect(parse('titanEmbed')).toEqual({ inputText: 'P' });
	});
});
