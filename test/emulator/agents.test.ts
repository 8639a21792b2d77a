import {
	ListAgentAliasesCommand,
	ListAgentsCommand,
	paginateListAgents,
} from '@aws-sdk/client-bedrock-agent';
import {
	InvokeAgentCommand,
	type BedrockAgentRuntimeClient,
	type InvokeAgentCommandInput,
	type ResponseStream,
} from '@aws-sdk/client-bedrock-agent-runtime';

import { agentClient, agentRuntimeClient, failure } from './clients';
import {
	CITATION_SOURCE_URI,
	CODE_AGENT_ID,
	DEFAULT_USER,
	RETURN_CONTROL_ACTION_GROUP,
	RETURN_CONTROL_FUNCTION,
	SUPPORT_AGENT_ALIAS_ID,
	SUPPORT_AGENT_ID,
	TEST_ALIAS_ID,
	startEmulator,
	type Emulator,
} from './index';

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

/** Sends InvokeAgent and collects the events. */
async function invoke(client: BedrockAgentRuntimeClient, input: Partial<InvokeAgentCommandInput>) {
	const out = await client.send(
		new InvokeAgentCommand({
			agentId: SUPPORT_AGENT_ID,
			agentAliasId: TEST_ALIAS_ID,
			sessionId: 'session-1',
			...input,
		}),
	);
	const events: ResponseStream[] = [];
	for await (const event of out.completion ?? []) events.push(event);
	const answer = events.map((e) => text(e.chunk?.bytes)).join('');
	return { out, events, answer };
}

describe('emulator: Agents for Amazon Bedrock', () => {
	let emulator: Emulator;
	let runtime: BedrockAgentRuntimeClient;
	beforeAll(async () => {
		emulator = await startEmulator();
		runtime = agentRuntimeClient(emulator);
	});
	afterAll(async () => {
		runtime.destroy();
		await emulator.stop();
	});
	beforeEach(() => {
		emulator.reset();
		emulator.config.deny.length = 0;
	});

	describe('control plane', () => {
		test('ListAgents lists both agents; pages of one follow nextToken', async () => {
			const client = agentClient(emulator);
			const all = await client.send(new ListAgentsCommand({}));
			expect(all.agentSummaries).toEqual([
				{
					agentId: SUPPORT_AGENT_ID,
					agentName: 'n8n-support-agent',
					agentStatus: 'PREPARED',
					description: expect.any(String),
					updatedAt: new Date('2025-03-02T14:00:00Z'),
					latestAgentVersion: '2',
				},
				expect.objectContaining({ agentId: CODE_AGENT_ID, agentName: 'n8n-code-agent' }),
			]);
			expect(all.nextToken).toBeUndefined();
			const pages: string[][] = [];
			for await (const page of paginateListAgents({ client, pageSize: 1 }, {})) {
				pages.push((page.agentSummaries ?? []).map((a) => a.agentId ?? ''));
			}
			expect(pages).toEqual([[SUPPORT_AGENT_ID], [CODE_AGENT_ID]]);
			expect(emulator.calls[0]).toMatchObject({
				service: 'bedrock-agent',
				action: 'ListAgents',
				method: 'POST',
				path: '/agents/',
			});
		});

		test('ListAgentAliases: the test alias and a published one; unknown agents are not found', async () => {
			const client = agentClient(emulator);
			const out = await client.send(new ListAgentAliasesCommand({ agentId: SUPPORT_AGENT_ID }));
			expect(out.agentAliasSummaries?.map((a) => [a.agentAliasId, a.agentAliasName])).toEqual([
				[TEST_ALIAS_ID, 'AgentTestAlias'],
				[SUPPORT_AGENT_ALIAS_ID, 'production'],
			]);
			expect(out.agentAliasSummaries?.[1]).toMatchObject({
				routingConfiguration: [{ agentVersion: '2' }],
				agentAliasStatus: 'PREPARED',
				createdAt: expect.any(Date),
			});
			const paged = await client.send(
				new ListAgentAliasesCommand({ agentId: SUPPORT_AGENT_ID, maxResults: 1 }),
			);
			expect(paged.agentAliasSummaries).toHaveLength(1);
			expect(paged.nextToken).toEqual(expect.any(String));

			const missing = await failure(
				client.send(new ListAgentAliasesCommand({ agentId: 'NOSUCHAGNT' })),
			);
			expect(missing.name).toBe('ResourceNotFoundException');
			expect(missing.$metadata.httpStatusCode).toBe(404);
			const invalid = await failure(client.send(new ListAgentAliasesCommand({ agentId: 'short' })));
			expect(invalid.name).toBe('ValidationException');
		});

		test('a deny on bedrock:ListAgents is AccessDeniedException', async () => {
			emulator.config.deny.push({ action: 'bedrock:ListAgents' });
			const err = await failure(agentClient(emulator).send(new ListAgentsCommand({})));
			expect(err.name).toBe('AccessDeniedException');
		});
	});

	describe('InvokeAgent', () => {
		test('the answer comes in 2 chunks (3 when streaming the final response) with the session header', async () => {
			const { out, events, answer } = await invoke(runtime, {
				inputText: 'Where is my order?',
				memoryId: 'memory-1',
			});
			expect(out.sessionId).toBe('session-1');
			expect(out.memoryId).toBe('memory-1');
			expect(out.contentType).toBe('application/json');
			expect(events.map((e) => Object.keys(e)[0])).toEqual(['chunk', 'chunk']);
			expect(answer).toBe('Echo from n8n-support-agent: Where is my order? [memory: memory-1]');
			expect(emulator.calls[0]).toMatchObject({
				service: 'bedrock-agent-runtime',
				action: 'InvokeAgent',
				principalArn: DEFAULT_USER.arn,
				body: { inputText: 'Where is my order?', memoryId: 'memory-1' },
				streamed: ['chunk', 'chunk'],
			});

			const streamed = await invoke(runtime, {
				inputText: 'one two three four five six',
				streamingConfigurations: { streamFinalResponse: true },
			});
			expect(streamed.events).toHaveLength(3);
			expect(streamed.answer).toBe('Echo from n8n-support-agent: one two three four five six');
		});

		test('session state is echoed: attributes, prompt attributes, knowledge bases, files', async () => {
			const { answer } = await invoke(runtime, {
				inputText: 'Hi',
				sessionState: {
					sessionAttributes: { customer: '42' },
					promptSessionAttributes: { today: 'Monday' },
					knowledgeBaseConfigurations: [
						{
							knowledgeBaseId: 'KB12345678',
							retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
						},
					],
					files: [
						{
							name: 'data.csv',
							useCase: 'CHAT',
							source: {
								sourceType: 'BYTE_CONTENT',
								byteContent: { mediaType: 'text/csv', data: new Uint8Array([97]) },
							},
						},
					],
				},
			});
			expect(answer).toBe(
				'Echo from n8n-support-agent: Hi [sessionAttributes: customer=42] [promptSessionAttributes: today=Monday] ' +
					'[knowledgeBases: KB12345678] [files: data.csv (CHAT)]',
			);
		});

		test('enableTrace: trace events before the answer; two carry model usage', async () => {
			const { events, answer } = await invoke(runtime, {
				inputText: 'Trace me',
				enableTrace: true,
			});
			expect(events.map((e) => Object.keys(e)[0])).toEqual([
				'trace',
				'trace',
				'trace',
				'trace',
				'trace',
				'chunk',
				'chunk',
			]);
			const traces = events.flatMap((e) => (e.trace ? [e.trace] : []));
			expect(traces[0]).toMatchObject({
				agentId: SUPPORT_AGENT_ID,
				agentAliasId: TEST_ALIAS_ID,
				agentVersion: 'DRAFT',
				sessionId: 'session-1',
				eventTime: expect.any(Date),
				callerChain: [
					{
						agentAliasArn: `arn:aws:bedrock:us-east-1:111122223333:agent-alias/${SUPPORT_AGENT_ID}/${TEST_ALIAS_ID}`,
					},
				],
			});
			const usages = traces
				.map((t) => t.trace?.orchestrationTrace?.modelInvocationOutput?.metadata?.usage)
				.filter((u) => u !== undefined);
			expect(usages).toEqual([
				{ inputTokens: 102, outputTokens: 20 },
				{ inputTokens: 122, outputTokens: 5 },
			]);
			expect(traces.at(-1)?.trace?.orchestrationTrace?.observation?.finalResponse?.text).toBe(
				answer,
			);
		});

		test('"return control": a returnControl event; results sent back are quoted in the answer', async () => {
			const first = await invoke(runtime, { inputText: 'Please return control for order 7' });
			expect(first.events.map((e) => Object.keys(e)[0])).toEqual(['returnControl']);
			const payload = first.events[0].returnControl;
			expect(payload).toEqual({
				invocationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				invocationInputs: [
					{
						functionInvocationInput: {
							actionGroup: RETURN_CONTROL_ACTION_GROUP,
							function: RETURN_CONTROL_FUNCTION,
							parameters: [
								{ name: 'query', type: 'string', value: 'Please return control for order 7' },
							],
							actionInvocationType: 'RESULT',
							agentId: SUPPORT_AGENT_ID,
						},
					},
				],
			});
			const second = await invoke(runtime, {
				sessionState: {
					invocationId: payload?.invocationId,
					returnControlInvocationResults: [
						{
							functionResult: {
								actionGroup: RETURN_CONTROL_ACTION_GROUP,
								function: RETURN_CONTROL_FUNCTION,
								responseBody: { TEXT: { body: 'shipped on Monday' } },
							},
						},
					],
				},
			});
			expect(second.answer).toBe(
				`Echo from n8n-support-agent: results received: ${RETURN_CONTROL_ACTION_GROUP}.${RETURN_CONTROL_FUNCTION} = shipped on Monday`,
			);
		});

		test('"make a file" and code interpreter input files: a files event before the answer', async () => {
			const made = await invoke(runtime, { inputText: 'Please make a file' });
			expect(made.events.map((e) => Object.keys(e)[0])).toEqual(['files', 'chunk', 'chunk']);
			const [file] = made.events[0].files?.files ?? [];
			expect(file).toMatchObject({ name: 'result.csv', type: 'text/csv' });
			expect(text(file.bytes)).toBe('input,words\n"Please make a file",4\n');

			const data = new TextEncoder().encode('a,b\n1,2\n');
			const code = await invoke(runtime, {
				agentId: CODE_AGENT_ID,
				inputText: 'Sum the columns',
				sessionState: {
					files: [
						{
							name: 'numbers.csv',
							useCase: 'CODE_INTERPRETER',
							source: { sourceType: 'BYTE_CONTENT', byteContent: { mediaType: 'text/csv', data } },
						},
					],
				},
			});
			const out = code.events[0].files?.files?.[0];
			expect(out).toMatchObject({ name: 'processed-numbers.csv', type: 'text/csv' });
			expect(out?.bytes).toEqual(data);
		});

		test('"cite": the first chunk carries a citation with its span and source', async () => {
			const { events } = await invoke(runtime, { inputText: 'Please cite the policy' });
			const first = events[0].chunk;
			const [citation] = first?.attribution?.citations ?? [];
			expect(citation.generatedResponsePart?.textResponsePart).toEqual({
				text: text(first?.bytes),
				span: { start: 0, end: text(first?.bytes).length - 1 },
			});
			expect(citation.retrievedReferences?.[0]).toMatchObject({
				content: { type: 'TEXT', text: 'Knowledge base passage about: Please cite the policy' },
				location: { type: 'S3', s3Location: { uri: CITATION_SOURCE_URI } },
			});
			expect(events[1].chunk?.attribution).toBeUndefined();
		});

		test('unknown agents and aliases are ResourceNotFoundException; bad input ValidationException', async () => {
			const agent = await failure(invoke(runtime, { agentId: 'NOSUCHAGNT', inputText: 'x' }));
			expect(agent.name).toBe('ResourceNotFoundException');
			expect(agent.$metadata.httpStatusCode).toBe(404);
			const alias = await failure(invoke(runtime, { agentAliasId: 'NOALIAS', inputText: 'x' }));
			expect(alias.name).toBe('ResourceNotFoundException');
			const noText = await failure(invoke(runtime, {}));
			expect(noText.name).toBe('ValidationException');
			const badSession = await failure(
				invoke(runtime, { sessionId: 'bad session', inputText: 'x' }),
			);
			expect(badSession.name).toBe('ValidationException');
		});

		test.each<[string, Partial<InvokeAgentCommandInput>, RegExp]>([
			['a one-character memoryId', { inputText: 'x', memoryId: 'm' }, /'memoryId'/],
			[
				'a file with an unknown use case',
				{
					inputText: 'x',
					sessionState: {
						files: [
							{
								name: 'a.csv',
								useCase: 'TRAINING' as never,
								source: { sourceType: 'S3', s3Location: { uri: 's3://b/a.csv' } },
							},
						],
					},
				},
				/useCase' failed to satisfy constraint/,
			],
			[
				'a file whose source type has no matching member',
				{
					inputText: 'x',
					sessionState: {
						files: [{ name: 'a.csv', useCase: 'CHAT', source: { sourceType: 'BYTE_CONTENT' } }],
					},
				},
				/sourceType' failed to satisfy constraint/,
			],
		])('InvokeAgent validation: %s', async (_name, input, message) => {
			const err = await failure(invoke(runtime, input));
			expect(err.name).toBe('ValidationException');
			expect(err.message).toMatch(message);
		});

		test('an S3 input file for the code interpreter comes back as a processed file', async () => {
			const { events, answer } = await invoke(runtime, {
				agentId: CODE_AGENT_ID,
				inputText: 'Analyse',
				sessionState: {
					files: [
						{
							name: 'big.csv',
							useCase: 'CODE_INTERPRETER',
							source: { sourceType: 'S3', s3Location: { uri: 's3://bucket/big.csv' } },
						},
					],
				},
			});
			expect(answer).toBe('Echo from n8n-code-agent: Analyse [files: big.csv (CODE_INTERPRETER)]');
			expect(events[0].files?.files?.[0]).toMatchObject({
				name: 'processed-big.csv',
				type: 'text/plain',
			});
		});

		test('a deny on bedrock:InvokeAgent names the alias ARN', async () => {
			emulator.config.deny.push({ action: 'bedrock:InvokeAgent' });
			const err = await failure(invoke(runtime, { inputText: 'x' }));
			expect(err.name).toBe('AccessDeniedException');
			expect(err.message).toContain(`agent-alias/${SUPPORT_AGENT_ID}/${TEST_ALIAS_ID}`);
		});
	});
});
