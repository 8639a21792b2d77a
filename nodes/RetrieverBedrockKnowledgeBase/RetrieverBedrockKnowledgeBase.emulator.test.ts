import { BaseRetriever } from '@langchain/core/retrievers';
import type { Document } from '@langchain/core/documents';
import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
} from 'n8n-workflow';

import { CORPUS, SUPPORT_KB_ID } from '../../test/emulator/knowledgeBaseCatalog';
import { API_KEY_CASES, IAM_CREDENTIAL_CASES, signedRegion } from '../../test/helpers/credentials';
import { locator, supplyDataContext } from '../../test/helpers/nodeContext';
import { useEmulator } from '../../test/helpers/useEmulator';
import { RetrieverBedrockKnowledgeBase } from './RetrieverBedrockKnowledgeBase.node';

type Credential = (typeof IAM_CREDENTIAL_CASES)[number];

const node = new RetrieverBedrockKnowledgeBase();
const aws = useEmulator();

const uriOf = (chunkId: string) => {
	const location = CORPUS.find((d) => d.chunkId === chunkId)!.location;
	return location.type === 'S3' ? location.uri : location.url;
};
const textOf = (chunkId: string) => CORPUS.find((d) => d.chunkId === chunkId)!.text;
const retrieveCalls = () => aws.emulator.calls.filter((c) => c.action === 'Retrieve');

/** The retriever n8n's root node gets, and the context that records its logs. */
async function retriever(
	parameters: IDataObject = {},
	extra: {
		credential?: Credential;
		cancelSignal?: AbortSignal;
		data?: ICredentialDataDecryptedObject;
	} = {},
) {
	const credential = extra.credential ?? IAM_CREDENTIAL_CASES[1];
	const context = supplyDataContext({
		parameters: {
			authentication: credential.authentication,
			knowledgeBase: locator(SUPPORT_KB_ID, 'list'),
			numberOfResults: 5,
			options: {},
			...parameters,
		},
		credentials: { [credential.type]: extra.data ?? credential.data(aws.emulator) },
		cancelSignal: extra.cancelSignal,
		nodeType: 'n8n-nodes-bedrock-iam.retrieverBedrockKnowledgeBase',
	});
	const { response } = await node.supplyData.call(context as never, 0);
	return { retriever: response as BaseRetriever, context };
}

describe('Bedrock Knowledge Base Retriever', () => {
	it('describes a retriever sub-node: no input, one ai_retriever output, IAM credentials only', () => {
		const { description } = node;
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['ai_retriever']);
		expect(description.codex?.subcategories).toEqual({ AI: ['Retrievers', 'Root Nodes'] });
		expect(description.credentials?.map((c) => c.name)).toEqual(
			IAM_CREDENTIAL_CASES.map((c) => c.type),
		);
		const names = description.properties.map((p) => p.name);
		expect(names).toEqual(['authentication', 'knowledgeBase', 'numberOfResults', 'options']);
		const options = description.properties.find((p) => p.name === 'options')!.options!;
		expect(options.map((o) => o.name).sort()).toEqual(
			[
				'dataSources',
				'guardrailIdentifier',
				'guardrailVersion',
				'maxAttempts',
				'metadataFilter',
				'numberOfRerankedResults',
				'rerankingModel',
				'searchType',
				'throttlingBudget',
			].sort(),
		);
		expect(node.methods.listSearch).toHaveProperty('searchKnowledgeBases');
		expect(node.methods.loadOptions).toHaveProperty('getDataSources');
	});

	it.each(IAM_CREDENTIAL_CASES.map((c) => [c.authentication, c] as const))(
		'supplies a LangChain retriever whose documents carry the chunk text, source and score (%s)',
		async (_name, credential) => {
			const { retriever: r } = await retriever({}, { credential });
			// n8n's root nodes and log wrapper test for LangChain's own class (n8n's copy at run time).
			expect(r).toBeInstanceOf(BaseRetriever);
			const documents = await r.invoke('How long does shipping take?');
			expect(documents.map((d) => d.metadata.source)).toEqual([
				uriOf('chunk-shipping-1'),
				uriOf('chunk-shipping-2'),
			]);
			expect(documents[0].pageContent).toBe(textOf('chunk-shipping-1'));
			expect(documents[0].metadata).toEqual(
				expect.objectContaining({
					source: uriOf('chunk-shipping-1'),
					location: { type: 'S3', uri: uriOf('chunk-shipping-1') },
					score: 0.5,
					category: 'shipping',
					'x-amz-bedrock-kb-data-source-id': 'DSFAQ00001',
				}),
			);
			const [call] = retrieveCalls();
			expect(call.path).toBe(`/knowledgebases/${SUPPORT_KB_ID}/retrieve`);
			expect(call.body).toEqual({
				retrievalQuery: { text: 'How long does shipping take?' },
				retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5 } },
			});
			expect(signedRegion(call.headers)).toBe('us-east-1');
		},
	);

	it('gives web sources as URLs', async () => {
		const { retriever: r } = await retriever();
		const documents = await r.invoke('warranty claims defects');
		expect(documents[0].metadata).toMatchObject({
			source: uriOf('chunk-warranty-1'),
			location: { type: 'WEB', url: uriOf('chunk-warranty-1') },
		});
	});

	it('records each query and its documents as a run of the sub-node (the logs in the editor)', async () => {
		const { retriever: r, context } = await retriever();
		const documents = await r.invoke('How long does shipping take?');
		expect(context.inputs).toEqual([[[{ json: { query: 'How long does shipping take?' } }]]]);
		expect(context.outputs).toHaveLength(1);
		const [[[logged]]] = context.outputs as Array<Array<Array<{ json: { response: Document[] } }>>>;
		expect(logged.json.response).toEqual(documents);
	});

	it('sends the number of results, filter, data sources, search type, reranking and guardrail', async () => {
		const { retriever: r } = await retriever({
			numberOfResults: 3,
			options: {
				metadataFilter: '{"equals": {"key": "category", "value": "shipping"}}',
				dataSources: ['DSFAQ00001'],
				searchType: 'HYBRID',
				rerankingModel: 'amazon.rerank-v1:0',
				numberOfRerankedResults: 2,
				guardrailIdentifier: 'supportgr01',
				guardrailVersion: '1',
			},
		});
		const documents = await r.invoke('shipping days');
		expect(documents.every((d) => d.metadata.category === 'shipping')).toBe(true);
		expect(retrieveCalls()[0].body).toEqual({
			retrievalQuery: { text: 'shipping days' },
			retrievalConfiguration: {
				vectorSearchConfiguration: {
					numberOfResults: 3,
					overrideSearchType: 'HYBRID',
					filter: {
						andAll: [
							{ equals: { key: 'category', value: 'shipping' } },
							{ equals: { key: 'x-amz-bedrock-kb-data-source-id', value: 'DSFAQ00001' } },
						],
					},
					rerankingConfiguration: {
						type: 'BEDROCK_RERANKING_MODEL',
						bedrockRerankingConfiguration: {
							modelConfiguration: {
								modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0',
							},
							numberOfRerankedResults: 2,
						},
					},
				},
			},
			guardrailConfiguration: { guardrailId: 'supportgr01', guardrailVersion: '1' },
		});
	});

	it('refuses a malformed filter or knowledge base ID when supplied, before any request', async () => {
		await expect(retriever({ options: { metadataFilter: '{"near": 1}' } })).rejects.toThrow(
			NodeOperationError,
		);
		await expect(retriever({ knowledgeBase: locator('not an id!') })).rejects.toThrow(
			NodeOperationError,
		);
		expect(retrieveCalls()).toHaveLength(0);
	});

	it('refuses an empty or oversized query before any request, and logs the error', async () => {
		const { retriever: r, context } = await retriever();
		await expect(r.invoke('   ')).rejects.toThrow(/Query/);
		await expect(r.invoke('x'.repeat(20001))).rejects.toThrow('Query: 20001 characters');
		expect(retrieveCalls()).toHaveLength(0);
		expect(context.outputs).toEqual([
			expect.any(NodeOperationError),
			expect.any(NodeOperationError),
		]);
	});

	it('resolves one AssumeRole session for every query of every supplied retriever', async () => {
		for (let run = 0; run < 3; run++) {
			const { retriever: r } = await retriever();
			await r.invoke('shipping');
			await r.invoke('returns');
		}
		expect(retrieveCalls()).toHaveLength(6);
		expect(aws.emulator.count('AssumeRole')).toBe(1);
	});

	it('sends a throttled Retrieve again within the Throttling Budget (the shared quota limiter)', async () => {
		aws.emulator.injectFault({ action: 'Retrieve', kind: 'throttle', times: 2 });
		const { retriever: r } = await retriever({ options: { maxAttempts: 1 } });
		const documents = await r.invoke('How long does shipping take?');
		expect(documents).toHaveLength(2);
		expect(retrieveCalls()).toHaveLength(3);
	});

	it('turns throttling into advice once the budget is 0, naming Retrieve', async () => {
		aws.emulator.injectFault({ action: 'Retrieve', kind: 'throttle', times: 3 });
		const { retriever: r } = await retriever({ options: { maxAttempts: 1, throttlingBudget: 0 } });
		const failure = r.invoke('shipping');
		await expect(failure).rejects.toThrow(NodeApiError);
		await expect(failure).rejects.toMatchObject({
			message: 'AWS is throttling the requests: a quota was reached',
			description: expect.stringContaining('Retrieve and RetrieveAndGenerate requests per second'),
		});
	});

	it('says so when the knowledge base does not exist, with the request ID and no secret', async () => {
		const credential = IAM_CREDENTIAL_CASES[0];
		const data = credential.data(aws.emulator);
		const { retriever: r } = await retriever(
			{ knowledgeBase: locator('KBMISSING1') },
			{ credential, data },
		);
		const error = (await r.invoke('shipping').catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('The knowledge base was not found in this Bedrock Region');
		expect(error.description).toContain(`AWS request ID: ${retrieveCalls()[0].requestId}`);
		const shown = JSON.stringify([error.message, error.description]);
		expect(shown).not.toContain(String(data.secretAccessKey));
	});

	it('redacts the credential secret by value when an AWS message quotes it, in the error and the logs', async () => {
		const credential = IAM_CREDENTIAL_CASES[0];
		const data = credential.data(aws.emulator);
		const secret = String(data.secretAccessKey);
		aws.emulator.injectFault({
			action: 'Retrieve',
			kind: 'error',
			status: 400,
			code: 'ValidationException',
			message: `echo ${secret} / ${Buffer.from(secret).toString('base64')}`,
		});
		const { retriever: r, context } = await retriever({}, { credential, data });
		const error = (await r.invoke('shipping').catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		const shown = `${error.message} ${error.description} ${JSON.stringify(error)} ${JSON.stringify(context.outputs)}`;
		expect(shown).toContain('ValidationException');
		for (const form of [secret, Buffer.from(secret).toString('base64')]) {
			expect(shown).not.toContain(form);
		}
	});

	it('refuses an Amazon Bedrock API key, naming the credentials that can', async () => {
		const apiKey = API_KEY_CASES[0];
		const { retriever: r } = await retriever(
			{ authentication: apiKey.authentication },
			{
				credential: { ...IAM_CREDENTIAL_CASES[0], type: apiKey.type } as unknown as Credential,
				data: apiKey.data(aws.emulator),
			},
		);
		await expect(r.invoke('shipping')).rejects.toThrow(
			/^An Amazon Bedrock API key cannot call Agents for Amazon Bedrock Runtime/,
		);
		expect(aws.emulator.calls).toHaveLength(0);
	});

	it('stops when n8n cancels the execution', async () => {
		aws.emulator.injectFault({ action: 'Retrieve', kind: 'delay', delayMs: 5000 });
		const cancel = new AbortController();
		const { retriever: r } = await retriever({}, { cancelSignal: cancel.signal });
		const started = Date.now();
		const query = r.invoke('shipping');
		setTimeout(() => cancel.abort(), 50);
		await expect(query).rejects.toThrow();
		expect(Date.now() - started).toBeLessThan(2000);
	});
});
