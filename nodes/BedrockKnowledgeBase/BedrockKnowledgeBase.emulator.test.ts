import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import {
	CORPUS,
	EMPTY_KB_ID,
	GUARDRAIL_ANSWER,
	POLICY_DATA_SOURCE_ID,
	SUPPORT_KB_ID,
} from '../../test/emulator';
import {
	IAM_CREDENTIAL_CASES as CREDENTIAL_CASES,
	longTermApiKeyData,
	signedRegion,
} from '../../test/helpers/credentials';
import { locator } from '../../test/helpers/nodeContext';
import { nodeRunner, pickerContext, useEmulator } from '../../test/helpers/useEmulator';
import { BedrockKnowledgeBase } from './BedrockKnowledgeBase.node';
import { getDataSources, searchKnowledgeBases } from '../shared/knowledgeBase/listSearch';
import { clearModelArns } from './modelArn';

type Credential = (typeof CREDENTIAL_CASES)[number];

const MODEL = 'amazon.nova-lite-v1:0';
const MODEL_ARN = `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const doc = (chunkId: string) => CORPUS.find((d) => d.chunkId === chunkId)!;
const uriOf = (chunkId: string) => {
	const location = doc(chunkId).location;
	return location.type === 'S3' ? location.uri : location.url;
};

describe('Bedrock Knowledge Base', () => {
	const aws = useEmulator();
	const node = new BedrockKnowledgeBase();

	it('has Number of Results in one place for both operations: after Query, not an option', () => {
		const names = node.description.properties.map((p) => p.name);
		const numberOfResults = node.description.properties.filter((p) => p.name === 'numberOfResults');
		expect(numberOfResults).toHaveLength(1);
		expect(numberOfResults[0].displayOptions).toBeUndefined();
		expect(names.indexOf('numberOfResults')).toBe(names.indexOf('query') + 1);
		for (const options of node.description.properties.filter((p) => p.name === 'options'))
			expect(options.options?.map((o) => o.name)).not.toContain('numberOfResults');
	});

	beforeEach(() => {
		aws.emulator.config.modelAccessNotGranted = [];
		clearModelArns();
	});

	const run = nodeRunner(node, aws, {
		operation: 'retrieve',
		knowledgeBase: locator(SUPPORT_KB_ID, 'list'),
		query: 'How long does shipping take?',
		numberOfResults: 5,
		model: locator(MODEL),
		sessionId: '',
		options: {},
	});

	const calls = (action: string) => aws.emulator.calls.filter((c) => c.action === action);
	const generate = (extra: IDataObject = {}) => ({ operation: 'retrieveAndGenerate', ...extra });

	// n8n never offers an API key here (the node lists IAM credentials only); a workflow that
	// still names one (imported JSON) is refused before any call.
	it.each(['retrieve', 'retrieveAndGenerate'])(
		'%s refuses an Amazon Bedrock API key before any call, naming the credentials that can',
		async (operation) => {
			const failure = run(
				{ authentication: 'apiKey', operation },
				{
					credential: { ...CREDENTIAL_CASES[0], type: 'bedrockApiKeyApi' } as unknown as Credential,
					data: longTermApiKeyData(aws.emulator),
				},
			).result;
			await expect(failure).rejects.toThrow(NodeOperationError);
			await expect(failure).rejects.toMatchObject({
				message: expect.stringMatching(
					/^An Amazon Bedrock API key cannot call Agents for Amazon Bedrock Runtime/,
				),
				description: expect.stringContaining(
					'Amazon Bedrock (Access Keys) API, Amazon Bedrock (Assume Role) API or Amazon Bedrock (IAM Roles Anywhere) API',
				),
			});
			expect(aws.emulator.calls).toHaveLength(0);
		},
	);

	describe('Retrieve', () => {
		it.each(CREDENTIAL_CASES)(
			'returns one item per chunk, best first, through $type',
			async (credential) => {
				const [items] = await run({}, { credential }).result;
				expect(items.map((i) => i.json.location)).toEqual([
					{ type: 'S3', uri: uriOf('chunk-shipping-1') },
					{ type: 'S3', uri: uriOf('chunk-shipping-2') },
				]);
				expect(items[0].json).toEqual({
					text: doc('chunk-shipping-1').text,
					score: 0.5,
					location: { type: 'S3', uri: uriOf('chunk-shipping-1') },
					metadata: expect.objectContaining({
						category: 'shipping',
						year: 2025,
						tags: ['delivery', 'eu'],
						'x-amz-bedrock-kb-source-uri': uriOf('chunk-shipping-1'),
						'x-amz-bedrock-kb-data-source-id': 'DSFAQ00001',
					}),
				});
				expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
				const [call] = calls('Retrieve');
				expect(call.path).toBe(`/knowledgebases/${SUPPORT_KB_ID}/retrieve`);
				expect(call.body).toEqual({
					retrievalQuery: { text: 'How long does shipping take?' },
					retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5 } },
				});
				expect(signedRegion(call.headers)).toBe('us-east-1');
			},
		);

		it('returns one item with all results when asked, and web locations as URLs', async () => {
			const [[item]] = await run({
				query: 'warranty claims for a refund',
				numberOfResults: 3,
				options: { output: 'allResults' },
			}).result;
			const results = item.json.results as IDataObject[];
			expect(item.json.count).toBe(results.length);
			expect(results.map((r) => r.location)).toEqual([
				{ type: 'WEB', url: uriOf('chunk-warranty-1') },
				{ type: 'S3', uri: uriOf('chunk-returns-1') },
				{ type: 'WEB', url: uriOf('chunk-escalation-1') },
			]);
			expect(results.map((r) => r.score)).toEqual([0.6667, 0.3333, 0.3333]);
		});

		it('applies the metadata filter and the chosen data sources', async () => {
			const filter = {
				andAll: [
					{ equals: { key: 'category', value: 'shipping' } },
					{ greaterThanOrEquals: { key: 'year', value: 2024 } },
				],
			};
			const [filtered] = await run({ options: { metadataFilter: JSON.stringify(filter) } }).result;
			expect(filtered.map((i) => (i.json.location as IDataObject).uri)).toEqual([
				uriOf('chunk-shipping-1'),
			]);

			const [bySource] = await run({
				query: 'refund',
				options: { dataSources: [POLICY_DATA_SOURCE_ID] },
			}).result;
			expect(bySource.map((i) => (i.json.location as IDataObject).url)).toEqual([
				uriOf('chunk-escalation-1'),
			]);
			expect(calls('Retrieve')[1].body).toMatchObject({
				retrievalConfiguration: {
					vectorSearchConfiguration: {
						filter: {
							equals: { key: 'x-amz-bedrock-kb-data-source-id', value: POLICY_DATA_SOURCE_ID },
						},
					},
				},
			});

			const [both] = await run({
				query: 'refund',
				options: {
					dataSources: [POLICY_DATA_SOURCE_ID, 'DSFAQ00001'],
					metadataFilter: { equals: { key: 'audience', value: 'customer' } },
				},
			}).result;
			expect(both.map((i) => (i.json.location as IDataObject).uri)).toEqual([
				uriOf('chunk-returns-1'),
			]);
		});

		it.each(CREDENTIAL_CASES)(
			'refuses a malformed filter through $type before any request',
			async (credential) => {
				const bad = { andAll: [{ equals: { key: 'category', value: 'shipping' } }] };
				const failure = run(
					{ options: { metadataFilter: JSON.stringify(bad) } },
					{ credential },
				).result;
				await expect(failure).rejects.toThrow(NodeOperationError);
				await expect(failure).rejects.toMatchObject({
					message: 'Metadata Filter: at andAll, "andAll" takes a list of 2 to 5 filters',
					description: expect.stringContaining('"andAll" / "orAll"'),
				});
				expect(aws.emulator.calls).toHaveLength(0);
			},
		);

		it('refuses unparsable filter JSON and unknown operators before any request', async () => {
			await expect(run({ options: { metadataFilter: '{"equals": ' } }).result).rejects.toThrow(
				/^Metadata Filter: not valid JSON/,
			);
			await expect(
				run({ options: { metadataFilter: { like: { key: 'a', value: 'b' } } } }).result,
			).rejects.toThrow('Metadata Filter: "like" is not a filter operator');
			expect(aws.emulator.calls).toHaveLength(0);
		});

		it('sends the search type and reranking with the model ARN of the region', async () => {
			const [items] = await run(
				{
					query: 'shipping days business',
					options: {
						searchType: 'HYBRID',
						rerankingModel: 'amazon.rerank-v1:0',
						numberOfRerankedResults: 1,
					},
				},
				{ data: CREDENTIAL_CASES[1].data(aws.emulator, { region: 'eu-central-1' }) },
			).result;
			const [call] = calls('Retrieve');
			expect(signedRegion(call.headers)).toBe('eu-central-1');
			expect(call.body).toMatchObject({
				retrievalConfiguration: {
					vectorSearchConfiguration: {
						overrideSearchType: 'HYBRID',
						rerankingConfiguration: {
							type: 'BEDROCK_RERANKING_MODEL',
							bedrockRerankingConfiguration: {
								modelConfiguration: {
									modelArn: 'arn:aws:bedrock:eu-central-1::foundation-model/amazon.rerank-v1:0',
								},
								numberOfRerankedResults: 1,
							},
						},
					},
				},
			});
			expect(items).toHaveLength(1);
			expect(items[0].json.score).toBe(1);
		});

		it('keeps order and pairing over several items, and an empty result gives no item', async () => {
			const queries = ['warranty', 'customs fees', 'nothing matches zzz', 'tracking number'];
			const [items] = await run((i) => ({ query: queries[i], numberOfResults: 1 }), { items: 4 })
				.result;
			expect(items.map((i) => [(i.pairedItem as { item: number }).item, i.json.text])).toEqual([
				[0, doc('chunk-warranty-1').text],
				[1, doc('chunk-shipping-2').text],
				[3, doc('chunk-orders-1').text],
			]);
		});

		it('says so when the knowledge base does not exist in the region, keeping the request ID', async () => {
			const failure = run({ knowledgeBase: locator('KBMISSING1') }).result;
			await expect(failure).rejects.toThrow(NodeApiError);
			const error = (await failure.catch((e: unknown) => e)) as NodeApiError;
			expect(error.message).toBe('The knowledge base was not found in this Bedrock Region');
			expect(error.description).toContain('Amazon Bedrock > Knowledge Bases');
			expect(error.description).toContain('Region: us-east-1.');
			expect(error.description).toContain(`AWS request ID: ${calls('Retrieve')[0].requestId}`);
		});

		it('sends a throttled Retrieve again within the Throttling Budget', async () => {
			aws.emulator.injectFault({ action: 'Retrieve', kind: 'throttle', times: 2 });
			const [items] = await run({ options: { maxAttempts: 1, output: 'allResults' } }).result;
			expect(items[0].json).toMatchObject({ count: expect.any(Number) });
			expect(items[0].json.error).toBeUndefined();
			expect(calls('Retrieve')).toHaveLength(3);
		});

		it('turns throttling into advice, per item with Continue On Fail', async () => {
			aws.emulator.injectFault({ action: 'Retrieve', kind: 'throttle', times: 3 });
			const [items] = await run(
				{ options: { maxAttempts: 1, throttlingBudget: 0 } },
				{ items: [{ json: {} }], continueOnFail: true },
			).result;
			expect(items[0].json).toEqual({
				error: 'AWS is throttling the requests: a quota was reached',
				description: expect.stringContaining(
					'Retrieve and RetrieveAndGenerate requests per second',
				),
				code: 'ThrottlingException',
				requestId: calls('Retrieve')[0].requestId,
			});
		});

		it('reports a guardrail that intervened', async () => {
			const [[item]] = await run({
				query: 'confidential shipping numbers',
				options: { guardrailIdentifier: 'abc123', guardrailVersion: '1', output: 'allResults' },
			}).result;
			expect(item.json).toEqual({ results: [], count: 0, guardrailAction: 'INTERVENED' });
			expect(calls('Retrieve')[0].body).toMatchObject({
				guardrailConfiguration: { guardrailId: 'abc123', guardrailVersion: '1' },
			});
		});
	});

	describe('Retrieve and Generate', () => {
		it.each(CREDENTIAL_CASES)(
			'answers with citations mapped to their spans, through $type',
			async (credential) => {
				const [[item]] = await run(generate({ query: 'What is the refund policy?' }), {
					credential,
				}).result;
				const output = item.json.text as string;
				const first = doc('chunk-returns-1').text.split('. ')[0] + '.';
				const second = doc('chunk-escalation-1').text.split('. ')[0] + '.';
				expect(output).toBe(`${first} ${second}`);
				expect(item.json.sessionId).toMatch(UUID);
				expect(item.json.model).toBe(MODEL);
				const citations = item.json.citations as Array<{
					text: string;
					span: { start: number; end: number };
					references: IDataObject[];
				}>;
				expect(citations.map((c) => c.text)).toEqual([first, second]);
				for (const citation of citations) {
					expect(output.slice(citation.span.start, citation.span.end + 1)).toBe(citation.text);
				}
				expect(citations[0].references).toEqual([
					{
						text: doc('chunk-returns-1').text,
						location: { type: 'S3', uri: uriOf('chunk-returns-1') },
						metadata: expect.objectContaining({ category: 'returns' }),
					},
				]);
				expect(citations[1].references[0].location).toEqual({
					type: 'WEB',
					url: uriOf('chunk-escalation-1'),
				});
				const [call] = calls('RetrieveAndGenerate');
				expect(call.body).toEqual({
					input: { text: 'What is the refund policy?' },
					retrieveAndGenerateConfiguration: {
						type: 'KNOWLEDGE_BASE',
						knowledgeBaseConfiguration: {
							knowledgeBaseId: SUPPORT_KB_ID,
							modelArn: MODEL_ARN,
							retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5 } },
						},
					},
				});
				expect(signedRegion(call.headers)).toBe('us-east-1');
			},
		);

		it('continues a conversation with the session ID of the previous answer', async () => {
			const [[first]] = await run(generate({ query: 'international customs' })).result;
			const [[second]] = await run(
				generate({ query: 'and how long does it take?', sessionId: first.json.sessionId }),
			).result;
			expect(second.json.sessionId).toBe(first.json.sessionId);
			expect(calls('RetrieveAndGenerate')[1].body).toMatchObject({
				sessionId: first.json.sessionId,
			});
			// The follow-up is answered in the context of the first question.
			expect(second.json.text).toContain('International shipping outside the EU');
		});

		it('explains an unknown session ID', async () => {
			await expect(run(generate({ sessionId: 'not-a-session' })).result).rejects.toMatchObject({
				message: 'The session ID is not valid for this knowledge base',
				description: expect.stringContaining('leave Session ID empty'),
			});
		});

		it('turns an inference profile ID into its ARN once per credential and region', async () => {
			const [items] = await run(
				generate({ model: locator('us.anthropic.claude-sonnet-4-20250514-v1:0', 'list') }),
				{ items: 3 },
			).result;
			const account = calls('GetInferenceProfile')[0].principalArn!.split(':')[4];
			const arn = `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0`;
			// The output names the model as chosen; the request carries its ARN.
			const profile = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
			expect(items.map((i) => i.json.model)).toEqual([profile, profile, profile]);
			expect(calls('GetInferenceProfile')).toHaveLength(1);
			expect(
				calls('RetrieveAndGenerate').map(
					(c) =>
						(
							c.body as {
								retrieveAndGenerateConfiguration: { knowledgeBaseConfiguration: IDataObject };
							}
						).retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.modelArn,
				),
			).toEqual([arn, arn, arn]);
		});

		it('sends the prompt template, guardrail, inference settings and retrieval options', async () => {
			const template = 'Answer briefly. $search_results$ $output_format_instructions$';
			await run(
				generate({
					numberOfResults: 3,
					options: {
						promptTemplate: template,
						guardrailIdentifier: 'abc123',
						maxTokens: 300,
						temperature: 0.2,
						performanceLatency: 'optimized',
						searchType: 'SEMANTIC',
						metadataFilter: '{"equals": {"key": "category", "value": "shipping"}}',
					},
				}),
			).result;
			expect(calls('RetrieveAndGenerate')[0].body).toMatchObject({
				retrieveAndGenerateConfiguration: {
					knowledgeBaseConfiguration: {
						retrievalConfiguration: {
							vectorSearchConfiguration: {
								numberOfResults: 3,
								overrideSearchType: 'SEMANTIC',
								filter: { equals: { key: 'category', value: 'shipping' } },
							},
						},
						generationConfiguration: {
							promptTemplate: { textPromptTemplate: template },
							guardrailConfiguration: { guardrailId: 'abc123', guardrailVersion: 'DRAFT' },
							inferenceConfig: { textInferenceConfig: { maxTokens: 300, temperature: 0.2 } },
							performanceConfig: { latency: 'optimized' },
						},
					},
				},
			});
		});

		it('refuses a prompt template without $search_results$ and a malformed filter before any request', async () => {
			await expect(
				run(generate({ options: { promptTemplate: 'Answer: $query$' } })).result,
			).rejects.toThrow('Prompt Template: it does not contain $search_results$');
			await expect(
				run(generate({ options: { metadataFilter: '{"in": {"key": "year", "value": 2024}}' } }))
					.result,
			).rejects.toThrow('Metadata Filter: at in.value, expected a list');
			expect(aws.emulator.calls).toHaveLength(0);
		});

		it('says when model access is not granted', async () => {
			aws.emulator.config.modelAccessNotGranted = [MODEL];
			await expect(run(generate()).result).rejects.toMatchObject({
				message: 'Access to this model has not been granted in this region',
			});
		});

		it('says when nothing relevant was found, without citations', async () => {
			const [[item]] = await run(
				generate({ knowledgeBase: locator(EMPTY_KB_ID), query: 'shipping' }),
			).result;
			expect(item.json.text).toBe('Sorry, I am unable to assist you with this request.');
			expect(item.json.citations).toEqual([]);
		});

		it('streams the answer when the workflow streams, with the same citations', async () => {
			const query = 'What is the refund policy?';
			const [[plain]] = await run(generate({ query })).result;
			const { context, result } = run(generate({ query }), { streaming: true });
			const [[streamed]] = await result;
			expect(calls('RetrieveAndGenerateStream')).toHaveLength(1);
			expect(streamed.json.text).toBe(plain.json.text);
			expect(streamed.json.citations).toEqual(plain.json.citations);
			expect(streamed.json.sessionId).toMatch(UUID);
			const types = context.chunks.map((c) => c.type);
			expect(types[0]).toBe('begin');
			expect(types[types.length - 1]).toBe('end');
			const pieces = context.chunks.filter((c) => c.type === 'item');
			expect(pieces.length).toBeGreaterThan(5);
			expect(pieces.map((c) => c.content).join('')).toBe(plain.json.text);
		});

		it('does not stream when Stream Response is off', async () => {
			await run(generate({ options: { streamResponse: false } }), { streaming: true }).result;
			expect(calls('RetrieveAndGenerate')).toHaveLength(1);
			expect(calls('RetrieveAndGenerateStream')).toHaveLength(0);
		});

		it('reports an exception inside the stream with the request ID, and tells the stream', async () => {
			aws.emulator.injectFault({
				action: 'RetrieveAndGenerateStream',
				kind: 'streamException',
				exceptionType: 'throttlingException',
				afterEvents: 3,
			});
			const { context, result } = run(generate(), { streaming: true });
			const error = (await result.catch((e: unknown) => e)) as NodeOperationError;
			expect(error.message).toBe('AWS is throttling the requests: a quota was reached');
			expect(error.description).toContain(
				`AWS request ID: ${calls('RetrieveAndGenerateStream')[0].requestId}`,
			);
			expect(context.chunks[context.chunks.length - 1]).toMatchObject({
				type: 'error',
				content: 'AWS is throttling the requests: a quota was reached',
			});
		});

		it('reports a guardrail intervention in stream and plain form', async () => {
			const params = generate({
				query: 'confidential refund data',
				options: { guardrailIdentifier: 'abc123' },
			});
			const [[plain]] = await run(params).result;
			const [[streamed]] = await run(params, { streaming: true }).result;
			for (const item of [plain, streamed]) {
				expect(item.json).toMatchObject({
					text: GUARDRAIL_ANSWER,
					guardrailAction: 'INTERVENED',
					citations: [],
				});
			}
		});
	});

	describe('pickers', () => {
		const loadOptions = (parameters: IDataObject, credential?: Credential) =>
			pickerContext(aws.emulator, { node, parameters, credential });

		afterEach(() => (aws.emulator.config.knowledgeBasePageSize = undefined));

		it.each(CREDENTIAL_CASES)(
			'lists the knowledge bases of the region page by page through $type',
			async (credential) => {
				aws.emulator.config.knowledgeBasePageSize = 2;
				const { results } = await searchKnowledgeBases.call(loadOptions({}, credential));
				expect(results.map((r) => [r.name, r.value])).toEqual([
					['n8n-employee-handbook (KBHANDBOOK)', 'KBHANDBOOK'],
					['n8n-empty-kb (KBEMPTY001)', EMPTY_KB_ID],
					['n8n-support-kb (KBSUPPORT1)', SUPPORT_KB_ID],
				]);
				expect(results[2].description).toMatch(/^ACTIVE · Order, shipping/);
				const pages = calls('ListKnowledgeBases');
				expect(pages).toHaveLength(2);
				expect((pages[1].body as IDataObject).nextToken).toEqual(expect.any(String));
				expect(signedRegion(pages[0].headers)).toBe('us-east-1');
			},
		);

		it('filters knowledge bases by name or ID, as every picker does', async () => {
			for (const typed of ['SUPPORT-KB', SUPPORT_KB_ID.slice(2, 8).toLowerCase()]) {
				const { results } = await searchKnowledgeBases.call(loadOptions({}), typed);
				expect(results.map((r) => r.value)).toEqual([SUPPORT_KB_ID]);
			}
			// The description is not searched: "shipping" is only in it.
			const { results } = await searchKnowledgeBases.call(loadOptions({}), 'shipping');
			expect(results).toEqual([]);
		});

		it('explains a missing ListKnowledgeBases permission', async () => {
			aws.emulator.config.deny.push({ action: 'bedrock:ListKnowledgeBases' });
			try {
				await expect(searchKnowledgeBases.call(loadOptions({}))).rejects.toMatchObject({
					message: 'The IAM identity is not allowed to call bedrock:ListKnowledgeBases',
				});
			} finally {
				aws.emulator.config.deny.pop();
			}
		});

		it('lists the data sources of the chosen knowledge base, none without one', async () => {
			const options = await getDataSources.call(
				loadOptions({ knowledgeBase: locator(SUPPORT_KB_ID, 'list') }),
			);
			expect(options.map((o) => [o.name, o.value])).toEqual([
				['orders-faq (DSFAQ00001)', 'DSFAQ00001'],
				['policy-pages (DSPOLICY01)', POLICY_DATA_SOURCE_ID],
			]);
			expect(calls('ListDataSources')[0].path).toBe(
				`/knowledgebases/${SUPPORT_KB_ID}/datasources/`,
			);
			aws.emulator.reset();
			expect(await getDataSources.call(loadOptions({ knowledgeBase: locator('') }))).toEqual([]);
			expect(aws.emulator.calls).toHaveLength(0);
		});
	});
});
