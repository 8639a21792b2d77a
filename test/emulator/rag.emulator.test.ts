import { RerankCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

import { useEmulator } from '../helpers/useEmulator';
import { agentRuntimeClient, failure, runtimeClientHttp1 } from './clients';
import { resultValue } from './agentModel';
import { embedText } from './embeddings';

type Json = Record<string, unknown>;

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const parse = (bytes: Uint8Array | undefined): Json =>
	JSON.parse(new TextDecoder().decode(bytes)) as Json;
const cosine = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('emulator: embeddings and rerank', () => {
	const aws = useEmulator();

	async function cohere(modelId: string, body: Json): Promise<Json> {
		const out = await runtimeClientHttp1(aws.emulator).send(
			new InvokeModelCommand({ modelId, body: json(body) }),
		);
		return parse(out.body);
	}

	test('word vectors: same text, same vector; shared words closer than none', () => {
		const a = embedText('The red fox jumps over the fence', 256);
		expect(embedText('The red fox jumps over the fence', 256)).toEqual(a);
		const near = embedText('a red fox sleeps', 256);
		const far = embedText('quarterly invoice totals', 256);
		expect(cosine(a, near)).toBeGreaterThan(cosine(a, far) + 0.2);
		expect(Math.hypot(...a)).toBeCloseTo(1, 6);
	});

	test('Cohere Embed v3: one vector of 1,024 per text, in order; by type when asked', async () => {
		const texts = ['alpha river', 'beta mountain', 'alpha river'];
		const floats = await cohere('cohere.embed-english-v3', {
			texts,
			input_type: 'search_document',
		});
		expect(floats.response_type).toBe('embeddings_floats');
		const vectors = floats.embeddings as number[][];
		expect(vectors.map((v) => v.length)).toEqual([1024, 1024, 1024]);
		expect(vectors[2]).toEqual(vectors[0]);
		expect(vectors[1]).not.toEqual(vectors[0]);
		const byType = await cohere('cohere.embed-english-v3', {
			texts,
			input_type: 'search_query',
			embedding_types: ['float'],
		});
		expect(byType.response_type).toBe('embeddings_by_type');
		expect((byType.embeddings as { float: number[][] }).float).toEqual(vectors);
	});

	test('Cohere Embed v4: output_dimension, through its inference profile', async () => {
		const out = await cohere('us.cohere.embed-v4:0', {
			texts: ['one', 'two words'],
			input_type: 'search_query',
			output_dimension: 256,
			truncate: 'RIGHT',
		});
		expect(out.response_type).toBe('embeddings_by_type');
		expect((out.embeddings as { float: number[][] }).float.map((v) => v.length)).toEqual([
			256, 256,
		]);
	});

	test.each([
		['97 texts', { texts: Array.from({ length: 97 }, () => 'x'), input_type: 'search_query' }],
		['no input_type', { texts: ['x'] }],
		['a v4 truncate value', { texts: ['x'], input_type: 'search_query', truncate: 'LEFT' }],
		['2,049 characters', { texts: ['x'.repeat(2049)], input_type: 'search_query' }],
	])('Cohere Embed v3 refuses %s', async (_name, body) => {
		const err = await failure(cohere('cohere.embed-english-v3', body));
		expect(err.name).toBe('ValidationException');
		expect(err.message).toMatch(/^Malformed input request/);
	});

	test('an embedding quota throttles Cohere Embed by requests', async () => {
		aws.emulator.setQuotas([{ target: 'cohere.embed-english-v3', requestsPerMinute: 60 }]);
		await cohere('cohere.embed-english-v3', { texts: ['a'], input_type: 'search_query' });
		const err = await failure(
			cohere('cohere.embed-english-v3', { texts: ['a'], input_type: 'search_query' }),
		);
		expect(err.name).toBe('ThrottlingException');
	});

	const rerankInput = (query: string, texts: string[], numberOfResults?: number) => ({
		queries: [{ type: 'TEXT' as const, textQuery: { text: query } }],
		sources: texts.map((text) => ({
			type: 'INLINE' as const,
			inlineDocumentSource: { type: 'TEXT' as const, textDocument: { text } },
		})),
		rerankingConfiguration: {
			type: 'BEDROCK_RERANKING_MODEL' as const,
			bedrockRerankingConfiguration: {
				modelConfiguration: {
					modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0',
				},
				...(numberOfResults ? { numberOfResults } : {}),
			},
		},
	});

	test('Rerank: word overlap decides the order, ties keep the order sent', async () => {
		const client = agentRuntimeClient(aws.emulator);
		const texts = [
			'Invoices are due in thirty days.',
			'The parking garage will open at seven.',
			'Parking permits cost ten euros; the garage is closed on Sunday.',
			'Lunch is served at noon.',
		];
		const out = await client.send(
			new RerankCommand(rerankInput('When does the parking garage open?', texts)),
		);
		expect(out.results!.map((r) => r.index)).toEqual([1, 2, 0, 3]);
		expect(out.results![0].relevanceScore).toBeGreaterThan(out.results![1].relevanceScore!);
		expect(out.results![2].relevanceScore).toBe(0);
		expect(out.results![0].document?.textDocument?.text).toBe(texts[1]);
		const two = await client.send(
			new RerankCommand(rerankInput('When does the parking garage open?', texts, 2)),
		);
		expect(two.results!.map((r) => r.index)).toEqual([1, 2]);
		expect(aws.emulator.count('Rerank')).toBe(2);
	});

	test('Rerank refuses a model that is not a reranking model of the region', async () => {
		const input = rerankInput('q', ['a']);
		input.rerankingConfiguration.bedrockRerankingConfiguration.modelConfiguration.modelArn =
			'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0';
		const err = await failure(agentRuntimeClient(aws.emulator).send(new RerankCommand(input)));
		expect(err.name).toBe('ValidationException');
		expect(err.message).toContain('is not supported in us-east-1');
	});
});

describe("emulator: the agent model reads a vector store tool's documents", () => {
	it('answers from the first document of the text blocks n8n sends back', () => {
		const doc = (pageContent: string) => JSON.stringify({ pageContent, metadata: { title: 'x' } });
		const result = JSON.stringify([
			{
				response: [
					{ type: 'text', text: doc('The garage opens at 6:30.') },
					{ type: 'text', text: doc('The gym opens at 6:00.') },
				],
			},
		]);
		expect(resultValue(result)).toBe('The garage opens at 6:30.');
		expect(resultValue('[{"response":"84"}]')).toBe('84');
	});
});
