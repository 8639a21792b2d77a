import type { ResponseStream } from '@aws-sdk/client-bedrock-runtime';

import { type ChunkSink } from '../shared/items/chunkSink';
import { StreamCutOffError } from '../shared/errors/streamCutOff';
import {
	readInvokeResponse,
	readInvokeStream,
	GenerateResponseError,
	imageFiles,
	sniffImage,
	type ReadOptions,
} from './response';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const read = (overrides: Partial<ReadOptions> = {}): ReadOptions => ({
	modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
	customFields: [],
	includeDefaults: true,
	includeRaw: false,
	...overrides,
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('readInvokeResponse', () => {
	it('joins the text blocks of an answer and skips the others', () => {
		const body = json({
			type: 'message',
			content: [
				{ type: 'thinking', thinking: 'hmm' },
				{ type: 'text', text: 'Hello, ' },
				{ type: 'tool_use', id: 't', name: 'x', input: {} },
				{ type: 'text', text: 'world' },
			],
			stop_reason: 'end_turn',
			usage: { input_tokens: 3, output_tokens: 2 },
		});
		expect(readInvokeResponse(body, 'application/json', {}, read()).json).toEqual({
			text: 'Hello, world',
			usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
			stopReason: 'end_turn',
			model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
		});
	});

	it('takes token counts from the headers when the body has none, and only numbers', () => {
		const body = json({ outputs: [{ text: 'hi', stop_reason: 'stop' }] });
		const headers = {
			'x-amzn-bedrock-input-token-count': '7',
			'x-amzn-bedrock-output-token-count': 'n/a',
		};
		const out = readInvokeResponse(
			body,
			'application/json',
			headers,
			read({ modelId: 'mistral.mistral-7b-instruct-v0:2' }),
		);
		expect(out.json).toEqual({
			text: 'hi',
			usage: { inputTokens: 7 },
			stopReason: 'stop',
			model: 'mistral.mistral-7b-instruct-v0:2',
		});
	});

	it('prefers the body counts over the headers', () => {
		const body = json({
			generation: 'x',
			prompt_token_count: 1,
			generation_token_count: 2,
			stop_reason: 'stop',
		});
		const headers = {
			'x-amzn-bedrock-input-token-count': '99',
			'x-amzn-bedrock-output-token-count': '99',
		};
		const out = readInvokeResponse(
			body,
			'application/json',
			headers,
			read({ modelId: 'meta.llama3-1-8b-instruct-v1:0' }),
		);
		expect(out.json).toMatchObject({ usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } });
	});

	it('learns the family of a model the ID hides from the shape of the answer', () => {
		const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abc';
		const body = json({
			output: { message: { content: [{ text: 'Nova says' }] } },
			stopReason: 'end_turn',
			usage: { inputTokens: 1, outputTokens: 2 },
		});
		expect(readInvokeResponse(body, 'application/json', {}, read({ modelId: arn })).json).toEqual({
			text: 'Nova says',
			usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
			stopReason: 'end_turn',
			model: arn,
		});
	});

	it('reads custom fields over the defaults, then the model and raw', () => {
		const body = {
			content: [{ type: 'text', text: 'a' }],
			id: 'm1',
			usage: { input_tokens: 1, output_tokens: 1 },
		};
		const out = readInvokeResponse(
			json(body),
			'application/json',
			{},
			read({ customFields: [{ name: 'text', path: '$.id' }], includeRaw: true }),
		);
		expect(out.json).toEqual({
			text: 'm1',
			usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
			model: expect.any(String),
			raw: body,
		});
	});

	it('outputs the guardrail action and trace the body carries', () => {
		const body = json({
			content: [{ type: 'text', text: 'a' }],
			'amazon-bedrock-guardrailAction': 'INTERVENED',
			'amazon-bedrock-trace': { guardrail: {} },
		});
		expect(readInvokeResponse(body, 'application/json', {}, read()).json).toMatchObject({
			guardrailAction: 'INTERVENED',
			guardrailTrace: { guardrail: {} },
		});
	});

	it('returns text answers as text and other media types as the file data', () => {
		const text = readInvokeResponse(
			new TextEncoder().encode('plain answer'),
			'text/plain; charset=utf-8',
			{},
			read(),
		);
		expect(text).toEqual({ json: { text: 'plain answer', model: expect.any(String) }, files: [] });
		const image = readInvokeResponse(PNG, 'image/png', {}, read());
		expect(image.json).toEqual({
			model: expect.any(String),
			contentType: 'image/png',
			bytes: PNG.length,
		});
		expect(image.files).toEqual([
			{ property: 'data', data: PNG, mimeType: 'image/png', fileName: 'response.png' },
		]);
	});

	it('refuses a JSON answer that does not parse, without quoting it', () => {
		const error = (() => {
			try {
				readInvokeResponse(
					new TextEncoder().encode('{"secret": "abc'),
					'application/json',
					{},
					read(),
				);
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(GenerateResponseError);
		expect((error as Error).message).not.toContain('secret');
	});
});

describe('images', () => {
	it('finds base64 images in images[] and artifacts[].base64, skipping other values', () => {
		const files = imageFiles({
			images: [PNG.toString('base64'), 'not base64!', 42],
			artifacts: [
				{ base64: Buffer.from('GIF89a....').toString('base64'), finishReason: 'SUCCESS' },
			],
		});
		expect(files.map((f) => [f.property, f.mimeType, f.fileName])).toEqual([
			['image_0', 'image/png', 'image_0.png'],
			['image_1', 'image/gif', 'image_1.gif'],
		]);
		expect(files[0].data).toEqual(PNG);
		expect(imageFiles('text')).toEqual([]);
	});

	it('sniffs the image type from the first bytes', () => {
		expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
		expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
		expect(sniffImage(Buffer.from('unknown'))).toBe('image/png');
	});
});

describe('readInvokeStream', () => {
	const chunk = (value: unknown): ResponseStream => ({ chunk: { bytes: json(value) } });
	async function* events(list: ResponseStream[], thenThrow?: Error): AsyncIterable<ResponseStream> {
		for (const event of list) yield event;
		if (thenThrow) throw thenThrow;
	}
	const sink = () => {
		const sent: string[] = [];
		let ended = false;
		const s: ChunkSink & { sent: string[]; ended: () => boolean } = {
			sent,
			ended: () => ended,
			send: (text) => sent.push(text),
			end: () => (ended = true),
			fail: () => (ended = true),
			delivered: false,
		};
		return s;
	};
	const METRICS = {
		'amazon-bedrock-invocationMetrics': { inputTokenCount: 4, outputTokenCount: 2 },
	};
	const ANTHROPIC = [
		chunk({ type: 'message_start', message: { usage: { input_tokens: 4, output_tokens: 1 } } }),
		chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi ' } }),
		chunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'there' } }),
		chunk({
			type: 'message_delta',
			delta: { stop_reason: 'end_turn' },
			usage: { output_tokens: 2 },
		}),
		chunk({ type: 'message_stop', ...METRICS }),
	];

	it('sends each text piece and ends the sink after the final event', async () => {
		const s = sink();
		const out = await readInvokeStream(events(ANTHROPIC), read(), s);
		expect(s.sent).toEqual(['Hi ', 'there']);
		expect(s.ended()).toBe(true);
		expect(out.json).toEqual({
			text: 'Hi there',
			usage: { inputTokens: 4, outputTokens: 2, totalTokens: 6 },
			stopReason: 'end_turn',
			model: expect.any(String),
		});
	});

	it('calls an Anthropic stream without message_stop cut off, even with a stop reason', async () => {
		const s = sink();
		await expect(readInvokeStream(events(ANTHROPIC.slice(0, 4)), read(), s)).rejects.toBeInstanceOf(
			StreamCutOffError,
		);
		expect(s.ended()).toBe(false);
	});

	it('accepts a Titan stream that ends with its completion reason, and refuses one without', async () => {
		const titan = read({ modelId: 'amazon.titan-text-express-v1' });
		const first = chunk({
			outputText: 'a',
			inputTextTokenCount: 2,
			totalOutputTextTokenCount: 1,
			completionReason: null,
		});
		const last = chunk({
			outputText: 'b',
			totalOutputTextTokenCount: 2,
			completionReason: 'FINISH',
		});
		expect((await readInvokeStream(events([first, last]), titan)).json).toMatchObject({
			text: 'ab',
			stopReason: 'FINISH',
		});
		await expect(readInvokeStream(events([first]), titan)).rejects.toThrow(
			/cut off \(the stream ended after 1 chunks/,
		);
	});

	it('turns a connection closed mid-event into a cut-off error', async () => {
		const error = new Error('Truncated event message received.');
		await expect(readInvokeStream(events(ANTHROPIC.slice(0, 2), error), read())).rejects.toThrow(
			/cut off \(the connection closed/,
		);
	});

	it('throws exceptions of the stream as they are, for the AWS error mapping', async () => {
		const exception = Object.assign(new Error('slow down'), {
			name: 'ThrottlingException',
			$fault: 'client',
		});
		await expect(readInvokeStream(events(ANTHROPIC.slice(0, 2), exception), read())).rejects.toBe(
			exception,
		);
		const member = { throttlingException: exception } as unknown as ResponseStream;
		await expect(readInvokeStream(events([ANTHROPIC[0], member]), read())).rejects.toBe(exception);
	});

	it('refuses a missing stream and a chunk that is not JSON', async () => {
		await expect(readInvokeStream(undefined, read())).rejects.toBeInstanceOf(StreamCutOffError);
		const bad: ResponseStream = { chunk: { bytes: new TextEncoder().encode('{oops') } };
		await expect(readInvokeStream(events([bad]), read())).rejects.toBeInstanceOf(
			GenerateResponseError,
		);
	});

	it('reads custom fields from the body the stream stands for, and raw from the list of chunks', async () => {
		const out = await readInvokeStream(
			events(ANTHROPIC),
			read({
				includeDefaults: false,
				includeRaw: true,
				customFields: [{ name: 'types', path: '$.content[*].type' }],
			}),
		);
		expect(out.json.types).toEqual('text');
		expect(out.json.raw).toHaveLength(5);
		expect(out.json).not.toHaveProperty('text');
	});
});

/** One answer, once as the InvokeModel body, once as the chunks of its response stream. */
const SAME_ANSWER: ReadonlyArray<{
	name: string;
	modelId: string;
	body: unknown;
	chunks: unknown[];
	customFields: ReadOptions['customFields'];
}> = [
	{
		name: 'Anthropic',
		modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
		body: {
			id: 'msg_1',
			type: 'message',
			role: 'assistant',
			content: [{ type: 'text', text: 'Hi there' }],
			stop_reason: 'end_turn',
			usage: { input_tokens: 4, output_tokens: 2 },
		},
		chunks: [
			{
				type: 'message_start',
				message: {
					id: 'msg_1',
					type: 'message',
					role: 'assistant',
					content: [],
					usage: { input_tokens: 4, output_tokens: 1 },
				},
			},
			{ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi ' } },
			{ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'there' } },
			{ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } },
			{
				type: 'message_stop',
				'amazon-bedrock-invocationMetrics': { inputTokenCount: 4, outputTokenCount: 2 },
			},
		],
		customFields: [
			{ name: 'answer', path: '$.content[0].text' },
			{ name: 'id', path: '$.id' },
			{ name: 'why', path: '$.stop_reason' },
			{ name: 'used', path: '$.usage.output_tokens' },
		],
	},
	{
		name: 'Nova',
		modelId: 'amazon.nova-lite-v1:0',
		body: {
			output: { message: { role: 'assistant', content: [{ text: 'Hi there' }] } },
			stopReason: 'end_turn',
			usage: { inputTokens: 4, outputTokens: 2 },
		},
		chunks: [
			{ messageStart: { role: 'assistant' } },
			{ contentBlockDelta: { delta: { text: 'Hi ' }, contentBlockIndex: 0 } },
			{ contentBlockDelta: { delta: { text: 'there' }, contentBlockIndex: 0 } },
			{ contentBlockStop: { contentBlockIndex: 0 } },
			{ messageStop: { stopReason: 'end_turn' } },
			{ metadata: { usage: { inputTokens: 4, outputTokens: 2 } } },
		],
		customFields: [
			{ name: 'answer', path: '$.output.message.content[0].text' },
			{ name: 'why', path: '$.stopReason' },
		],
	},
	{
		name: 'Llama',
		modelId: 'meta.llama3-8b-instruct-v1:0',
		body: {
			generation: 'Hi there',
			prompt_token_count: 4,
			generation_token_count: 2,
			stop_reason: 'stop',
		},
		chunks: [
			{ generation: 'Hi ', prompt_token_count: 4, generation_token_count: 1, stop_reason: null },
			{
				generation: 'there',
				prompt_token_count: null,
				generation_token_count: 2,
				stop_reason: 'stop',
			},
		],
		customFields: [
			{ name: 'answer', path: '$.generation' },
			{ name: 'used', path: '$.generation_token_count' },
		],
	},
	{
		name: 'OpenAI chat completion',
		modelId: 'openai.gpt-oss-20b-1:0',
		body: {
			id: 'chatcmpl-1',
			model: 'gpt-oss-20b',
			choices: [
				{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'stop' },
			],
			usage: { prompt_tokens: 4, completion_tokens: 2 },
		},
		chunks: [
			{
				id: 'chatcmpl-1',
				model: 'gpt-oss-20b',
				choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi ' } }],
			},
			{
				id: 'chatcmpl-1',
				model: 'gpt-oss-20b',
				choices: [{ index: 0, delta: { content: 'there' } }],
			},
			{
				id: 'chatcmpl-1',
				model: 'gpt-oss-20b',
				choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
				usage: { prompt_tokens: 4, completion_tokens: 2 },
			},
		],
		customFields: [
			{ name: 'answer', path: '$.choices[0].message.content' },
			{ name: 'id', path: '$.id' },
		],
	},
];

describe('custom fields, streamed or not', () => {
	async function* stream(chunks: unknown[]): AsyncIterable<ResponseStream> {
		for (const chunk of chunks) yield { chunk: { bytes: json(chunk) } };
	}

	it.each(SAME_ANSWER.map((c) => [c.name, c] as const))(
		'%s: the same mapping gives the same output',
		async (_name, c) => {
			for (const includeDefaults of [true, false]) {
				const options = read({ modelId: c.modelId, customFields: c.customFields, includeDefaults });
				const plain = readInvokeResponse(json(c.body), 'application/json', {}, options);
				const streamed = await readInvokeStream(stream(c.chunks), options);
				expect(streamed.json).toEqual(plain.json);
				expect(plain.json.answer).toBe('Hi there');
			}
		},
	);
});
