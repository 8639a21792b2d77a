import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { CREDENTIAL_CASES } from '../../test/helpers/credentials';
import { locator } from '../../test/helpers/nodeContext';
import { supplyNode, useEmulator, type SupplyNodeOptions } from '../../test/helpers/useEmulator';
import { LmChatBedrock } from './LmChatBedrock.node';

/** The LangChain chat model n8n's adapter hands the AI root nodes, as far as these tests use it. */
interface AdapterMessage {
	content: unknown;
	text: string;
	tool_calls?: Array<{ id?: string; name: string; args: Record<string, unknown> }>;
	usage_metadata?: { input_tokens: number; output_tokens: number; total_tokens: number };
	concat(other: AdapterMessage): AdapterMessage;
}
interface Adapter {
	invoke(input: unknown, options?: { signal?: AbortSignal }): Promise<AdapterMessage>;
	stream(
		input: unknown,
		options?: { signal?: AbortSignal },
	): Promise<AsyncIterable<AdapterMessage>>;
	bindTools(tools: unknown[]): Adapter;
}

const calculatorTool = {
	name: 'calculator',
	description: 'Useful for getting the result of a math expression',
	schema: z.object({ input: z.string() }),
	invoke: async () => '',
};

describe('Bedrock Chat Model', () => {
	const aws = useEmulator();
	const node = new LmChatBedrock();

	type ModelOptions = Omit<SupplyNodeOptions, 'parameters'> & { modelId?: string };
	async function model(options: IDataObject = {}, extra: ModelOptions = {}) {
		const { modelId = 'amazon.nova-lite-v1:0', ...run } = extra;
		const parameters = { model: locator(modelId), options };
		const { response, context } = await supplyNode(node, aws.emulator, { ...run, parameters });
		return { adapter: response as Adapter, context };
	}

	const converseBodies = () =>
		aws.emulator.calls
			.filter((c) => c.action === 'Converse' || c.action === 'ConverseStream')
			.map((c) => c.body as IDataObject);

	it('describes a sub-node: no main input, one language model output, every credential type', () => {
		expect(node.description.inputs).toEqual([]);
		expect(node.description.outputs).toEqual(['ai_languageModel']);
		expect(node.description.credentials?.map((c) => c.name)).toEqual([
			...new Set(CREDENTIAL_CASES.map((c) => c.type)),
		]);
		// The description names every way to authenticate the node offers.
		for (const kind of [/Assume Role/, /IAM Roles Anywhere/, /access keys/, /API key/])
			expect(node.description.description).toMatch(kind);
		const options = node.description.properties.find((p) => p.name === 'options')?.options ?? [];
		const names = options.map((o) => ('displayName' in o ? o.displayName : ''));
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
	});

	it.each(CREDENTIAL_CASES)(
		'answers through $type and reports the token usage to n8n',
		async (credential) => {
			const { adapter, context } = await model({}, { credential });
			const answer = await adapter.invoke([
				['system', 'Be brief'],
				['human', 'Tell me a joke'],
			]);
			expect(answer.text).toBe('Echo: Tell me a joke');
			const [body] = converseBodies();
			expect(body).toMatchObject({
				system: [{ text: 'Be brief' }],
				messages: [{ role: 'user', content: [{ text: 'Tell me a joke' }] }],
			});
			expect(answer.usage_metadata).toMatchObject({ input_tokens: 6, output_tokens: 5 });
			expect(JSON.stringify(context.outputs)).toContain(
				'"tokenUsage":{"completionTokens":5,"promptTokens":6,"totalTokens":11}',
			);
		},
	);

	it("sends a PDF the agent passes from its input's binary data as a Converse document", async () => {
		const { adapter } = await model();
		const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
		// The block n8n's Agent builds for a PDF in the input item (binary passthrough).
		await adapter.invoke([
			{ role: 'user', content: 'Summarise the invoice' },
			{
				role: 'user',
				content: [
					{
						type: 'file',
						source_type: 'base64',
						mime_type: 'application/pdf',
						data: pdf.toString('base64'),
						metadata: { filename: 'invoice 2026.pdf' },
					},
				],
			},
		]);
		const [body] = converseBodies();
		const content = (body.messages as Array<{ content: IDataObject[] }>)[0].content;
		expect(content[0]).toEqual({ text: 'Summarise the invoice' });
		expect(content[1].document).toMatchObject({ format: 'pdf', name: 'invoice 2026' });
		expect(
			Buffer.from(
				((content[1].document as IDataObject).source as { bytes: string }).bytes,
				'base64',
			),
		).toEqual(pdf);
	});

	it('sends the node options as Converse fields', async () => {
		const { adapter } = await model({
			maxTokens: 64,
			temperature: 0.2,
			topP: 0.5,
			stopSequences: ['END'],
			serviceTier: 'priority',
			performanceLatency: 'optimized',
			guardrailIdentifier: 'gr-abc',
			guardrailVersion: '1',
			promptCaching: true,
		});
		// Nova Lite caches system and messages (from 1,000 tokens on), never the tools.
		const system = 'Be brief. '.repeat(1000);
		await adapter.bindTools([calculatorTool]).invoke([
			['system', system],
			['human', 'Hi'],
		]);
		const [body] = converseBodies();
		expect(body).toMatchObject({
			inferenceConfig: { maxTokens: 64, temperature: 0.2, topP: 0.5, stopSequences: ['END'] },
			serviceTier: { type: 'priority' },
			performanceConfig: { latency: 'optimized' },
			guardrailConfig: { guardrailIdentifier: 'gr-abc', guardrailVersion: '1' },
			system: [{ text: system }, { cachePoint: { type: 'default' } }],
		});
		expect((body.toolConfig as IDataObject).tools).toEqual([
			expect.objectContaining({ toolSpec: expect.objectContaining({ name: 'calculator' }) }),
		]);
	});

	it('refuses a reasoning budget for a model that takes none, before any call', async () => {
		await expect(model({ reasoningBudget: 2048 })).rejects.toThrow(/takes no reasoning budget/);
		const { adapter } = await model(
			{ reasoningBudget: 2048 },
			{ modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0' },
		);
		await adapter.invoke('Hi');
		expect(converseBodies()[0].additionalModelRequestFields).toEqual({
			thinking: { type: 'enabled', budget_tokens: 2048 },
		});
	});

	it("offers the agent's tools and maps the tool round trip both ways", async () => {
		const { adapter } = await model();
		const withTools = adapter.bindTools([calculatorTool]);
		const first = await withTools.invoke('what is 12 times 7');
		expect(first.tool_calls).toEqual([
			expect.objectContaining({ name: 'calculator', args: { input: '12 * 7' } }),
		]);
		const id = first.tool_calls![0].id!;
		expect(converseBodies()[0].toolConfig).toEqual({
			tools: [
				{
					toolSpec: {
						name: 'calculator',
						description: 'Useful for getting the result of a math expression',
						inputSchema: {
							json: expect.objectContaining({
								type: 'object',
								properties: { input: { type: 'string' } },
								required: ['input'],
							}),
						},
					},
				},
			],
		});

		// As n8n's Agent replays it: the call's id is added to its arguments.
		const second = await withTools.invoke([
			{ role: 'user', content: 'what is 12 times 7' },
			{
				role: 'assistant',
				content: '',
				tool_calls: [{ id, name: 'calculator', args: { input: '12 * 7', id } }],
			},
			{ role: 'tool', tool_call_id: id, content: '[{"response":"84"}]' },
		]);
		expect(second.text).toBe('The answer is 84.');
		expect(converseBodies()[1].messages).toEqual([
			{ role: 'user', content: [{ text: 'what is 12 times 7' }] },
			{
				role: 'assistant',
				content: [{ toolUse: { toolUseId: id, name: 'calculator', input: { input: '12 * 7' } } }],
			},
			{
				role: 'user',
				content: [
					{
						toolResult: {
							toolUseId: id,
							content: [{ text: '[{"response":"84"}]' }],
							status: 'success',
						},
					},
				],
			},
		]);
		expect(aws.emulator.toolRoundTrips).toEqual([
			expect.objectContaining({ toolUseId: id, answer: 'The answer is 84.' }),
		]);
	});

	it('refuses a tool schema it cannot convert, naming the tool, before any call', async () => {
		const { adapter } = await model();
		const broken = {
			...calculatorTool,
			name: 'lookup',
			schema: { safeParse: () => ({}), _def: {} },
		};
		const call = adapter.bindTools([broken]).invoke('what is 12 times 7');
		await expect(call).rejects.toThrow(/Tool "lookup": its input schema/);
		expect(converseBodies()).toEqual([]);
	});

	it('streams text deltas as they arrive', async () => {
		aws.emulator.setStreamDelay(30);
		const { adapter } = await model();
		const pieces: string[] = [];
		let message: AdapterMessage | undefined;
		for await (const chunk of await adapter.stream('one two three four')) {
			pieces.push(chunk.text);
			message = message ? message.concat(chunk) : chunk;
		}
		expect(pieces.filter(Boolean).length).toBeGreaterThanOrEqual(4);
		expect(pieces.join('')).toBe('Echo: one two three four');
		expect(aws.emulator.count('ConverseStream')).toBe(1);
		// Usage rides on the finish chunk (n8n 2.41.1 records its own estimate for streams).
		expect(message!.usage_metadata).toMatchObject({
			input_tokens: 4,
			output_tokens: 5,
			total_tokens: 9,
		});
	});

	it('streams two parallel tool calls so that they stay two calls', async () => {
		const { adapter } = await model();
		let message: AdapterMessage | undefined;
		for await (const chunk of await adapter
			.bindTools([calculatorTool])
			.stream('what is 12 times 7 and 3 plus 4'))
			message = message ? message.concat(chunk) : chunk;
		const trips = aws.emulator.toolRoundTrips;
		expect(trips).toHaveLength(2);
		expect(message!.tool_calls).toEqual([
			expect.objectContaining({
				id: trips[0].toolUseId,
				name: 'calculator',
				args: { input: '12 * 7' },
			}),
			expect.objectContaining({
				id: trips[1].toolUseId,
				name: 'calculator',
				args: { input: '3 + 4' },
			}),
		]);
	});

	it('passes the abort signal of the call to the request', async () => {
		aws.emulator.injectFault({ action: 'Converse', kind: 'delay', delayMs: 5000 });
		const { adapter } = await model();
		const controller = new AbortController();
		const started = Date.now();
		setTimeout(() => controller.abort(), 200);
		await expect(adapter.invoke('Hi', { signal: controller.signal })).rejects.toThrow(/abort/i);
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('stops when n8n cancels the execution', async () => {
		aws.emulator.injectFault({ action: 'Converse', kind: 'delay', delayMs: 5000 });
		const cancel = new AbortController();
		const { adapter } = await model({}, { cancelSignal: cancel.signal });
		const started = Date.now();
		setTimeout(() => cancel.abort(), 200);
		await expect(adapter.invoke('Hi')).rejects.toThrow(/abort/i);
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('turns AWS errors into advice with the request ID and no secret', async () => {
		aws.emulator.injectFault({
			action: 'Converse',
			kind: 'error',
			status: 403,
			code: 'AccessDeniedException',
			message: "You don't have access to the model with the specified model ID.",
		});
		const { adapter } = await model({ maxAttempts: 1 });
		const error = (await adapter.invoke('Hi').catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		const call = aws.emulator.calls.find((c) => c.action === 'Converse')!;
		const shown = `${error.message} ${error.description}`;
		expect(shown).toContain(call.requestId);
		expect(error.description).toMatch(/model access/i);
		for (const session of aws.emulator.issuedSessions) {
			expect(shown).not.toContain(session.secretAccessKey);
			expect(shown).not.toContain(session.sessionToken);
		}
	});

	it('redacts the credential secret by value when an AWS message quotes it', async () => {
		const credential = CREDENTIAL_CASES[0];
		const secret = String(credential.data(aws.emulator).secretAccessKey);
		aws.emulator.injectFault({
			action: 'Converse',
			kind: 'error',
			status: 400,
			code: 'ValidationException',
			message: `echo ${secret} / ${Buffer.from(secret).toString('base64')} / ${encodeURIComponent(secret)}`,
		});
		const { adapter } = await model({ maxAttempts: 1 }, { credential });
		const error = (await adapter.invoke('Hi').catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		const shown = `${error.message} ${error.description} ${JSON.stringify(error)}`;
		expect(shown).toContain('ValidationException');
		for (const form of [
			secret,
			Buffer.from(secret).toString('base64'),
			encodeURIComponent(secret),
		]) {
			expect(shown).not.toContain(form);
		}
	});

	it('fails a cut-off stream instead of returning half an answer', async () => {
		aws.emulator.injectFault({ action: 'ConverseStream', kind: 'streamTruncate' });
		const { adapter } = await model();
		const read = async () => {
			for await (const chunk of await adapter.stream('one two three')) void chunk;
		};
		await expect(read()).rejects.toThrow(/cut off/);
	});

	it.each([
		['bedrockAssumeRoleApi', 'AssumeRole'],
		['bedrockRolesAnywhereApi', 'CreateSession'],
	])('with %s, fetches one session for many turns and executions', async (type, action) => {
		const credential = CREDENTIAL_CASES.find((c) => c.type === type)!;
		for (let execution = 0; execution < 5; execution++) {
			const { adapter } = await model({}, { credential });
			const tools = adapter.bindTools([calculatorTool]);
			const first = await tools.invoke('what is 12 times 7');
			const id = first.tool_calls![0].id!;
			await tools.invoke([
				{ role: 'user', content: 'what is 12 times 7' },
				{
					role: 'assistant',
					content: '',
					tool_calls: [{ id, name: 'calculator', args: { input: '12 * 7' } }],
				},
				{ role: 'tool', tool_call_id: id, content: '84' },
			]);
		}
		expect(aws.emulator.count('Converse')).toBe(10);
		expect(aws.emulator.count(action)).toBe(1);
	});
});
