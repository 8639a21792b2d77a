import {
	ConverseCommand,
	ConverseStreamCommand,
	type ContentBlock,
	type ConverseCommandInput,
	type ConverseStreamOutput,
	type Tool,
} from '@aws-sdk/client-bedrock-runtime';

import { failure, runtimeClient, runtimeClientHttp1 } from './clients';
import { startEmulator, type Emulator } from './index';

const NOVA_LITE = 'amazon.nova-lite-v1:0';
const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const SONNET = 'anthropic.claude-3-7-sonnet-20250219-v1:0';

const user = (...content: ContentBlock[]) => [{ role: 'user' as const, content }];

const WEATHER_TOOL: Tool = {
	toolSpec: {
		name: 'get_weather',
		description: 'Weather of a city',
		inputSchema: { json: { type: 'object', properties: { echo: { type: 'string' } } } },
	},
};

/** Collects every event of a ConverseStream answer. */
async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined) {
	const events: ConverseStreamOutput[] = [];
	for await (const event of stream ?? []) events.push(event);
	return events;
}

const eventNames = (events: ConverseStreamOutput[]) =>
	events.map((e) => Object.entries(e).find(([, v]) => v !== undefined)?.[0]);

describe('emulator: Bedrock Runtime ConverseStream and Converse features', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset();
		emulator.setStreamDelay(0);
	});

	test.each([
		['HTTP/1.1 (NodeHttpHandler)', runtimeClientHttp1],
		['HTTP/2 (SDK default)', runtimeClient],
	])(
		'over %s the SDK parses every event and the text deltas reassemble to the echo',
		async (_name, make) => {
			const client = make(emulator);
			const out = await client.send(
				new ConverseStreamCommand({
					modelId: NOVA_LITE,
					messages: user({ text: 'Stream me three words' }),
					performanceConfig: { latency: 'optimized' },
				}),
			);
			const events = await collect(out.stream);
			expect(eventNames(events)).toEqual([
				'messageStart',
				...Array(5).fill('contentBlockDelta'),
				'contentBlockStop',
				'messageStop',
				'metadata',
			]);
			expect(events[0].messageStart).toEqual({ role: 'assistant' });
			const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join('');
			expect(text).toBe('Echo: Stream me three words');
			expect(events[1].contentBlockDelta).toEqual({
				contentBlockIndex: 0,
				delta: { text: 'Echo: ' },
			});
			expect(events.at(-2)?.messageStop).toEqual({ stopReason: 'end_turn' });
			expect(events.at(-1)?.metadata).toEqual({
				usage: { inputTokens: 4, outputTokens: 5, totalTokens: 9 },
				metrics: { latencyMs: 150 },
				performanceConfig: { latency: 'optimized' },
			});
			expect(emulator.calls[0]).toMatchObject({
				service: 'bedrock-runtime',
				action: 'ConverseStream',
				status: 200,
				streamed: eventNames(events),
			});
			client.destroy();
		},
	);

	test('a refused ConverseStream is a plain error answer, not a stream', async () => {
		const err = await failure(
			runtimeClientHttp1(emulator).send(
				new ConverseStreamCommand({
					modelId: 'amazon.titan-embed-text-v2:0',
					messages: user({ text: 'x' }),
				}),
			),
		);
		expect(err.name).toBe('ValidationException');
		expect(emulator.calls[0].streamed).toBeUndefined();
	});

	test('the stream delay spreads events in time, so they arrive before the end', async () => {
		emulator.setStreamDelay(25);
		const out = await runtimeClientHttp1(emulator).send(
			new ConverseStreamCommand({ modelId: NOVA_LITE, messages: user({ text: 'a b c' }) }),
		);
		const arrivals: Array<[string | undefined, number]> = [];
		for await (const event of out.stream ?? []) arrivals.push([eventNames([event])[0], Date.now()]);
		expect(arrivals.map(([name]) => name)).toEqual([
			'messageStart',
			...Array(4).fill('contentBlockDelta'),
			'contentBlockStop',
			'messageStop',
			'metadata',
		]);
		// 7 gaps of 25 ms between the first and the last event.
		expect(arrivals[7][1] - arrivals[0][1]).toBeGreaterThanOrEqual(7 * 25 - 15);
	});

	describe('tools', () => {
		const toolRequest = (text: string, extra: Partial<ConverseCommandInput> = {}) => ({
			modelId: HAIKU,
			messages: user({ text }),
			toolConfig: { tools: [WEATHER_TOOL] },
			...extra,
		});

		test('"use tool" in the last user text calls the first tool with {echo: <text>}', async () => {
			const out = await runtimeClientHttp1(emulator).send(
				new ConverseCommand(toolRequest('Please use tool for Paris')),
			);
			expect(out.stopReason).toBe('tool_use');
			const block = out.output?.message?.content?.[0];
			expect(block?.toolUse).toEqual({
				toolUseId: expect.stringMatching(/^tooluse_[\w-]{22}$/),
				name: 'get_weather',
				input: { echo: 'Please use tool for Paris' },
			});
		});

		test('without the phrase the answer is text; toolChoice "tool" forces the call', async () => {
			const client = runtimeClientHttp1(emulator);
			const plain = await client.send(new ConverseCommand(toolRequest('Hello')));
			expect(plain.output?.message?.content).toEqual([{ text: 'Echo: Hello' }]);
			const forced = await client.send(
				new ConverseCommand(
					toolRequest('Hello', {
						toolConfig: {
							tools: [WEATHER_TOOL, { toolSpec: { name: 'other', inputSchema: { json: {} } } }],
							toolChoice: { tool: { name: 'other' } },
						},
					}),
				),
			);
			expect(forced.output?.message?.content?.[0].toolUse?.name).toBe('other');
		});

		test('ConverseStream: contentBlockStart names the tool; input JSON comes in fragments', async () => {
			const out = await runtimeClientHttp1(emulator).send(
				new ConverseStreamCommand(toolRequest('use tool now')),
			);
			const events = await collect(out.stream);
			const start = events.find((e) => e.contentBlockStart)?.contentBlockStart;
			expect(start).toEqual({
				contentBlockIndex: 0,
				start: { toolUse: { toolUseId: expect.stringMatching(/^tooluse_/), name: 'get_weather' } },
			});
			const fragments = events
				.map((e) => e.contentBlockDelta?.delta?.toolUse?.input)
				.filter((f): f is string => f !== undefined);
			expect(fragments.length).toBe(3);
			expect(JSON.parse(fragments.join(''))).toEqual({ echo: 'use tool now' });
			expect(events.find((e) => e.messageStop)?.messageStop?.stopReason).toBe('tool_use');
		});

		test('a tool result sent back is quoted in the answer', async () => {
			const out = await runtimeClientHttp1(emulator).send(
				new ConverseCommand({
					modelId: HAIKU,
					toolConfig: { tools: [WEATHER_TOOL] },
					messages: [
						{ role: 'user', content: [{ text: 'use tool' }] },
						{
							role: 'assistant',
							content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: {} } }],
						},
						{
							role: 'user',
							content: [
								{ toolResult: { toolUseId: 'tooluse_1', content: [{ json: { temp: 21 } }] } },
							],
						},
					],
				}),
			);
			expect(out.stopReason).toBe('end_turn');
			expect(out.output?.message?.content?.[0].text).toBe(
				'Echo: [toolResult tooluse_1: {"temp":21}]',
			);
		});

		test('toolUse blocks without toolConfig are refused', async () => {
			const err = await failure(
				runtimeClientHttp1(emulator).send(
					new ConverseCommand({
						modelId: HAIKU,
						messages: [
							{ role: 'user', content: [{ text: 'a' }] },
							{
								role: 'assistant',
								content: [{ toolUse: { toolUseId: 't', name: 'x', input: {} } }],
							},
							{
								role: 'user',
								content: [{ toolResult: { toolUseId: 't', content: [{ text: 'r' }] } }],
							},
						],
					}),
				),
			);
			expect(err.name).toBe('ValidationException');
			expect(err.message).toMatch(/toolConfig field must be defined/);
		});
	});

	test('thinking asked for: a reasoning block with text and signature comes first', async () => {
		const client = runtimeClientHttp1(emulator);
		const request = {
			modelId: SONNET,
			messages: user({ text: 'Think' }),
			additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
		};
		const out = await client.send(new ConverseCommand(request));
		const [reasoning, text] = out.output?.message?.content ?? [];
		expect(reasoning.reasoningContent?.reasoningText).toEqual({
			text: 'The user wrote "Think". The answer is an echo of it.',
			signature: expect.any(String),
		});
		expect(text.text).toBe('Echo: Think');

		const events = await collect((await client.send(new ConverseStreamCommand(request))).stream);
		const deltas = events.map((e) => e.contentBlockDelta).filter((d) => d?.contentBlockIndex === 0);
		expect(deltas.map((d) => d?.delta?.reasoningContent?.text ?? '').join('')).toBe(
			reasoning.reasoningContent?.reasoningText?.text,
		);
		expect(deltas.at(-1)?.delta?.reasoningContent?.signature).toBe(
			reasoning.reasoningContent?.reasoningText?.signature,
		);
		expect(
			events.filter((e) => e.contentBlockStop).map((e) => e.contentBlockStop?.contentBlockIndex),
		).toEqual([0, 1]);
	});

	test('structured output (outputConfig.textFormat json_schema) answers JSON fitting the schema', async () => {
		const schema = {
			type: 'object',
			properties: {
				summary: { type: 'string' },
				words: { type: 'integer' },
				tags: { type: 'array', items: { type: 'string' } },
				mood: { type: 'string', enum: ['happy', 'sad'] },
			},
		};
		const out = await runtimeClientHttp1(emulator).send(
			new ConverseCommand({
				modelId: NOVA_LITE,
				messages: user({ text: 'Summarise this please' }),
				outputConfig: {
					textFormat: {
						type: 'json_schema',
						structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'summary' } },
					},
				},
			}),
		);
		expect(JSON.parse(out.output?.message?.content?.[0].text ?? '')).toEqual({
			summary: 'Summarise this please',
			words: 3,
			tags: ['Summarise this please'],
			mood: 'happy',
		});
		const bad = await failure(
			runtimeClientHttp1(emulator).send(
				new ConverseCommand({
					modelId: NOVA_LITE,
					messages: user({ text: 'x' }),
					outputConfig: {
						textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{nope' } } },
					},
				}),
			),
		);
		expect(bad.name).toBe('ValidationException');
	});

	test('cachePoint: the prefix is written to the cache once, then read', async () => {
		const client = runtimeClientHttp1(emulator);
		// 3.5 Haiku caches from 2,048 tokens (the echo model's words) on.
		const shared = 'word '.repeat(2100).trim();
		const request = new ConverseCommand({
			modelId: HAIKU,
			system: [{ text: shared }, { cachePoint: { type: 'default' } }],
			messages: user({ text: 'Question one' }),
		});
		const first = await client.send(request);
		expect(first.usage).toEqual({
			inputTokens: 2,
			outputTokens: 3,
			totalTokens: 2105,
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 2100,
			cacheDetails: [{ ttl: '5m', inputTokens: 2100 }],
		});
		const second = await client.send(request);
		expect(second.usage).toMatchObject({ cacheReadInputTokens: 2100, cacheWriteInputTokens: 0 });
		const stream = await collect(
			(
				await client.send(
					new ConverseStreamCommand({
						modelId: HAIKU,
						system: [{ text: shared }, { cachePoint: { type: 'default' } }],
						messages: user({ text: 'Another question' }),
					}),
				)
			).stream,
		);
		expect(stream.at(-1)?.metadata?.usage).toMatchObject({
			cacheReadInputTokens: 2100,
			inputTokens: 2,
		});
	});

	describe('media', () => {
		const png = new Uint8Array(1234).fill(7);

		test('images, documents and videos are mentioned in the echo with their size', async () => {
			const out = await runtimeClientHttp1(emulator).send(
				new ConverseCommand({
					modelId: NOVA_LITE,
					messages: user(
						{ text: 'Describe' },
						{ image: { format: 'png', source: { bytes: png } } },
						{
							document: {
								format: 'pdf',
								name: 'Q1 report (final) [v2]',
								source: { bytes: new Uint8Array(2048) },
							},
						},
						{ video: { format: 'mp4', source: { s3Location: { uri: 's3://b/clip.mp4' } } } },
					),
				}),
			);
			expect(out.output?.message?.content?.[0].text).toBe(
				'Echo: Describe [image/png 1234 bytes] [document "Q1 report (final) [v2]" pdf 2048 bytes] [video/mp4 s3://b/clip.mp4]',
			);
			const sent = emulator.calls[0].body as {
				messages: Array<{ content: Array<{ image?: { source: { bytes: string } } }> }>;
			};
			expect(Buffer.from(sent.messages[0].content[1].image!.source.bytes, 'base64')).toEqual(
				Buffer.from(png),
			);
		});

		test.each([
			[
				'a document name with a dot',
				{ document: { format: 'txt', name: 'notes.txt', source: { bytes: png } } },
				/document name/,
			],
			[
				'a document name with two spaces',
				{ document: { format: 'txt', name: 'a  b', source: { bytes: png } } },
				/document name/,
			],
			[
				'an unknown document format',
				{ document: { format: 'rtf', name: 'a', source: { bytes: png } } },
				/document\.format' failed to satisfy constraint/,
			],
			[
				'an unknown video format',
				{ video: { format: 'avi', source: { bytes: png } } },
				/video\.format' failed to satisfy constraint: Member must satisfy enum value set: \[mkv, mov/,
			],
		])('%s is refused', async (_name, block, message) => {
			const err = await failure(
				runtimeClientHttp1(emulator).send(
					new ConverseCommand({
						modelId: NOVA_LITE,
						messages: user({ text: 'x' }, block as ContentBlock),
					}),
				),
			);
			expect(err.name).toBe('ValidationException');
			expect(err.message).toMatch(message);
		});

		test('an image for a text-only model is refused', async () => {
			const err = await failure(
				runtimeClientHttp1(emulator).send(
					new ConverseCommand({
						modelId: HAIKU,
						messages: user({ text: 'x' }, { image: { format: 'png', source: { bytes: png } } }),
					}),
				),
			);
			expect(err.message).toMatch(/doesn't support the image content block/);
		});
	});
});
