import type { Message } from '@n8n/ai-node-sdk';
import { converseSettings } from '../shared/converse/request';
import { z } from 'zod';

import { ChatMessageError, toConverseConversation, toolInput } from './messages';
import { reasoningContentParts } from './reasoning';
import { buildChatRequest } from './request';
import { toConverseToolConfig } from './tools';

const text = (role: Message['role'], t: string): Message => ({
	role,
	content: [{ type: 'text', text: t }],
});

describe('SDK messages to Converse', () => {
	it('moves system messages to system and keeps user/assistant turns', () => {
		const out = toConverseConversation([
			text('system', 'Be brief'),
			text('user', 'Hi'),
			text('assistant', 'Hello'),
			text('user', 'Bye'),
		]);
		expect(out.system).toEqual([{ text: 'Be brief' }]);
		expect(out.messages).toEqual([
			{ role: 'user', content: [{ text: 'Hi' }] },
			{ role: 'assistant', content: [{ text: 'Hello' }] },
			{ role: 'user', content: [{ text: 'Bye' }] },
		]);
	});

	it('turns tool calls into toolUse without the id key n8n adds, and tool results into one user turn', () => {
		const out = toConverseConversation([
			text('user', 'what is 12 times 7 and 3 plus 4'),
			{
				role: 'assistant',
				content: [
					{
						type: 'tool-call',
						toolCallId: 'tooluse_a',
						toolName: 'calculator',
						input: '{"input":"12 * 7","id":"tooluse_a"}',
					},
					{
						type: 'tool-call',
						toolCallId: 'tooluse_b',
						toolName: 'calculator',
						input: '{"input":"3 + 4"}',
					},
				],
			},
			{
				role: 'tool',
				content: [{ type: 'tool-result', toolCallId: 'tooluse_a', result: '[{"response":"84"}]' }],
			},
			{
				role: 'tool',
				content: [
					{ type: 'tool-result', toolCallId: 'tooluse_b', result: 'bad input', isError: true },
				],
			},
		]);
		expect(out.messages).toEqual([
			{ role: 'user', content: [{ text: 'what is 12 times 7 and 3 plus 4' }] },
			{
				role: 'assistant',
				content: [
					{ toolUse: { toolUseId: 'tooluse_a', name: 'calculator', input: { input: '12 * 7' } } },
					{ toolUse: { toolUseId: 'tooluse_b', name: 'calculator', input: { input: '3 + 4' } } },
				],
			},
			{
				role: 'user',
				content: [
					{
						toolResult: {
							toolUseId: 'tooluse_a',
							content: [{ text: '[{"response":"84"}]' }],
							status: 'success',
						},
					},
					{
						toolResult: {
							toolUseId: 'tooluse_b',
							content: [{ text: 'bad input' }],
							status: 'error',
						},
					},
				],
			},
		]);
	});

	it('reads tool inputs that are not objects without losing them', () => {
		expect(toolInput('')).toEqual({});
		expect(toolInput('"12 * 7"')).toEqual({ input: '12 * 7' });
		expect(toolInput('not json')).toEqual({ input: 'not json' });
		expect(toolInput('{"id":"x","a":1}', 'x')).toEqual({ a: 1 });
		// An `id` argument of the tool's own stays.
		expect(toolInput('{"id":"order-7"}', 'tooluse_a')).toEqual({ id: 'order-7' });
	});

	it('sends files as image or document bytes, from base64 or a data URL', () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
		const out = toConverseConversation([
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'What is in these?' },
					{ type: 'file', mediaType: 'image/png', data: png.toString('base64') },
					{
						type: 'file',
						mediaType: 'application/pdf',
						data: `data:application/pdf;base64,${Buffer.from('%PDF').toString('base64')}`,
						providerMetadata: { filename: 'invoice.pdf' },
					},
				],
			},
		]);
		const [, image, document] = out.messages[0].content!;
		expect(image.image?.format).toBe('png');
		expect(Buffer.from(image.image!.source!.bytes!)).toEqual(png);
		expect(document.document).toMatchObject({ format: 'pdf', name: 'invoice' });
		expect(Buffer.from(document.document!.source!.bytes!).toString()).toBe('%PDF');
		expect(() =>
			toConverseConversation([
				{ role: 'user', content: [{ type: 'file', mediaType: 'audio/ogg', data: 'AAAA' }] },
			]),
		).toThrow(ChatMessageError);
	});

	it('replays reasoning only from its whole block, and starts the conversation with a user turn', () => {
		const out = toConverseConversation([
			{
				role: 'assistant',
				content: [
					...reasoningContentParts({ reasoningText: { text: 'thinking', signature: 'sig' } }),
					{ type: 'reasoning', text: 'no signature' },
					{ type: 'provider', value: { other: 'vendor' } },
					{ type: 'text', text: 'Hello' },
				],
			},
			text('user', 'Hi'),
		]);
		expect(out.messages[0]).toEqual({ role: 'user', content: [{ text: '.' }] });
		expect(out.messages[1].content).toEqual([
			{ reasoningContent: { reasoningText: { text: 'thinking', signature: 'sig' } } },
			{ text: 'Hello' },
		]);
	});
});

describe('tools and request', () => {
	const calculator = {
		type: 'function' as const,
		name: 'calculator',
		description: 'Math',
		inputSchema: z.object({ input: z.string().describe('the expression') }),
	};

	it('turns Zod tool schemas into JSON Schema tool specs', () => {
		const config = toConverseToolConfig([calculator])!;
		expect(config.tools![0].toolSpec).toMatchObject({
			name: 'calculator',
			description: 'Math',
			inputSchema: {
				json: {
					type: 'object',
					properties: { input: { type: 'string', description: 'the expression' } },
					required: ['input'],
				},
			},
		});
		expect(config.tools).toHaveLength(1);
		expect(toConverseToolConfig([])).toBeUndefined();
		expect(() => toConverseToolConfig([{ ...calculator, name: 'bad name' }])).toThrow(
			/not accepted by Bedrock/,
		);
	});

	it('places a cache point after a system prompt long enough to cache and merges stop sequences', () => {
		const system = 'Be brief. '.repeat(1000);
		const modelId = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
		const input = buildChatRequest(
			[text('system', system), text('user', 'Hi')],
			[],
			{ maxTokens: 10, stopSequences: ['END'], stop: ['STOP', 'END'] },
			{
				modelId,
				recallScope: `execution-1\n${modelId}`,
				settings: converseSettings(
					{
						promptCaching: true,
						serviceTier: 'flex',
						performanceLatency: 'optimized',
						guardrailIdentifier: 'gr-1',
						guardrailVersion: '2',
						guardrailTrace: 'enabled',
						reasoningBudget: 2048,
					},
					modelId,
				),
			},
		);
		expect(input).toMatchObject({
			system: [{ text: system }, { cachePoint: { type: 'default' } }],
			inferenceConfig: { maxTokens: 10, stopSequences: ['END', 'STOP'] },
			serviceTier: { type: 'flex' },
			performanceConfig: { latency: 'optimized' },
			guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '2', trace: 'enabled' },
			additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 } },
		});
	});
});
