import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import {
	IAM_CREDENTIAL_CASES as CREDENTIAL_CASES,
	signedRegion,
} from '../../test/helpers/credentials';
import { binary, locator } from '../../test/helpers/nodeContext';
import { nodeRunner, pickerContext, useEmulator } from '../../test/helpers/useEmulator';
import { searchAgentAliases, searchAgents } from './listSearch';
import { BedrockInvokeAgent } from './BedrockInvokeAgent.node';

const SUPPORT_AGENT = 'AGENTSUPRT';
const CODE_AGENT = 'AGENTCODER';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Credential = (typeof CREDENTIAL_CASES)[number];

/** A function parameter of a return-control request. */
const parameter = (name: string, value: string) => ({ name, type: 'string', value });
/** An entry of a list search result. */
const listed = (name: string, value: string, description: unknown) => ({
	name,
	value,
	description,
});

describe('Bedrock Invoke Agent', () => {
	const aws = useEmulator();
	const node = new BedrockInvokeAgent();

	const run = nodeRunner(node, aws, {
		agent: locator(SUPPORT_AGENT),
		agentAlias: locator('TSTALIASID'),
		sessionId: '',
		inputText: 'hello agent',
		options: {},
	});

	const agentCalls = () => aws.emulator.calls.filter((c) => c.action === 'InvokeAgent');
	/** The session ID of a recorded InvokeAgent call: it travels in the path. */
	const sessionOf = (path: string) =>
		decodeURIComponent(/\/sessions\/([^/]+)\/text$/.exec(path)?.[1] ?? '');

	it.each(CREDENTIAL_CASES)(
		'answers through $type and returns a new session ID',
		async (credential) => {
			const [[item]] = await run({ inputText: 'What is my order status?' }, { credential }).result;
			expect(item.json).toEqual({
				text: 'Echo from n8n-support-agent: What is my order status?',
				usage: {
					inputTokens: expect.any(Number),
					outputTokens: expect.any(Number),
					totalTokens: expect.any(Number),
				},
				stopReason: 'end_turn',
				latencyMs: expect.any(Number),
				sessionId: expect.stringMatching(UUID),
				citations: [],
			});
			expect(item.pairedItem).toEqual({ item: 0 });
			const [call] = agentCalls();
			expect(call.path).toBe(
				`/agents/${SUPPORT_AGENT}/agentAliases/TSTALIASID/sessions/${String(item.json.sessionId)}/text`,
			);
			// Traces are always asked for: they carry the token usage.
			expect(call.body).toEqual({ inputText: 'What is my order status?', enableTrace: true });
			expect(signedRegion(call.headers)).toBe('us-east-1');
		},
	);

	it('passes a given session ID through, and makes a different one per item when empty', async () => {
		const [[kept]] = await run({ sessionId: 'conversation-42' }).result;
		expect(kept.json.sessionId).toBe('conversation-42');
		expect(sessionOf(agentCalls()[0].path)).toBe('conversation-42');

		aws.emulator.reset();
		const [fresh] = await run({}, { items: 2 }).result;
		const ids = fresh.map((o) => o.json.sessionId);
		expect(ids[0]).toMatch(UUID);
		expect(ids[1]).toMatch(UUID);
		expect(ids[0]).not.toBe(ids[1]);
		expect(
			agentCalls()
				.map((c) => sessionOf(c.path))
				.sort(),
		).toEqual([...ids].sort());
	});

	it('continues a conversation with the session ID of the previous output', async () => {
		const [[first]] = await run({ inputText: 'first turn' }).result;
		const [[second]] = await run({ inputText: 'second turn', sessionId: first.json.sessionId })
			.result;
		expect(second.json.sessionId).toBe(first.json.sessionId);
		expect(agentCalls().map((c) => sessionOf(c.path))).toEqual([
			first.json.sessionId,
			first.json.sessionId,
		]);
	});

	it('sends every option as InvokeAgent expects it', async () => {
		const knowledgeBases = [
			{
				knowledgeBaseId: 'KB12345678',
				retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
			},
		];
		const [[item]] = await run({
			agentAlias: locator('PRODALIAS1', 'list'),
			options: {
				endSession: true,
				enableTrace: true,
				memoryId: 'user-42',
				sessionAttributes: '{"customer": "ACME", "tier": 2}',
				promptSessionAttributes: { today: '2025-03-02' },
				knowledgeBaseConfigurations: JSON.stringify(knowledgeBases),
				streamFinalResponse: true,
				maxConcurrency: 2,
			},
		}).result;
		const [call] = agentCalls();
		expect(call.path).toMatch(/^\/agents\/AGENTSUPRT\/agentAliases\/PRODALIAS1\/sessions\//);
		expect(call.body).toEqual({
			inputText: 'hello agent',
			endSession: true,
			enableTrace: true,
			memoryId: 'user-42',
			sessionState: {
				sessionAttributes: { customer: 'ACME', tier: '2' },
				promptSessionAttributes: { today: '2025-03-02' },
				knowledgeBaseConfigurations: knowledgeBases,
			},
			streamingConfigurations: { streamFinalResponse: true },
		});
		expect(item.json.text).toBe(
			'Echo from n8n-support-agent: hello agent [sessionAttributes: customer=ACME, tier=2] ' +
				'[promptSessionAttributes: today=2025-03-02] [knowledgeBases: KB12345678] [memory: user-42]',
		);
		expect(item.json.memoryId).toBe('user-42');
	});

	it('reports the summed token usage of the traces, and returns them only when Enable Trace is on', async () => {
		const [[traced]] = await run({ inputText: 'two words', options: { enableTrace: true } }).result;
		const answerWords = 'Echo from n8n-support-agent: two words'.split(' ').length;
		expect(traced.json.usage).toEqual({
			inputTokens: 102 + 122,
			outputTokens: 20 + answerWords,
			totalTokens: 102 + 122 + 20 + answerWords,
		});
		expect(traced.json.traces).toHaveLength(5);
		expect((traced.json.traces as IDataObject[])[0]).toMatchObject({
			agentId: SUPPORT_AGENT,
			trace: { orchestrationTrace: { modelInvocationInput: { type: 'ORCHESTRATION' } } },
		});
		expect(typeof (traced.json.traces as IDataObject[])[0].eventTime).toBe('string');

		const [[plain]] = await run({ inputText: 'two words', options: { enableTrace: false } }).result;
		expect(plain.json).not.toHaveProperty('traces');
		expect(plain.json.usage).toEqual(traced.json.usage);
		expect(agentCalls()[1].body).toMatchObject({ enableTrace: true });
	});

	it('returns the citations of the answer', async () => {
		const [[item]] = await run({ inputText: 'please cite your source' }).result;
		expect(item.json.citations).toEqual([
			{
				text: expect.any(String),
				span: { start: 0, end: expect.any(Number) },
				references: [
					{
						content: {
							type: 'TEXT',
							text: 'Knowledge base passage about: please cite your source',
						},
						location: {
							type: 'S3',
							s3Location: { uri: 's3://emulator-knowledge-base/docs/orders-faq.md' },
						},
						metadata: expect.objectContaining({ 'x-amz-bedrock-kb-chunk-id': 'emulator-chunk-1' }),
					},
				],
			},
		]);
	});

	it('attaches binary files of the item and returns the files the agent made as binary data', async () => {
		const csv = 'a,b\n1,2\n';
		const items = [
			{
				json: {},
				binary: {
					data: binary(csv, 'text/csv', 'numbers.csv'),
					notes: binary('ünïcode notes', 'text/plain'),
				},
			},
		];
		const [[item]] = await run(
			{
				agent: locator(CODE_AGENT),
				inputText: 'sum the columns',
				options: { files: 'data, notes', filesUseCase: 'CODE_INTERPRETER' },
			},
			{ items },
		).result;

		const [call] = agentCalls();
		expect((call.body as IDataObject).sessionState).toEqual({
			files: [
				{
					name: 'numbers.csv',
					source: {
						sourceType: 'BYTE_CONTENT',
						byteContent: { mediaType: 'text/csv', data: Buffer.from(csv).toString('base64') },
					},
					useCase: 'CODE_INTERPRETER',
				},
				{
					name: 'notes',
					source: {
						sourceType: 'BYTE_CONTENT',
						byteContent: {
							mediaType: 'text/plain',
							data: Buffer.from('ünïcode notes').toString('base64'),
						},
					},
					useCase: 'CODE_INTERPRETER',
				},
			],
		});
		expect(item.json.files).toEqual([
			{ name: 'processed-numbers.csv', mimeType: 'text/csv', binaryProperty: 'data' },
			{ name: 'processed-notes', mimeType: 'text/plain', binaryProperty: 'data_1' },
		]);
		expect(Buffer.from(item.binary!.data.data, 'base64').toString()).toBe(csv);
		expect(item.binary!.data).toMatchObject({
			fileName: 'processed-numbers.csv',
			mimeType: 'text/csv',
		});
		expect(Buffer.from(item.binary!.data_1.data, 'base64').toString()).toBe('ünïcode notes');
	});

	it('sends files for chat with the CHAT use case', async () => {
		const items = [
			{ json: {}, binary: { doc: binary('policy text', 'text/plain', 'policy.txt') } },
		];
		const [[item]] = await run(
			{ inputText: 'summarise', options: { files: 'doc', filesUseCase: 'CHAT' } },
			{ items },
		).result;
		const files = ((agentCalls()[0].body as IDataObject).sessionState as IDataObject)
			.files as IDataObject[];
		expect(files[0]).toMatchObject({ name: 'policy.txt', useCase: 'CHAT' });
		expect(item.json.text).toContain('[files: policy.txt (CHAT)]');
		expect(item.binary).toBeUndefined();
	});

	it('turns a files event into binary output', async () => {
		const [[item]] = await run({ agent: locator(CODE_AGENT), inputText: 'make a file please' })
			.result;
		expect(item.json.files).toEqual([
			{ name: 'result.csv', mimeType: 'text/csv', binaryProperty: 'data' },
		]);
		expect(Buffer.from(item.binary!.data.data, 'base64').toString()).toBe(
			'input,words\n"make a file please",4\n',
		);
		expect(item.json.text).toBe('Echo from n8n-code-agent: make a file please');
	});

	it('refuses a missing binary property, more than 5 files, or more than 10 MB before any call', async () => {
		const missing = await run({ options: { files: 'nothere' } }).result.catch((e: unknown) => e);
		expect(missing).toBeInstanceOf(NodeOperationError);
		expect((missing as Error).message).toContain("'nothere'");

		const six = await run({ options: { files: 'a,b,c,d,e,f' } }).result.catch((e: unknown) => e);
		expect((six as Error).message).toMatch(/Files: 6 files named; an agent accepts at most 5/);

		const big = Buffer.alloc(6 * 1024 * 1024, 1);
		const items = [
			{
				json: {},
				binary: {
					a: binary(big, 'application/octet-stream'),
					b: binary(big, 'application/octet-stream'),
				},
			},
		];
		const tooLarge = await run({ options: { files: 'a,b' } }, { items }).result.catch(
			(e: unknown) => e,
		);
		expect((tooLarge as Error).message).toMatch(/Files: the files add up to more than 10\.0 MB/);
		expect(agentCalls()).toHaveLength(0);
	});

	it('outputs a return-control request and sends the results back in the next call', async () => {
		const [[asked]] = await run({ inputText: 'please return control for order 7' }).result;
		expect(asked.json.text).toBe('');
		expect(asked.json.stopReason).toBe('tool_use');
		const returnControl = asked.json.returnControl as {
			invocationId: string;
			invocationInputs: IDataObject[];
		};
		expect(returnControl.invocationId).toMatch(UUID);
		expect(returnControl.invocationInputs).toEqual([
			{
				functionInvocationInput: {
					actionGroup: 'OrderActions',
					function: 'lookupOrder',
					parameters: [parameter('query', 'please return control for order 7')],
					actionInvocationType: 'RESULT',
					agentId: SUPPORT_AGENT,
				},
			},
		]);

		// The workflow answers: a Code node would build this from invocationInputs.
		const results = [
			{
				functionResult: {
					actionGroup: 'OrderActions',
					function: 'lookupOrder',
					responseBody: { TEXT: { body: 'shipped' } },
				},
			},
		];
		const [[answered]] = await run({
			sessionId: asked.json.sessionId,
			inputText: '',
			options: {
				returnControlResults: JSON.stringify(results),
				invocationId: returnControl.invocationId,
			},
		}).result;
		expect(answered.json.text).toBe(
			'Echo from n8n-support-agent: results received: OrderActions.lookupOrder = shipped',
		);
		expect(answered.json).not.toHaveProperty('returnControl');
		const second = agentCalls()[1];
		expect(sessionOf(second.path)).toBe(asked.json.sessionId);
		expect(second.body).toEqual({
			enableTrace: true,
			sessionState: {
				returnControlInvocationResults: results,
				invocationId: returnControl.invocationId,
			},
		});
	});

	it('accepts return-control results given as an object from an expression', async () => {
		const result = {
			apiResult: {
				actionGroup: 'Orders',
				httpMethod: 'GET',
				apiPath: '/orders/7',
				responseBody: { 'application/json': { body: '{"ok":true}' } },
			},
		};
		const [[item]] = await run({ inputText: '', options: { returnControlResults: result } }).result;
		expect(item.json.text).toBe(
			'Echo from n8n-support-agent: results received: Orders GET /orders/7 = {"ok":true}',
		);
	});

	it.each([
		['sessionAttributes', '{"a": ', 'Session Attributes: not valid JSON'],
		['sessionAttributes', '[1, 2]', 'Session Attributes: expected a JSON object'],
		['promptSessionAttributes', 'nope', 'Prompt Session Attributes: not valid JSON'],
		[
			'knowledgeBaseConfigurations',
			'[{"knowledgeBaseId": 1}]',
			'Knowledge Base Configurations: entry 1 needs',
		],
		['knowledgeBaseConfigurations', '{oops}', 'Knowledge Base Configurations: not valid JSON'],
		[
			'returnControlResults',
			'[{"result": 1}]',
			'Return Control Results: entry 1 needs "apiResult" or "functionResult"',
		],
		['returnControlResults', '"text"', 'Return Control Results: expected a JSON array of objects'],
	])('refuses a bad %s (%s) before any call, naming the option', async (option, value, message) => {
		const error = await run({ options: { [option]: value } }).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain(message);
		expect((error as NodeOperationError).context.itemIndex).toBe(0);
		expect(aws.emulator.calls).toHaveLength(0);
	});

	it.each([
		[{ inputText: '   ' }, 'Input Text: empty'],
		[{ sessionId: 'has spaces in it' }, 'Session ID: "has spaces in it" is not valid'],
		[{ sessionId: 'x' }, 'Session ID: "x" is not valid'],
		[{ options: { memoryId: 'bad/id' } }, 'Memory ID: "bad/id" is not valid'],
		[{ agent: locator('short') }, 'Agent: "short" is not an agent ID'],
		[{ agentAlias: locator('') }, 'Agent Alias: no alias chosen'],
	])('refuses %j before any call', async (parameters, message) => {
		const error = await run(parameters).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toContain(message);
		expect(aws.emulator.calls).toHaveLength(0);
	});

	it('streams each chunk as it arrives, before the answer ends', async () => {
		aws.emulator.config.streamDelayMs = 150;
		const { context, result } = run(
			{
				inputText: 'stream this answer to the chat please',
				options: { streamFinalResponse: true },
			},
			{ streaming: true },
		);
		const [[item]] = await result;
		const done = Date.now();
		const items = context.chunks.filter((c) => c.type === 'item');
		expect(context.chunks[0].type).toBe('begin');
		expect(context.chunks.at(-1)?.type).toBe('end');
		expect(items).toHaveLength(3);
		expect(items.map((c) => c.content).join('')).toBe(item.json.text);
		// Each piece was sent while later ones were still on the wire.
		expect(items[1].at - items[0].at).toBeGreaterThanOrEqual(100);
		expect(items[2].at - items[1].at).toBeGreaterThanOrEqual(100);
		expect(done - items[0].at).toBeGreaterThanOrEqual(200);
		expect(context.chunks.every((c) => c.itemIndex === 0)).toBe(true);
	});

	it('does not stream when the Stream Response option is off, or n8n is not streaming', async () => {
		const off = run({ options: { streamResponse: false } }, { streaming: true });
		await off.result;
		expect(off.context.chunks).toEqual([]);
		const notStreaming = run({});
		await notStreaming.result;
		expect(notStreaming.context.chunks).toEqual([]);
	});

	it('with Continue On Fail turns one bad item into its error and keeps the others in order', async () => {
		const { result } = run(
			(i) => ({ inputText: `item ${i}`, agent: locator(i === 1 ? 'NOSUCHAGNT' : SUPPORT_AGENT) }),
			{ items: 3, continueOnFail: true },
		);
		const [out] = await result;
		expect(out.map((o) => o.json.text)).toEqual([
			'Echo from n8n-support-agent: item 0',
			undefined,
			'Echo from n8n-support-agent: item 2',
		]);
		expect(out[1].json).toMatchObject({
			error: expect.any(String),
			code: 'ResourceNotFoundException',
			requestId: expect.any(String),
		});
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('with Continue On Fail keeps a bad JSON option to its own item', async () => {
		const { result } = run((i) => ({ options: { sessionAttributes: i === 0 ? '{bad' : '{}' } }), {
			items: 2,
			continueOnFail: true,
		});
		const [out] = await result;
		expect(out[0].json.error).toContain('Session Attributes: not valid JSON');
		expect(out[1].json.text).toBe('Echo from n8n-support-agent: hello agent');
		expect(agentCalls()).toHaveLength(1);
	});

	it('fails with the item index and the AWS message when the agent does not exist', async () => {
		const error = await run({ agent: locator('NOSUCHAGNT') }).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toBe('The requested resource was not found');
		expect((error as NodeApiError).description).toContain("Agent NOSUCHAGNT doesn't exist.");
		expect((error as NodeApiError).description).toMatch(/AWS request ID: \S+/);
		expect((error as NodeApiError).context.itemIndex).toBe(0);
	});

	it.each([
		[1, 1, 'fails'],
		[2, 2, 'answers'],
	])(
		'with Max Attempts %i sends %i request(s) after a 500 and %s',
		async (maxAttempts, sent, outcome) => {
			aws.emulator.injectFault({
				action: 'InvokeAgent',
				kind: 'error',
				status: 500,
				code: 'InternalServerException',
				message: 'Internal failure',
			});
			const result = await run({ options: { maxAttempts } }).result.then(
				() => 'answers',
				() => 'fails',
			);
			expect(result).toBe(outcome);
			expect(agentCalls()).toHaveLength(sent);
		},
	);

	it('raises an exception inside the stream as a mapped error', async () => {
		aws.emulator.injectFault({
			action: 'InvokeAgent',
			kind: 'streamException',
			exceptionType: 'dependencyFailedException',
			afterEvents: 1,
		});
		const error = await run({}).result.catch((e: unknown) => e);
		// The answer was a 200; the exception came inside it, with the answer's request ID.
		expect(error).toBeInstanceOf(NodeOperationError);
		const streamError = error as NodeOperationError;
		expect(streamError.context.awsErrorCode).toBe('DependencyFailedException');
		expect(streamError.context.itemIndex).toBe(0);
		expect(streamError.context.awsRequestId).toBe(agentCalls()[0].requestId);
		expect(streamError.description).toContain(`AWS request ID: ${agentCalls()[0].requestId}`);
		expect(streamError.message).toBe(
			'A resource the agent depends on failed: A dependency of the agent failed while streaming.',
		);
		expect(streamError.description).toMatch(/action group Lambda functions and knowledge bases/);
	});

	it('says the response was cut off when the stream ends before any answer', async () => {
		aws.emulator.injectFault({ action: 'InvokeAgent', kind: 'streamTruncate', afterEvents: 0 });
		const error = await run({}).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/cut off/);
		expect((error as NodeOperationError).description).toContain('Read Timeout');
	});

	it('says the response was cut off when the connection closes in the middle of an event', async () => {
		aws.emulator.injectFault({
			action: 'InvokeAgent',
			kind: 'streamTruncate',
			afterEvents: 1,
			midFrame: true,
		});
		const error = await run({}).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/cut off/);
	});

	it('waits for a slow first event within the read timeout', async () => {
		aws.emulator.injectFault({ action: 'InvokeAgent', kind: 'slowFirstByte', delayMs: 600 });
		const [[item]] = await run({}).result;
		expect(item.json.text).toBe('Echo from n8n-support-agent: hello agent');
	});

	it('gives up on a stalled stream after the read timeout', async () => {
		aws.emulator.injectFault({ action: 'InvokeAgent', kind: 'stall', afterEvents: 1 });
		const started = Date.now();
		const credential = CREDENTIAL_CASES[0];
		const data = credential.data(aws.emulator, { readTimeout: 800 });
		const error = await run({}, { data, credential }).result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('AWS did not answer in time');
		expect((error as NodeOperationError).description).toContain('Raise Read Timeout');
		expect((error as NodeOperationError).description).toContain('800 ms of inactivity');
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('stops reading when the execution is cancelled', async () => {
		aws.emulator.config.streamDelayMs = 300;
		const controller = new AbortController();
		const { context, result } = run({});
		context.getExecutionCancelSignal = () => controller.signal;
		setTimeout(() => controller.abort(), 100);
		const started = Date.now();
		const error = await result.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('retries a throttled InvokeAgent and succeeds', async () => {
		aws.emulator.injectFault({ action: 'InvokeAgent', kind: 'throttle', times: 1 });
		const [[item]] = await run({}).result;
		expect(item.json.text).toBe('Echo from n8n-support-agent: hello agent');
		expect(aws.emulator.count('InvokeAgent')).toBe(2);
	});

	it('keeps order and pairing for many items with bounded concurrency, one AssumeRole', async () => {
		const { result } = run((i) => ({ inputText: `item ${i}`, options: { maxConcurrency: 8 } }), {
			items: 30,
		});
		const [out] = await result;
		expect(out.map((o) => o.json.text)).toEqual(
			Array.from({ length: 30 }, (_, i) => `Echo from n8n-support-agent: item ${i}`),
		);
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual(
			Array.from({ length: 30 }, (_, i) => i),
		);
		expect(aws.emulator.count('AssumeRole')).toBe(1);
	});

	describe('list searches', () => {
		const loadOptions = (parameters: IDataObject, credential?: Credential) =>
			pickerContext(aws.emulator, { node, parameters, credential });

		it.each(CREDENTIAL_CASES)(
			'lists the agents of the Bedrock region through $type',
			async (credential) => {
				const { results } = await searchAgents.call(loadOptions({}, credential));
				expect(results).toEqual([
					listed('n8n-code-agent (AGENTCODER)', CODE_AGENT, expect.stringContaining('PREPARED')),
					listed(
						'n8n-support-agent (AGENTSUPRT)',
						SUPPORT_AGENT,
						expect.stringContaining('PREPARED'),
					),
				]);
				const call = aws.emulator.calls.find((c) => c.action === 'ListAgents');
				expect(signedRegion(call!.headers)).toBe('us-east-1');
			},
		);

		it('filters agents by name or ID', async () => {
			const { results } = await searchAgents.call(loadOptions({}), 'support');
			expect(results.map((r) => r.value)).toEqual([SUPPORT_AGENT]);
		});

		it('lists the aliases of the chosen agent, the test alias included', async () => {
			const { results } = await searchAgentAliases.call(
				loadOptions({ agent: locator(SUPPORT_AGENT, 'list') }),
			);
			expect(results).toEqual([
				listed(
					'AgentTestAlias (TSTALIASID)',
					'TSTALIASID',
					expect.stringContaining('version DRAFT'),
				),
				listed('production (PRODALIAS1)', 'PRODALIAS1', expect.stringContaining('version 2')),
			]);
			const call = aws.emulator.calls.find((c) => c.action === 'ListAgentAliases');
			expect(call?.path).toMatch(/^\/agents\/AGENTSUPRT\/agentaliases\/?$/);
		});

		it('asks for an agent first when none is chosen', async () => {
			const { results } = await searchAgentAliases.call(
				loadOptions({ agent: locator('', 'list') }),
			);
			expect(results).toEqual([{ name: expect.stringMatching(/Choose an Agent/), value: '' }]);
			expect(aws.emulator.calls).toHaveLength(0);
		});

		it('fails with advice when the agent does not exist', async () => {
			const error = await searchAgentAliases
				.call(loadOptions({ agent: locator('NOSUCHAGNT') }))
				.catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeApiError);
			expect((error as NodeApiError).description).toContain("Agent NOSUCHAGNT doesn't exist.");
			expect((error as NodeApiError).description).toMatch(
				/Check the ID \(model, inference profile, agent, alias/,
			);
		});
	});
});
