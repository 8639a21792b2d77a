import type { ResponseStream } from '@aws-sdk/client-bedrock-agent-runtime';
import { NodeOperationError, type INode } from 'n8n-workflow';

import { toNodeError } from '../shared/errors';
import { isStreamCutOff, StreamCutOffError } from '../shared/errors/streamCutOff';
import { readAgentStream, toJson } from './agentStream';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function* stream(
	events: ResponseStream[],
	failWith?: unknown,
): AsyncIterable<ResponseStream> {
	for (const event of events) yield event;
	if (failWith !== undefined) throw failWith;
}

const chunk = (bytes: Uint8Array | string, citations?: unknown[]): ResponseStream =>
	({
		chunk: {
			bytes: typeof bytes === 'string' ? utf8(bytes) : bytes,
			...(citations ? { attribution: { citations } } : {}),
		},
	}) as ResponseStream;

const usageTrace = (kind: string, inputTokens: number, outputTokens: number): ResponseStream =>
	({
		trace: {
			sessionId: 's-1',
			eventTime: new Date('2025-01-02T03:04:05Z'),
			trace: {
				[kind]: {
					modelInvocationOutput: {
						traceId: `${kind}-1`,
						metadata: { usage: { inputTokens, outputTokens } },
					},
				},
			},
		},
	}) as unknown as ResponseStream;

const node: INode = {
	id: 'n',
	name: 'Bedrock Invoke Agent',
	type: 'n8n-nodes-bedrock-iam.bedrockInvokeAgent',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('readAgentStream', () => {
	it('decodes multi-byte characters split across chunks at every byte boundary', async () => {
		const text = 'Grüße 😀 — 東京 ok';
		const bytes = utf8(text);
		for (let cut = 1; cut < bytes.length; cut++) {
			const pieces: string[] = [];
			const result = await readAgentStream(
				stream([chunk(bytes.slice(0, cut)), chunk(bytes.slice(cut))]),
				{ onText: (t) => pieces.push(t) },
			);
			expect(result.output).toBe(text);
			expect(pieces.join('')).toBe(text);
			expect(pieces.every((p) => p.length > 0 && !p.includes('\uFFFD'))).toBe(true);
		}
	});

	it('decodes a character split over three chunks, one byte each', async () => {
		const bytes = utf8('€');
		const result = await readAgentStream(stream([...bytes].map((b) => chunk(new Uint8Array([b])))));
		expect(result.output).toBe('€');
	});

	it('hands each chunk to onText as it arrives, before the stream ends', async () => {
		const seen: string[] = [];
		let ended = false;
		async function* slow(): AsyncIterable<ResponseStream> {
			yield chunk('Hello ');
			expect(seen).toEqual(['Hello ']);
			yield chunk('world');
			expect(seen).toEqual(['Hello ', 'world']);
			ended = true;
		}
		const result = await readAgentStream(slow(), {
			onText: (t) => seen.push(ended ? `late:${t}` : t),
		});
		expect(result.output).toBe('Hello world');
		expect(seen).toEqual(['Hello ', 'world']);
	});

	it('merges citations of all chunks and lists each reference once', async () => {
		const s3 = {
			location: { type: 'S3', s3Location: { uri: 's3://kb/a.pdf' } },
			content: { text: 'A says so' },
		};
		const web = {
			location: { type: 'WEB', webLocation: { url: 'https://example.com' } },
			content: { text: 'B says so' },
		};
		const part = (text: string, start: number, end: number) => ({
			textResponsePart: { text, span: { start, end } },
		});
		const result = await readAgentStream(
			stream([
				chunk('First claim. ', [
					{ generatedResponsePart: part('First claim.', 0, 11), retrievedReferences: [s3, s3] },
				]),
				chunk('Second claim.', [
					{
						generatedResponsePart: part('First claim.', 0, 11),
						retrievedReferences: [{ ...s3, metadata: { page: 2 } }, web],
					},
					{ generatedResponsePart: part('Second claim.', 13, 25), retrievedReferences: [web] },
				]),
			]),
		);
		expect(result.output).toBe('First claim. Second claim.');
		expect(result.citations).toEqual([
			{ text: 'First claim.', span: { start: 0, end: 11 }, references: [s3, web] },
			{ text: 'Second claim.', span: { start: 13, end: 25 }, references: [web] },
		]);
	});

	it('sums the token usage of orchestration, pre-, post-processing and routing traces', async () => {
		const events = [
			usageTrace('preProcessingTrace', 10, 1),
			usageTrace('orchestrationTrace', 100, 20),
			usageTrace('orchestrationTrace', 150, 30),
			usageTrace('routingClassifierTrace', 5, 2),
			{
				trace: { trace: { orchestrationTrace: { rationale: { text: 'thinking' } } } },
			} as ResponseStream,
			chunk('done'),
			usageTrace('postProcessingTrace', 7, 3),
		];
		const result = await readAgentStream(stream(events));
		expect(result.usage).toEqual({ inputTokens: 272, outputTokens: 56, totalTokens: 328 });
		expect(result).not.toHaveProperty('traces');

		const traced = await readAgentStream(stream(events), { collectTraces: true });
		expect(traced.traces).toHaveLength(6);
		expect(traced.traces?.[0]).toMatchObject({
			sessionId: 's-1',
			eventTime: '2025-01-02T03:04:05.000Z',
		});
	});

	it('leaves usage out when no trace reports any, and traces empty when asked for', async () => {
		const result = await readAgentStream(stream([chunk('hi')]), { collectTraces: true });
		expect(result).not.toHaveProperty('usage');
		expect(result.traces).toEqual([]);
	});

	it('outputs a return-control request so a workflow can answer it', async () => {
		const functionInput = {
			functionInvocationInput: {
				actionGroup: 'WeatherTools',
				function: 'get_weather',
				parameters: [
					Object.fromEntries([
						['name', 'city'],
						['type', 'string'],
						['value', 'Paris'],
					]),
				],
				actionInvocationType: 'RESULT',
			},
		};
		const result = await readAgentStream(
			stream([
				{
					returnControl: { invocationId: 'inv-123', invocationInputs: [functionInput] },
				} as ResponseStream,
			]),
		);
		expect(result.output).toBe('');
		expect(result.returnControl).toEqual({
			invocationId: 'inv-123',
			invocationInputs: [functionInput],
		});
	});

	it('collects the files the agent made, with names and types', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
		const result = await readAgentStream(
			stream([
				chunk('Here is your chart.'),
				{
					files: {
						files: [{ name: 'chart.png', type: 'image/png', bytes: png }, { bytes: utf8('a,b') }],
					},
				} as ResponseStream,
			]),
		);
		expect(result.files).toEqual([
			{ name: 'chart.png', mimeType: 'image/png', bytes: png },
			{ name: 'file-2', mimeType: 'application/octet-stream', bytes: utf8('a,b') },
		]);
	});

	it('throws an exception member as an AWS error that toNodeError maps', async () => {
		const events = [
			chunk('partial '),
			{
				throttlingException: { message: 'Your request rate is too high.' },
			} as unknown as ResponseStream,
		];
		const error = await readAgentStream(stream(events)).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Error);
		expect(error).toMatchObject({
			name: 'ThrottlingException',
			message: 'Your request rate is too high.',
			$fault: 'client',
		});
		const mapped = toNodeError(node, error, { itemIndex: 3, service: 'bedrock-agent-runtime' });
		expect(mapped).toBeInstanceOf(NodeOperationError);
		expect(mapped.message).toMatch(/throttling/i);
		expect(mapped.description).toContain('Your request rate is too high.');
		expect(mapped.context.awsErrorCode).toBe('ThrottlingException');
		expect(mapped.context.itemIndex).toBe(3);
	});

	it('rethrows an exception the SDK raised while iterating', async () => {
		const sdkError = Object.assign(new Error('Access denied to the agent'), {
			name: 'AccessDeniedException',
			$fault: 'client',
			$metadata: { httpStatusCode: 403, requestId: 'req-1' },
		});
		await expect(readAgentStream(stream([chunk('x')], sdkError))).rejects.toBe(sdkError);
	});

	it('rethrows an exception member that already is an error', async () => {
		const sdkError = Object.assign(new Error('dependency down'), {
			name: 'DependencyFailedException',
			$fault: 'client',
		});
		const event = { dependencyFailedException: sdkError } as unknown as ResponseStream;
		await expect(readAgentStream(stream([event]))).rejects.toBe(sdkError);
	});

	it('says the response was cut off when the stream ends without an answer', async () => {
		await expect(readAgentStream(stream([]))).rejects.toBeInstanceOf(StreamCutOffError);
		await expect(readAgentStream(stream([usageTrace('orchestrationTrace', 1, 1)]))).rejects.toThrow(
			/cut off \(the stream ended before the agent answered\)/,
		);
		await expect(readAgentStream(undefined)).rejects.toBeInstanceOf(StreamCutOffError);
	});

	it('turns a connection closed in the middle of an event into a cut-off error', async () => {
		const truncated = new Error('Truncated event message received.');
		const error = await readAgentStream(stream([chunk('half')], truncated)).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(StreamCutOffError);
		expect(isStreamCutOff(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toBe(true);
		expect(isStreamCutOff(Object.assign(new Error('Truncated'), { $fault: 'server' }))).toBe(false);
		expect(isStreamCutOff(new Error('The operation was aborted'))).toBe(false);
	});

	it('ignores events it does not know', async () => {
		const result = await readAgentStream(
			stream([{ $unknown: ['newEvent', {}] } as ResponseStream, chunk('ok')]),
		);
		expect(result.output).toBe('ok');
	});
});

describe('toJson', () => {
	it('turns dates into ISO text and bytes into base64, and drops undefined fields', () => {
		expect(
			toJson({ at: new Date(0), bytes: utf8('hi'), gone: undefined, list: [1, null, 'x'] }),
		).toEqual({
			at: '1970-01-01T00:00:00.000Z',
			bytes: 'aGk=',
			list: [1, null, 'x'],
		});
	});
});
