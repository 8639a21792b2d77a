import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { ResponseStream } from '@aws-sdk/client-bedrock-agent-runtime';
import fc from 'fast-check';

import { readConverseStream } from '../../nodes/BedrockConverse/response';
import { readAgentStream } from '../../nodes/BedrockInvokeAgent/agentStream';
import { toNodeError } from '../../nodes/shared/errors';
import { type ChunkSink } from '../../nodes/shared/items/chunkSink';
import { StreamCutOffError } from '../../nodes/shared/errors/streamCutOff';
import { testNode } from '../helpers/nodeContext';

/**
 * The event stream assemblers against generated streams: events in any order and number, fields
 * missing or odd, exceptions anywhere, streams that end early or break. Each run gives a result
 * or a failure that the node turns into an n8n error with a message; never a crash or a hang.
 */

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const text = fc.oneof(
	fc.string(),
	fc.string({ unit: 'binary' }),
	fc.constantFrom('', '{', '"}', '\u2028'),
);
const index = maybe(fc.nat(4));

/** How a stream ends: cleanly, or the connection breaks after the events. */
const ending = fc.constantFrom<'end' | 'cut' | 'error'>('end', 'end', 'cut', 'error');

async function* play<T>(events: T[], end: 'end' | 'cut' | 'error'): AsyncIterable<T> {
	for (const event of events) {
		await Promise.resolve();
		yield event;
	}
	if (end === 'cut') throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
	if (end === 'error') throw new Error('Truncated event message received.');
}

/** The failure as n8n shows it: an error with a message, whatever was thrown. */
function expectUserFacing(reason: unknown): void {
	const error = toNodeError(testNode, reason, { itemIndex: 0 });
	expect(typeof error.message).toBe('string');
	expect(error.message.trim().length).toBeGreaterThan(0);
}

class RecordingSink implements ChunkSink {
	sent: string[] = [];
	ended = false;
	failed?: string;
	get delivered() {
		return this.sent.length > 0 || this.ended;
	}
	send(piece: string) {
		this.sent.push(piece);
	}
	end() {
		this.ended = true;
	}
	fail(message: string) {
		this.failed = message;
	}
}

describe('Converse stream assembly (readConverseStream)', () => {
	const EXCEPTIONS = [
		'internalServerException',
		'modelStreamErrorException',
		'serviceUnavailableException',
		'throttlingException',
		'validationException',
	];
	const converseEvent: fc.Arbitrary<ConverseStreamOutput> = fc.oneof(
		{
			arbitrary: fc.record({
				messageStart: fc.record({ role: fc.constantFrom('assistant', 'user') }),
			}),
			weight: 1,
		},
		{
			arbitrary: fc.record({
				contentBlockStart: fc.record(
					{
						contentBlockIndex: index,
						start: maybe(
							fc.record({
								toolUse: fc.record(
									{ toolUseId: maybe(text), name: maybe(text) },
									{ requiredKeys: [] },
								),
							}),
						),
					},
					{ requiredKeys: [] },
				),
			}),
			weight: 1,
		},
		{
			arbitrary: fc.record({
				contentBlockDelta: fc.record(
					{
						contentBlockIndex: index,
						delta: maybe(
							fc.oneof(
								fc.record({ text }),
								fc.record({ toolUse: fc.record({ input: maybe(text) }, { requiredKeys: [] }) }),
								fc.record({
									reasoningContent: fc.record(
										{ text: maybe(text), signature: maybe(text) },
										{ requiredKeys: [] },
									),
								}),
							),
						),
					},
					{ requiredKeys: [] },
				),
			}),
			weight: 5,
		},
		{
			arbitrary: fc.record({ contentBlockStop: fc.record({ contentBlockIndex: fc.nat(4) }) }),
			weight: 1,
		},
		{
			arbitrary: fc.record({
				messageStop: fc.record(
					{ stopReason: maybe(fc.constantFrom('end_turn', 'max_tokens', 'tool_use')) },
					{ requiredKeys: [] },
				),
			}),
			weight: 1,
		},
		{
			arbitrary: fc.record({
				metadata: fc.record(
					{
						usage: maybe(
							fc.record(
								{ inputTokens: fc.nat(), outputTokens: fc.nat(), totalTokens: fc.nat() },
								{ requiredKeys: [] },
							),
						),
						metrics: maybe(fc.record({ latencyMs: fc.nat() })),
					},
					{ requiredKeys: [] },
				),
			}),
			weight: 1,
		},
		{
			arbitrary: fc
				.tuple(fc.constantFrom(...EXCEPTIONS), text)
				.map(([key, message]) => ({ [key]: { message } }) as unknown as ConverseStreamOutput),
			weight: 1,
		},
	) as fc.Arbitrary<ConverseStreamOutput>;

	it('shaped events: a result whose text is the text deltas, or a failure with a message', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(converseEvent, { maxLength: 30 }), ending, async (events, end) => {
				const sink = new RecordingSink();
				let result;
				try {
					result = await readConverseStream(play(events, end), sink);
				} catch (reason) {
					expectUserFacing(reason);
					expect(sink.ended).toBe(false);
					return;
				}
				expect(end).toBe('end');
				expect(sink.ended).toBe(true);
				// Text sent while streaming is the text of the answer, block for block.
				expect(sink.sent.join('').length).toBe(
					events.reduce((n, e) => n + (e.contentBlockDelta?.delta?.text?.length ?? 0), 0),
				);
				expect(typeof result.text).toBe('string');
				expect(Array.isArray(result.toolCalls)).toBe(true);
				// The last messageStop wins, and a stream without one never succeeds.
				expect(result.stopReason).toBe(
					events.filter((e) => e.messageStop).at(-1)?.messageStop?.stopReason,
				);
			}),
			{ numRuns: 800 },
		);
	});

	it('a stream of only text deltas and its final events gives back exactly that text', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(text, { maxLength: 20 }), async (pieces) => {
				const events: ConverseStreamOutput[] = [
					{ messageStart: { role: 'assistant' } },
					...pieces.map(
						(t): ConverseStreamOutput => ({
							contentBlockDelta: { contentBlockIndex: 0, delta: { text: t } },
						}),
					),
					{ messageStop: { stopReason: 'end_turn' } },
					{
						metadata: {
							usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
							metrics: { latencyMs: 1 },
						},
					},
				] as ConverseStreamOutput[];
				const result = await readConverseStream(play(events, 'end'));
				expect(result.text).toBe(pieces.join(''));
			}),
			{ numRuns: 300 },
		);
	});

	it('anything at all as events: a result or a failure n8n can show', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.anything(), { maxLength: 10 }), ending, async (events, end) => {
				await readConverseStream(play(events as ConverseStreamOutput[], end)).then(
					(result) => expect(typeof result.text).toBe('string'),
					expectUserFacing,
				);
			}),
			{ numRuns: 500 },
		);
	});
});

describe('agent stream assembly (readAgentStream)', () => {
	const bytes = fc.uint8Array({ maxLength: 64 });
	const reference = fc.record(
		{
			content: maybe(fc.record({ text: maybe(text) }, { requiredKeys: [] })),
			location: maybe(
				fc.record(
					{ type: fc.constantFrom('S3', 'WEB'), s3Location: maybe(fc.record({ uri: text })) },
					{ requiredKeys: [] },
				),
			),
			metadata: maybe(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 })),
		},
		{ requiredKeys: [] },
	);
	const citation = fc.record(
		{
			generatedResponsePart: maybe(
				fc.record(
					{
						textResponsePart: maybe(
							fc.record(
								{
									text: maybe(text),
									span: maybe(
										fc.record(
											{ start: maybe(fc.nat()), end: maybe(fc.nat()) },
											{ requiredKeys: [] },
										),
									),
								},
								{ requiredKeys: [] },
							),
						),
					},
					{ requiredKeys: [] },
				),
			),
			retrievedReferences: maybe(fc.array(reference, { maxLength: 3 })),
		},
		{ requiredKeys: [] },
	);
	const usage = maybe(
		fc.record(
			{ inputTokens: maybe(fc.nat()), outputTokens: maybe(fc.nat()) },
			{ requiredKeys: [] },
		),
	);
	const agentEvent: fc.Arbitrary<ResponseStream> = fc.oneof(
		{
			arbitrary: fc.record({
				chunk: fc.record(
					{
						bytes: maybe(bytes),
						attribution: maybe(
							fc.record(
								{ citations: maybe(fc.array(citation, { maxLength: 3 })) },
								{ requiredKeys: [] },
							),
						),
					},
					{ requiredKeys: [] },
				),
			}),
			weight: 5,
		},
		{
			arbitrary: fc.record({
				trace: fc.record(
					{
						trace: maybe(
							fc.record(
								{
									orchestrationTrace: maybe(
										fc.record(
											{
												modelInvocationOutput: maybe(
													fc.record(
														{ metadata: maybe(fc.record({ usage }, { requiredKeys: [] })) },
														{ requiredKeys: [] },
													),
												),
											},
											{ requiredKeys: [] },
										),
									),
									preProcessingTrace: maybe(
										fc.record(
											{
												modelInvocationOutput: maybe(
													fc.record(
														{ metadata: maybe(fc.record({ usage }, { requiredKeys: [] })) },
														{ requiredKeys: [] },
													),
												),
											},
											{ requiredKeys: [] },
										),
									),
								},
								{ requiredKeys: [] },
							),
						),
						sessionId: maybe(text),
					},
					{ requiredKeys: [] },
				),
			}),
			weight: 2,
		},
		{
			arbitrary: fc.record({
				returnControl: fc.record(
					{
						invocationId: maybe(text),
						invocationInputs: maybe(fc.array(fc.jsonValue(), { maxLength: 2 })),
					},
					{ requiredKeys: [] },
				),
			}),
			weight: 1,
		},
		{
			arbitrary: fc.record({
				files: fc.record(
					{
						files: maybe(
							fc.array(
								fc.record(
									{ name: maybe(text), type: maybe(text), bytes: maybe(bytes) },
									{ requiredKeys: [] },
								),
								{ maxLength: 2 },
							),
						),
					},
					{ requiredKeys: [] },
				),
			}),
			weight: 1,
		},
		{
			arbitrary: fc
				.tuple(
					fc.constantFrom(
						'internalServerException',
						'dependencyFailedException',
						'badGatewayException',
						'throttlingException',
						'accessDeniedException',
						'validationException',
					),
					maybe(text),
				)
				.map(([key, message]) => ({ [key]: { message } })),
			weight: 1,
		},
	) as fc.Arbitrary<ResponseStream>;

	it('shaped events: a result, or a failure with a message', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(agentEvent, { maxLength: 20 }),
				ending,
				fc.boolean(),
				async (events, end, collectTraces) => {
					const streamed: string[] = [];
					let result;
					try {
						result = await readAgentStream(play(events, end), {
							collectTraces,
							onText: (t) => streamed.push(t),
						});
					} catch (reason) {
						expectUserFacing(reason);
						return;
					}
					expect(end).toBe('end');
					expect(result.output).toBe(streamed.join(''));
					expect(JSON.parse(JSON.stringify(result.citations))).toEqual(result.citations);
					if (collectTraces)
						expect(result.traces).toHaveLength(events.filter((e) => e.trace).length);
				},
			),
			{ numRuns: 800 },
		);
	});

	it('text split anywhere, even inside a character, comes out whole', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.string({ unit: 'binary', minLength: 1 }),
				fc.array(fc.nat(), { maxLength: 8 }),
				async (answer, cuts) => {
					const encoded = new TextEncoder().encode(answer);
					const points = [...new Set(cuts.map((c) => c % (encoded.length + 1)))].sort(
						(a, b) => a - b,
					);
					const pieces = [0, ...points, encoded.length]
						.slice(1)
						.map((end, i, ends) => encoded.slice(i === 0 ? 0 : ends[i - 1], end));
					const streamed: string[] = [];
					const result = await readAgentStream(
						play(
							pieces.map((bytes): ResponseStream => ({ chunk: { bytes } }) as ResponseStream),
							'end',
						),
						{
							onText: (t) => streamed.push(t),
						},
					);
					expect(result.output).toBe(answer);
					expect(streamed.join('')).toBe(answer);
					expect(streamed.every((t) => t.length > 0)).toBe(true);
				},
			),
			{ numRuns: 400 },
		);
	});

	it('anything at all as events: a result or a failure n8n can show', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.anything(), { maxLength: 10 }), ending, async (events, end) => {
				await readAgentStream(play(events as ResponseStream[], end)).then(
					(result) => expect(typeof result.output).toBe('string'),
					expectUserFacing,
				);
			}),
			{ numRuns: 500 },
		);
	});

	it('an empty or missing stream is a cut-off, not an empty answer', async () => {
		await expect(readAgentStream(undefined)).rejects.toBeInstanceOf(StreamCutOffError);
		await expect(readAgentStream(play([], 'end'))).rejects.toBeInstanceOf(StreamCutOffError);
	});
});
