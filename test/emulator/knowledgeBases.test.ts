import {
	ListDataSourcesCommand,
	ListKnowledgeBasesCommand,
	paginateListKnowledgeBases,
} from '@aws-sdk/client-bedrock-agent';
import {
	RetrieveAndGenerateCommand,
	RetrieveAndGenerateStreamCommand,
	RetrieveCommand,
	type RetrieveAndGenerateStreamResponseOutput,
} from '@aws-sdk/client-bedrock-agent-runtime';

import { agentClient, agentRuntimeClient, failure } from './clients';
import {
	CORPUS,
	DEFAULT_USER,
	GUARDRAIL_ANSWER,
	KNOWLEDGE_BASES,
	NO_ANSWER,
	SUPPORT_KB_ID,
	startEmulator,
	type Emulator,
} from './index';

const MODEL_ARN = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0';
const kbConfig = (extra: object = {}) => ({
	type: 'KNOWLEDGE_BASE' as const,
	knowledgeBaseConfiguration: { knowledgeBaseId: SUPPORT_KB_ID, modelArn: MODEL_ARN, ...extra },
});

describe('emulator: knowledge bases', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(async () => await emulator.stop());
	beforeEach(() => {
		emulator.reset();
		emulator.config.deny = [];
	});

	it('lists knowledge bases in pages, and the data sources of one', async () => {
		const client = agentClient(emulator);
		const first = await client.send(new ListKnowledgeBasesCommand({ maxResults: 2 }));
		expect(first.knowledgeBaseSummaries?.map((kb) => kb.knowledgeBaseId)).toEqual([
			SUPPORT_KB_ID,
			'KBEMPTY001',
		]);
		expect(first.nextToken).toEqual(expect.any(String));
		const all: string[] = [];
		for await (const page of paginateListKnowledgeBases({ client, pageSize: 1 }, {})) {
			all.push(...(page.knowledgeBaseSummaries ?? []).map((kb) => kb.knowledgeBaseId!));
		}
		expect(all).toEqual(KNOWLEDGE_BASES.map((kb) => kb.knowledgeBaseId));
		expect(
			(await failure(client.send(new ListKnowledgeBasesCommand({ nextToken: 'bogus' })))).name,
		).toBe('ValidationException');

		const sources = await client.send(
			new ListDataSourcesCommand({ knowledgeBaseId: SUPPORT_KB_ID }),
		);
		expect(sources.dataSourceSummaries?.map((d) => d.name)).toEqual(['orders-faq', 'policy-pages']);
		const missing = await failure(
			client.send(new ListDataSourcesCommand({ knowledgeBaseId: 'KBMISSING1' })),
		);
		expect(missing.name).toBe('ResourceNotFoundException');
	});

	it('retrieves deterministically, filtered by metadata, and checks the filter itself', async () => {
		const client = agentRuntimeClient(emulator);
		const retrieve = (filter?: object) =>
			client.send(
				new RetrieveCommand({
					knowledgeBaseId: SUPPORT_KB_ID,
					retrievalQuery: { text: 'shipping business days' },
					retrievalConfiguration: {
						vectorSearchConfiguration: { numberOfResults: 10, filter: filter as never },
					},
				}),
			);
		const all = await retrieve();
		const again = await retrieve();
		expect(again.retrievalResults).toEqual(all.retrievalResults);
		expect(all.retrievalResults?.map((r) => r.metadata?.['x-amz-bedrock-kb-chunk-id'])).toEqual([
			'chunk-shipping-1',
			'chunk-shipping-2',
			'chunk-escalation-1',
			'chunk-returns-1',
		]);
		expect(all.retrievalResults?.map((r) => r.score)).toEqual([1, 1, 0.6667, 0.3333]);
		const filtered = await retrieve({ lessThan: { key: 'year', value: 2025 } });
		expect(filtered.retrievalResults?.map((r) => r.location?.s3Location?.uri)).toEqual([
			CORPUS[3].location.type === 'S3' ? CORPUS[3].location.uri : '',
		]);
		const listFilter = await retrieve({ listContains: { key: 'tags', value: 'customs' } });
		expect(listFilter.retrievalResults).toHaveLength(1);

		const bad = await failure(retrieve({ andAll: [{ equals: { key: 'a', value: 1 } }] }));
		expect(bad.name).toBe('ValidationException');
		expect(bad.message).toMatch(/filter at filter\.andAll: expected a list of 2 to 5 filters/);
	});

	it('generates an answer whose citations point at their spans and chunks', async () => {
		const client = agentRuntimeClient(emulator);
		const out = await client.send(
			new RetrieveAndGenerateCommand({
				input: { text: 'What is the warranty?' },
				retrieveAndGenerateConfiguration: kbConfig(),
			}),
		);
		const text = out.output!.text!;
		expect(out.sessionId).toEqual(expect.any(String));
		expect(out.citations).toHaveLength(1);
		const part = out.citations![0].generatedResponsePart!.textResponsePart!;
		expect(text.slice(part.span!.start!, part.span!.end! + 1)).toBe(part.text);
		expect(CORPUS[4].text.startsWith(part.text!)).toBe(true);
		expect(out.citations![0].retrievedReferences![0].location?.webLocation?.url).toBe(
			'https://help.example.com/policies/warranty',
		);

		const none = await client.send(
			new RetrieveAndGenerateCommand({
				input: { text: 'zzz qqq' },
				retrieveAndGenerateConfiguration: kbConfig(),
			}),
		);
		expect(none.output?.text).toBe(NO_ANSWER);
		expect(none.citations).toEqual([]);
	});

	it('streams the same answer as output and citation events, with the session in a header', async () => {
		const client = agentRuntimeClient(emulator);
		const input = {
			input: { text: 'refund policy' },
			retrieveAndGenerateConfiguration: kbConfig(),
		};
		const plain = await client.send(new RetrieveAndGenerateCommand(input));
		const out = await client.send(new RetrieveAndGenerateStreamCommand(input));
		expect(out.sessionId).toEqual(expect.any(String));
		const events: RetrieveAndGenerateStreamResponseOutput[] = [];
		for await (const event of out.stream!) events.push(event);
		const text = events.map((e) => e.output?.text ?? '').join('');
		expect(text).toBe(plain.output?.text);
		const cited = events.filter((e) => e.citation).map((e) => e.citation!.generatedResponsePart);
		expect(cited).toEqual(plain.citations?.map((c) => c.generatedResponsePart));
		expect(emulator.calls.at(-1)?.streamed?.filter((t) => t === 'citation')).toHaveLength(2);
	});

	it('checks sessions, prompt templates, reranking models, guardrails and model access', async () => {
		const client = agentRuntimeClient(emulator);
		const send = (extra: object, text = 'refund') =>
			client.send(
				new RetrieveAndGenerateCommand({
					input: { text },
					retrieveAndGenerateConfiguration: kbConfig(),
					...extra,
				}),
			);
		expect((await failure(send({ sessionId: 'unknown-session' }))).message).toMatch(
			/Session with Id unknown-session is not valid/,
		);
		const template = await failure(
			client.send(
				new RetrieveAndGenerateCommand({
					input: { text: 'refund' },
					retrieveAndGenerateConfiguration: kbConfig({
						generationConfiguration: { promptTemplate: { textPromptTemplate: 'no variable' } },
					}),
				}),
			),
		);
		expect(template.message).toMatch(/\$search_results\$/);
		const rerank = await failure(
			client.send(
				new RetrieveCommand({
					knowledgeBaseId: SUPPORT_KB_ID,
					retrievalQuery: { text: 'refund' },
					retrievalConfiguration: {
						vectorSearchConfiguration: {
							rerankingConfiguration: {
								type: 'BEDROCK_RERANKING_MODEL',
								bedrockRerankingConfiguration: {
									modelConfiguration: {
										modelArn: 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.rerank-v1:0',
									},
								},
							},
						},
					},
				}),
			),
		);
		expect(rerank.message).toMatch(/reranking model .* is not supported in us-east-1/);
		const guarded = await client.send(
			new RetrieveAndGenerateCommand({
				input: { text: 'confidential refund' },
				retrieveAndGenerateConfiguration: kbConfig({
					generationConfiguration: {
						guardrailConfiguration: { guardrailId: 'abc123', guardrailVersion: 'DRAFT' },
					},
				}),
			}),
		);
		expect(guarded).toMatchObject({
			output: { text: GUARDRAIL_ANSWER },
			guardrailAction: 'INTERVENED',
		});
		emulator.config.modelAccessNotGranted = ['amazon.nova-lite-v1:0'];
		try {
			expect((await failure(send({}))).name).toBe('AccessDeniedException');
		} finally {
			emulator.config.modelAccessNotGranted = [];
		}
	});

	it('applies IAM deny rules, SigV4 and faults like the other operations', async () => {
		emulator.config.deny = [{ action: 'bedrock:Retrieve' }];
		const client = agentRuntimeClient(emulator);
		const retrieve = () =>
			client.send(
				new RetrieveCommand({ knowledgeBaseId: SUPPORT_KB_ID, retrievalQuery: { text: 'refund' } }),
			);
		const denied = await failure(retrieve());
		expect(denied.name).toBe('AccessDeniedException');
		expect(denied.message).toContain(`knowledge-base/${SUPPORT_KB_ID}`);
		emulator.config.deny = [];

		const wrongSecret = agentRuntimeClient(emulator, {
			credentials: { accessKeyId: DEFAULT_USER.accessKeyId, secretAccessKey: 'wrong' },
		});
		const unsigned = await failure(
			wrongSecret.send(
				new RetrieveCommand({ knowledgeBaseId: SUPPORT_KB_ID, retrievalQuery: { text: 'refund' } }),
			),
		);
		expect(unsigned.name).toBe('InvalidSignatureException');
		expect(emulator.calls.at(-1)?.errorCode).toBe('InvalidSignatureException');

		emulator.injectFault({ action: 'Retrieve', kind: 'throttle' });
		expect((await failure(retrieve())).name).toBe('ThrottlingException');
		emulator.injectFault({
			action: 'RetrieveAndGenerateStream',
			kind: 'streamTruncate',
			afterEvents: 2,
		});
		const out = await client.send(
			new RetrieveAndGenerateStreamCommand({
				input: { text: 'refund policy' },
				retrieveAndGenerateConfiguration: kbConfig(),
			}),
		);
		const seen: string[] = [];
		for await (const event of out.stream!) seen.push(Object.keys(event)[0]);
		expect(seen).toEqual(['output', 'output']);
	});
});
