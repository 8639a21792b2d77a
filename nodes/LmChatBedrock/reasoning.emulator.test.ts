import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { locator, supplyDataContext } from '../../test/helpers/nodeContext';
import { useEmulator } from '../../test/helpers/useEmulator';
import { CREDENTIAL_CASES } from '../../test/helpers/credentials';
import { LmChatBedrock } from './LmChatBedrock.node';

/** The LangChain message n8n's adapter returns, as far as these tests read it. */
interface AdapterMessage {
	content: unknown;
	text: string;
	tool_calls?: Array<{ id?: string; name: string; args: Record<string, unknown> }>;
	usage_metadata?: {
		input_tokens: number;
		output_tokens: number;
		total_tokens: number;
		input_token_details?: { cache_read?: number };
	};
	response_metadata?: IDataObject;
	concat(other: AdapterMessage): AdapterMessage;
}
interface Adapter {
	invoke(input: unknown): Promise<AdapterMessage>;
	stream(input: unknown): Promise<AsyncIterable<AdapterMessage>>;
	bindTools(tools: unknown[]): Adapter;
}

const calculatorTool = {
	name: 'calculator',
	description: 'Useful for getting the result of a math expression',
	schema: z.object({ input: z.string() }),
	invoke: async () => '',
};

/**
 * The Chat Model under n8n's LangChain adapter, as the AI Agent drives it: the agent keeps the
 * model's message of a tool turn and replays it with the tool's result.
 */
describe('Bedrock Chat Model: reasoning across agent turns, cache counts', () => {
	const aws = useEmulator();
	const node = new LmChatBedrock();
	const SONNET = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';

	async function model(options: IDataObject, modelId = SONNET): Promise<Adapter> {
		const credential = CREDENTIAL_CASES[1];
		const context = supplyDataContext({
			parameters: { authentication: credential.authentication, model: locator(modelId), options },
			credentials: { [credential.type]: credential.data(aws.emulator) },
		});
		const { response } = await node.supplyData.call(context as never, 0);
		return response as Adapter;
	}
	const bodies = () =>
		aws.emulator.calls
			.filter((c) => c.action.startsWith('Converse'))
			.map((c) => c.body as { messages: Array<{ role: string; content: IDataObject[] }> });

	async function answer(adapter: Adapter, input: unknown, stream: boolean) {
		if (!stream) return await adapter.invoke(input);
		let message: AdapterMessage | undefined;
		for await (const chunk of await adapter.stream(input)) {
			message = message ? message.concat(chunk) : chunk;
		}
		return message!;
	}

	it.each([
		['the answer comes whole', false],
		['the answer streams', true],
		['the reasoning is redacted', false],
	])(
		'an agent with tools and Anthropic thinking passes the reasoning back unchanged (%s)',
		async (name, stream) => {
			const adapter = (await model({ reasoningBudget: 1024, maxTokens: 2048 })).bindTools([
				calculatorTool,
			]);
			const question =
				name === 'the reasoning is redacted'
					? 'with redacted thinking: what is 12 times 7'
					: 'what is 12 times 7';
			const first = await answer(adapter, question, stream);
			expect(first.tool_calls).toEqual([
				expect.objectContaining({ name: 'calculator', args: { input: '12 * 7' } }),
			]);
			const id = first.tool_calls![0].id!;
			const tool = { role: 'tool', tool_call_id: id, content: '[{"response":"84"}]' };
			const second = await answer(
				adapter,
				[{ role: 'user', content: question }, first, tool],
				stream,
			);
			expect(second.text).toBe('The answer is 84.');
			const replayed = bodies()[1].messages[1].content;
			expect(Object.keys(replayed[0])).toEqual(['reasoningContent']);
			expect(replayed[1]).toEqual({
				toolUse: expect.objectContaining({ toolUseId: id, name: 'calculator' }),
			});
			expect(aws.emulator.calls.map((c) => c.status ?? 200).every((s) => s === 200)).toBe(true);
		},
	);

	it("puts the reasoning back in front of a tool turn n8n's Agent rebuilt from the call alone", async () => {
		const adapter = (await model({ reasoningBudget: 1024, maxTokens: 2048 })).bindTools([
			calculatorTool,
		]);
		const first = await adapter.invoke('what is 12 times 7');
		const [call] = first.tool_calls!;
		// n8n's AI Agent 3.x replays an AIMessage holding the tool call only (its buildSteps).
		const rebuilt = (id: string) => [
			{ role: 'user', content: 'what is 12 times 7' },
			{ role: 'assistant', content: '', tool_calls: [{ ...call, id }] },
			{ role: 'tool', tool_call_id: id, content: '[{"response":"84"}]' },
		];
		expect((await adapter.invoke(rebuilt(call.id!))).text).toBe('The answer is 84.');
		expect(Object.keys(bodies()[1].messages[1].content[0])).toEqual(['reasoningContent']);
		// A call the model did not make has no reasoning to put back: Bedrock (the emulator)
		// refuses the turn, as it refuses any tool turn without its reasoning.
		await expect(adapter.invoke(rebuilt('tooluse_not_from_this_model'))).rejects.toThrow(
			/must start with a thinking block/,
		);
	});

	it('reports the cache counts to n8n: reads in the usage, reads and writes in the metadata', async () => {
		const adapter = await model({ promptCaching: true }, 'amazon.nova-lite-v1:0');
		const system = 'You answer questions about the contract. '.repeat(200);
		const turn = async () =>
			await adapter.invoke([
				{ role: 'system', content: system },
				{ role: 'user', content: 'When are deliveries?' },
			]);
		const first = await turn();
		const second = await turn();
		const [written, read] = aws.emulator.calls
			.filter((c) => c.action === 'Converse')
			.map((c) => c.usage!);
		expect(written.cacheWriteInputTokens).toBe(1200);
		expect(read.cacheReadInputTokens).toBe(1200);
		expect(first.response_metadata?.usage).toMatchObject({
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: written.cacheWriteInputTokens,
		});
		expect(second.response_metadata?.usage).toMatchObject({
			cacheReadInputTokens: read.cacheReadInputTokens,
			cacheWriteInputTokens: 0,
		});
		expect(second.usage_metadata).toMatchObject({
			input_tokens: (read.inputTokens as number) + 1200,
			input_token_details: { cache_read: 1200 },
		});
	});
});
