import type { DocumentInterface } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import type { IDataObject } from 'n8n-workflow';

import { IAM_CREDENTIAL_CASES } from '../../test/helpers/credentials';
import { supplyDataContext } from '../../test/helpers/nodeContext';
import { useEmulator } from '../../test/helpers/useEmulator';
import { RerankerBedrock } from './RerankerBedrock.node';

type Json = Record<string, unknown>;

const DOCS: DocumentInterface[] = [
	{ pageContent: 'Invoices are due in thirty days.', metadata: { source: 'a' } },
	{ pageContent: 'The parking garage will open at seven.', metadata: { source: 'b' } },
	{ pageContent: 'Parking permits cost ten euros.', metadata: { source: 'c' } },
	{ pageContent: 'Lunch is served at noon.', metadata: { source: 'd' } },
];
const QUERY = 'When does the parking garage open?';

describe('Bedrock Reranker', () => {
	const aws = useEmulator();
	const node = new RerankerBedrock();

	async function reranker(
		parameters: IDataObject = {},
		credential: (typeof IAM_CREDENTIAL_CASES)[number] = IAM_CREDENTIAL_CASES[1],
	) {
		const context = supplyDataContext({
			nodeType: 'n8n-nodes-bedrock-iam.rerankerBedrock',
			parameters: {
				authentication: credential.authentication,
				rerankingModel: 'amazon.rerank-v1:0',
				topN: 2,
				...parameters,
			},
			credentials: { [credential.type]: credential.data(aws.emulator) },
		});
		const { response } = await node.supplyData.call(context as never, 0);
		return { compressor: response as BaseDocumentCompressor, context };
	}

	const rerankBodies = () =>
		aws.emulator.calls.filter((c) => c.action === 'Rerank').map((c) => c.body as Json);

	it('describes a sub-node: a reranker output, IAM credential types only', () => {
		expect(node.description.inputs).toEqual([]);
		expect(node.description.outputs).toEqual(['ai_reranker']);
		expect(node.description.credentials?.map((c) => c.name)).toEqual(
			IAM_CREDENTIAL_CASES.map((c) => c.type),
		);
	});

	it.each(IAM_CREDENTIAL_CASES.map((c) => [c.type, c] as const))(
		'%s: keeps the best documents with their score in metadata, in one Rerank call',
		async (_name, credential) => {
			const { compressor, context } = await reranker({}, credential);
			expect(compressor).toBeInstanceOf(BaseDocumentCompressor);
			const kept = await compressor.compressDocuments(DOCS, QUERY);
			expect(kept.map((d) => d.metadata.source)).toEqual(['b', 'c']);
			expect(kept[0].metadata.relevanceScore).toBeGreaterThan(kept[1].metadata.relevanceScore);
			expect(kept[0].pageContent).toBe(DOCS[1].pageContent);
			expect(DOCS[1].metadata).toEqual({ source: 'b' });
			expect(rerankBodies()).toEqual([
				{
					queries: [{ type: 'TEXT', textQuery: { text: QUERY } }],
					sources: DOCS.map((d) => ({
						type: 'INLINE',
						inlineDocumentSource: { type: 'TEXT', textDocument: { text: d.pageContent } },
					})),
					rerankingConfiguration: {
						type: 'BEDROCK_RERANKING_MODEL',
						bedrockRerankingConfiguration: {
							numberOfResults: 2,
							modelConfiguration: {
								modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0',
							},
						},
					},
				},
			]);
			expect(context.inputs).toHaveLength(1);
			expect(context.outputs).toEqual([[[{ json: { response: kept } }]]]);
		},
	);

	it('Cohere Rerank 3.5; no call for no documents; fewer documents than results', async () => {
		const { compressor } = await reranker({ rerankingModel: 'cohere.rerank-v3-5:0', topN: 10 });
		expect(await compressor.compressDocuments([], QUERY)).toEqual([]);
		expect(aws.emulator.count('Rerank')).toBe(0);
		const kept = await compressor.compressDocuments(DOCS, QUERY);
		expect(kept.map((d) => d.metadata.source)).toEqual(['b', 'c', 'a', 'd']);
		const config = rerankBodies()[0].rerankingConfiguration as Json;
		expect(config.bedrockRerankingConfiguration).toEqual({
			numberOfResults: 4,
			modelConfiguration: {
				modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0',
			},
		});
	});

	it('more than 1,000 documents go in several requests; the best of all are kept', async () => {
		const many: DocumentInterface[] = Array.from({ length: 1500 }, (_, i) => ({
			pageContent: i === 1200 ? 'parking garage open' : `filler text ${i}`,
			metadata: { i },
		}));
		const { compressor } = await reranker({ topN: 1 });
		const kept = await compressor.compressDocuments(many, QUERY);
		expect(kept.map((d) => d.metadata.i)).toEqual([1200]);
		expect(rerankBodies().map((b) => (b.sources as unknown[]).length)).toEqual([1000, 500]);
	});

	it('refuses a model it does not offer and a bad number of results, before any call', async () => {
		await expect(reranker({ rerankingModel: 'amazon.nova-lite-v1:0' })).rejects.toThrow(
			'Reranking Model "amazon.nova-lite-v1:0" is not offered',
		);
		await expect(reranker({ topN: 0 })).rejects.toThrow('Number of Results');
		expect(aws.emulator.count('Rerank')).toBe(0);
	});

	it('an AWS error reaches n8n with advice', async () => {
		aws.emulator.config.deny.push({ action: 'bedrock:Rerank' });
		try {
			const { compressor } = await reranker();
			const error = await compressor
				.compressDocuments(DOCS, QUERY)
				.catch((e: unknown) => e as Error);
			expect((error as Error).message).toBe(
				'The IAM identity is not allowed to call bedrock:Rerank',
			);
		} finally {
			aws.emulator.config.deny.pop();
		}
	});

	it('one AssumeRole across calls and supplies', async () => {
		for (let i = 0; i < 3; i++) {
			const { compressor } = await reranker();
			await compressor.compressDocuments(DOCS, QUERY);
		}
		expect(aws.emulator.count('AssumeRole')).toBe(1);
		expect(aws.emulator.count('Rerank')).toBe(3);
	});
});
