import {
	ConverseCommand,
	ConverseStreamCommand,
	type ContentBlock,
	type ConverseStreamOutput,
	type Message,
	type Tool,
} from '@aws-sdk/client-bedrock-runtime';

import { arithmetic, resultValue } from './agentModel';
import { runtimeClientHttp1 } from './clients';
import { startEmulator, type Emulator } from './index';

const MODEL = 'amazon.nova-lite-v1:0';
const CALCULATOR: Tool = {
	toolSpec: {
		name: 'calculator',
		description: 'Useful for getting the result of a math expression',
		inputSchema: {
			json: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
		},
	},
};
const KNOWLEDGE: Tool = {
	toolSpec: {
		name: 'Support_Knowledge_Base',
		description: 'Answers questions from the support knowledge base',
		inputSchema: {
			json: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
		},
	},
};
const user = (...content: ContentBlock[]): Message => ({ role: 'user', content });

describe('emulator: the Converse model for agents', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(() => emulator.stop());
	beforeEach(() => emulator.reset());

	it('reads arithmetic in words and symbols, and the value of a tool result', () => {
		expect(arithmetic('What is 12 times 7? And 3 plus 4, and 9/3')).toEqual([
			'12 * 7',
			'3 + 4',
			'9 / 3',
		]);
		expect(arithmetic('Hello there')).toEqual([]);
		expect(resultValue('[{"response":"84"}]')).toBe('84');
		expect(resultValue('84')).toBe('84');
		expect(resultValue('not json')).toBe('not json');
	});

	it('asks for the calculator, then answers from its result; the round trip is logged', async () => {
		const client = runtimeClientHttp1(emulator);
		const question = user({ text: 'Use the calculator: what is 12 times 7?' });
		const first = await client.send(
			new ConverseCommand({
				modelId: MODEL,
				messages: [question],
				toolConfig: { tools: [CALCULATOR] },
			}),
		);
		expect(first.stopReason).toBe('tool_use');
		const [block] = first.output!.message!.content!;
		expect(block.toolUse).toMatchObject({ name: 'calculator', input: { input: '12 * 7' } });
		const toolUseId = block.toolUse!.toolUseId!;

		const second = await client.send(
			new ConverseCommand({
				modelId: MODEL,
				messages: [
					question,
					first.output!.message!,
					user({ toolResult: { toolUseId, content: [{ text: '[{"response":"84"}]' }] } }),
				],
				toolConfig: { tools: [CALCULATOR] },
			}),
		);
		expect(second.stopReason).toBe('end_turn');
		expect(second.output!.message!.content).toEqual([{ text: 'The answer is 84.' }]);
		expect(emulator.toolRoundTrips).toEqual([
			{
				toolUseId,
				name: 'calculator',
				input: { input: '12 * 7' },
				requestedIn: first.$metadata.requestId,
				result: '[{"response":"84"}]',
				answeredIn: second.$metadata.requestId,
				answer: 'The answer is 84.',
			},
		]);
	});

	it('echoes as before without a calculator tool or arithmetic, and for unknown tool results', async () => {
		const client = runtimeClientHttp1(emulator);
		const out = await client.send(
			new ConverseCommand({
				modelId: MODEL,
				messages: [user({ text: 'what is 12 times 7' })],
			}),
		);
		expect(out.output!.message!.content).toEqual([{ text: 'Echo: what is 12 times 7' }]);
		const noMath = await client.send(
			new ConverseCommand({
				modelId: MODEL,
				messages: [user({ text: 'hello' })],
				toolConfig: { tools: [CALCULATOR] },
			}),
		);
		expect(noMath.stopReason).toBe('end_turn');
		expect(emulator.toolRoundTrips).toEqual([]);
	});

	it('streams two parallel tool calls as toolUse start, input fragments and stop per block', async () => {
		const client = runtimeClientHttp1(emulator);
		const out = await client.send(
			new ConverseStreamCommand({
				modelId: MODEL,
				messages: [user({ text: 'what is 12 times 7 and 3 plus 4' })],
				toolConfig: { tools: [CALCULATOR] },
			}),
		);
		const events: ConverseStreamOutput[] = [];
		for await (const event of out.stream!) events.push(event);
		const starts = events.filter((e) => e.contentBlockStart).map((e) => e.contentBlockStart!);
		expect(starts.map((s) => [s.contentBlockIndex, s.start?.toolUse?.name])).toEqual([
			[0, 'calculator'],
			[1, 'calculator'],
		]);
		const inputOf = (index: number) =>
			events
				.filter((e) => e.contentBlockDelta?.contentBlockIndex === index)
				.map((e) => e.contentBlockDelta!.delta!.toolUse!.input)
				.join('');
		const fragments = events.filter((e) => e.contentBlockDelta?.contentBlockIndex === 0).length;
		expect(fragments).toBeGreaterThan(1);
		expect(JSON.parse(inputOf(0))).toEqual({ input: '12 * 7' });
		expect(JSON.parse(inputOf(1))).toEqual({ input: '3 + 4' });
		expect(events.filter((e) => e.contentBlockStop)).toHaveLength(2);
		expect(events.find((e) => e.messageStop)?.messageStop?.stopReason).toBe('tool_use');
		expect(emulator.toolRoundTrips.map((t) => t.input)).toEqual([
			{ input: '12 * 7' },
			{ input: '3 + 4' },
		]);
	});

	it('asks a knowledge base tool a question, with the question in its string property', async () => {
		const client = runtimeClientHttp1(emulator);
		const ask = (text: string) =>
			client.send(
				new ConverseCommand({
					modelId: MODEL,
					messages: [user({ text })],
					toolConfig: { tools: [CALCULATOR, KNOWLEDGE] },
				}),
			);
		const first = await ask('What is the refund policy?');
		expect(first.stopReason).toBe('tool_use');
		expect(first.output!.message!.content![0].toolUse).toMatchObject({
			name: 'Support_Knowledge_Base',
			input: { query: 'What is the refund policy?' },
		});
		// Arithmetic still goes to the calculator; a statement asks no tool.
		const sum = await ask('What is 2 plus 3?');
		expect(sum.output!.message!.content![0].toolUse).toMatchObject({ name: 'calculator' });
		expect((await ask('Tell me about refunds.')).stopReason).toBe('end_turn');
	});
});
