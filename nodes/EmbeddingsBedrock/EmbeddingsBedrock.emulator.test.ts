import { Embeddings } from '@langchain/core/embeddings';
import type { IDataObject } from 'n8n-workflow';

import { embedText } from '../../test/emulator/embeddings';
import { CREDENTIAL_CASES } from '../../test/helpers/credentials';
import { locator, supplyDataContext } from '../../test/helpers/nodeContext';
import { useEmulator, type CredentialCase } from '../../test/helpers/useEmulator';
import { EmbeddingsBedrock } from './EmbeddingsBedrock.node';

type Json = Record<string, unknown>;

describe('Bedrock Embeddings', () => {
	const aws = useEmulator();
	const node = new EmbeddingsBedrock();

	async function embeddings(
		modelId: string,
		options: IDataObject = {},
		credential: CredentialCase = CREDENTIAL_CASES[1],
	) {
		const context = supplyDataContext({
			nodeType: 'n8n-nodes-bedrock-iam.embeddingsBedrock',
			parameters: { authentication: credential.authentication, model: locator(modelId), options },
			credentials: { [credential.type]: credential.data(aws.emulator) },
		});
		const { response } = await node.supplyData.call(context as never, 0);
		return { embedder: response as Embeddings, context };
	}

	const invokeBodies = () =>
		aws.emulator.calls.filter((c) => c.action === 'InvokeModel').map((c) => c.body as Json);

	it('describes a sub-node: no main input, one embeddings output, every credential type', () => {
		expect(node.description.inputs).toEqual([]);
		expect(node.description.outputs).toEqual(['ai_embedding']);
		expect(node.description.credentials?.map((c) => c.name)).toEqual([
			...new Set(CREDENTIAL_CASES.map((c) => c.type)),
		]);
	});

	it.each(CREDENTIAL_CASES.map((c, i) => [`${c.type} #${i}`, c] as const))(
		'%s: Titan V2 embeds each text in its own request, vectors in order, calls traced',
		async (_name, credential) => {
			const { embedder, context } = await embeddings(
				'amazon.titan-embed-text-v2:0',
				{ dimensions: 256 },
				credential,
			);
			expect(embedder).toBeInstanceOf(Embeddings);
			const texts = ['red apples', 'green pears', 'blue plums'];
			const vectors = await embedder.embedDocuments(texts);
			expect(vectors).toEqual(texts.map((t) => embedText(t, 256)));
			// Sent concurrently: the requests may arrive in any order, the vectors may not.
			expect(invokeBodies()).toHaveLength(3);
			expect(invokeBodies()).toEqual(
				expect.arrayContaining(
					texts.map((inputText) => ({ inputText, dimensions: 256, normalize: true })),
				),
			);
			// n8n's log wrapper saw an Embeddings of its @langchain/core: input and output traced.
			expect(context.inputs).toEqual([[[{ json: { documents: texts } }]]]);
			expect(context.outputs).toEqual([[[{ json: { response: vectors } }]]]);
		},
	);

	it('Cohere Embed v3: 200 texts in 3 requests of at most 96, documents then a query', async () => {
		const { embedder } = await embeddings('cohere.embed-english-v3', { maxConcurrency: 3 });
		const texts = Array.from({ length: 200 }, (_, i) => `document number ${i} about topic${i % 7}`);
		const vectors = await embedder.embedDocuments(texts);
		expect(vectors).toEqual(texts.map((t) => embedText(t, 1024)));
		const bodies = invokeBodies();
		expect(bodies.map((b) => (b.texts as string[]).length).sort()).toEqual([8, 96, 96]);
		expect(bodies.every((b) => b.input_type === 'search_document')).toBe(true);
		expect(bodies[0]).toMatchObject({ truncate: 'END', embedding_types: ['float'] });

		aws.emulator.reset();
		const query = await embedder.embedQuery('which topic3 document?');
		expect(query).toEqual(embedText('which topic3 document?', 1024));
		expect(invokeBodies()).toEqual([
			{
				texts: ['which topic3 document?'],
				input_type: 'search_query',
				truncate: 'END',
				embedding_types: ['float'],
			},
		]);
	});

	it.each([
		[1, 'one after the other'],
		[3, 'together'],
	])(
		'Max Concurrent Requests %i: requests go %s; a slow first answer keeps its place',
		async (maxConcurrency) => {
			const { embedder } = await embeddings('cohere.embed-english-v3', { maxConcurrency });
			aws.emulator.injectFault({ action: 'InvokeModel', kind: 'delay', delayMs: 800 });
			const texts = Array.from({ length: 250 }, (_, i) => `text ${i} word${i % 11}`);
			expect(await embedder.embedDocuments(texts)).toEqual(texts.map((t) => embedText(t, 1024)));
			const [first, second] = aws.emulator.calls
				.filter((c) => c.action === 'InvokeModel')
				.map((c) => c.time.getTime());
			// The first request's answer is held 800 ms: a second request waits for it only when
			// one request goes at a time.
			if (maxConcurrency === 1) expect(second - first).toBeGreaterThanOrEqual(800);
			else expect(second - first).toBeLessThan(800);
		},
	);

	it('Cohere Embed v4 through its inference profile: output dimension, truncate LEFT', async () => {
		const { embedder } = await embeddings('us.cohere.embed-v4:0', {
			dimensions: 512,
			truncate: 'START',
		});
		const [vector] = await embedder.embedDocuments(['a long text']);
		expect(vector).toHaveLength(512);
		expect(invokeBodies()[0]).toMatchObject({ output_dimension: 512, truncate: 'LEFT' });
	});

	it('Nova Multimodal Embeddings: one text a request, purpose by use, dimension always sent', async () => {
		const { embedder } = await embeddings('amazon.nova-2-multimodal-embeddings-v1:0', {
			dimensions: 1024,
		});
		const vectors = await embedder.embedDocuments(['first text', 'second text']);
		expect(vectors).toEqual(['first text', 'second text'].map((t) => embedText(t, 1024)));
		await embedder.embedQuery('a question');
		const nova = (value: string, purpose: string) => ({
			taskType: 'SINGLE_EMBEDDING',
			singleEmbeddingParams: {
				embeddingPurpose: purpose,
				embeddingDimension: 1024,
				text: { truncationMode: 'END', value },
			},
		});
		const bodies = invokeBodies();
		expect(bodies.slice(0, 2)).toEqual(
			expect.arrayContaining([
				nova('first text', 'GENERIC_INDEX'),
				nova('second text', 'GENERIC_INDEX'),
			]),
		);
		expect(bodies.slice(2)).toEqual([nova('a question', 'TEXT_RETRIEVAL')]);
	});

	it('Titan V2: Normalize off is sent; the vectors are not unit length', async () => {
		const { embedder } = await embeddings('amazon.titan-embed-text-v2:0', {
			normalize: false,
			dimensions: 512,
		});
		const v = await embedder.embedQuery('three little words');
		expect(invokeBodies()[0]).toEqual({
			inputText: 'three little words',
			dimensions: 512,
			normalize: false,
		});
		expect(Math.hypot(...v)).toBeGreaterThan(1.5);
	});

	it('refuses a vector length the model does not make, before any call', async () => {
		await expect(embeddings('amazon.titan-embed-text-v2:0', { dimensions: 1536 })).rejects.toThrow(
			'Titan Text Embeddings V2 makes vectors of 256, 512, 1024 numbers, not 1536',
		);
		await expect(embeddings('cohere.embed-english-v3', { dimensions: 256 })).rejects.toThrow(
			'Cohere Embed v3 makes vectors of one length',
		);
		expect(aws.emulator.calls.filter((c) => c.action === 'InvokeModel')).toHaveLength(0);
	});

	it('refuses a model whose request format it cannot tell', async () => {
		await expect(embeddings('amazon.nova-lite-v1:0')).rejects.toThrow(
			/cannot tell the request format of "amazon.nova-lite-v1:0": it supports Titan/,
		);
	});

	it('one AssumeRole for many calls of several supplies', async () => {
		for (let i = 0; i < 3; i++) {
			const { embedder } = await embeddings('cohere.embed-english-v3');
			await embedder.embedDocuments(['one', 'two']);
			await embedder.embedQuery('three');
		}
		expect(aws.emulator.count('AssumeRole')).toBe(1);
		expect(aws.emulator.count('InvokeModel')).toBe(6);
	});

	it('under a request quota, throttled requests wait and go again: no text lost', async () => {
		aws.emulator.setQuotas([
			{ target: 'amazon.titan-embed-text-v2:0', requestsPerMinute: 120, timeScale: 60 },
		]);
		const { embedder } = await embeddings('amazon.titan-embed-text-v2:0', {
			maxConcurrency: 5,
			throttlingBudget: 60,
			dimensions: 256,
		});
		const texts = Array.from({ length: 12 }, (_, i) => `chunk ${i}`);
		expect(await embedder.embedDocuments(texts)).toEqual(texts.map((t) => embedText(t, 256)));
		const ok = aws.emulator.calls.filter((c) => c.action === 'InvokeModel' && !c.errorCode);
		expect(ok).toHaveLength(12);
		expect(
			aws.emulator.calls.filter((c) => c.errorCode === 'ThrottlingException').length,
		).toBeGreaterThan(0);
	});

	it('an AWS error reaches n8n with advice, traced as the sub-node output', async () => {
		aws.emulator.config.deny.push({ action: 'bedrock:InvokeModel' });
		try {
			const { embedder, context } = await embeddings('cohere.embed-english-v3');
			const error = await embedder.embedDocuments(['x']).catch((e: unknown) => e as Error);
			expect(error).toBeInstanceOf(Error);
			expect((error as Error).message).toBe(
				'The IAM identity is not allowed to call bedrock:InvokeModel',
			);
			expect((error as { description?: string }).description).toContain('bedrock:InvokeModel');
			expect(context.outputs).toHaveLength(1);
		} finally {
			aws.emulator.config.deny.pop();
		}
	});
});
