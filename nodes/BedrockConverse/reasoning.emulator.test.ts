import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { locator } from '../../test/helpers/nodeContext';
import { runNode, useEmulator } from '../../test/helpers/useEmulator';
import { BedrockConverse } from './BedrockConverse.node';

/** Reasoning per model family through the node, against the emulator's replies. */
describe('Bedrock Converse reasoning', () => {
	const aws = useEmulator();
	const node = new BedrockConverse();
	const ECHO_REASONING = 'The user wrote "Why?". The answer is an echo of it.';

	async function run(model: string, options: IDataObject, parameters: IDataObject = {}) {
		const { result } = runNode(node, aws.emulator, {
			parameters: { model: locator(model), prompt: 'Why?', options, ...parameters },
		});
		const [[item]] = await result;
		const [call] = aws.emulator.calls.filter((c) => c.action === 'Converse');
		return { json: item.json, sent: call.body as IDataObject };
	}

	it('Anthropic extended thinking: a budget; the signed reasoning in `reasoning` and `message`', async () => {
		const { json, sent } = await run('us.anthropic.claude-3-7-sonnet-20250219-v1:0', {
			reasoningBudget: 2048,
			maxTokens: 4096,
		});
		expect(sent.additionalModelRequestFields).toEqual({
			thinking: { type: 'enabled', budget_tokens: 2048 },
		});
		expect(json.reasoning).toBe(ECHO_REASONING);
		expect((json.message as { content: IDataObject[] }).content[0]).toEqual({
			reasoningContent: { reasoningText: { text: ECHO_REASONING, signature: expect.any(String) } },
		});
	});

	it('Anthropic adaptive thinking with effort (Claude Opus 4.6)', async () => {
		const { json, sent } = await run('us.anthropic.claude-opus-4-6-v1', {
			adaptiveThinking: true,
			reasoningEffort: 'max',
		});
		expect(sent.additionalModelRequestFields).toEqual({
			thinking: { type: 'adaptive' },
			output_config: { effort: 'max' },
		});
		expect(json.reasoning).toBe(ECHO_REASONING);
	});

	it('Amazon Nova 2 Lite: reasoningConfig; its reasoning comes back redacted', async () => {
		const { json, sent } = await run('us.amazon.nova-2-lite-v1:0', { reasoningEffort: 'low' });
		expect(sent.additionalModelRequestFields).toEqual({
			reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' },
		});
		expect(json.reasoning).toBe('[REDACTED]');
		expect(json.text).toBe('Echo: Why?');
	});

	it('OpenAI gpt-oss: reasoning_effort; the reasoning text comes back', async () => {
		const { json, sent } = await run('openai.gpt-oss-20b-1:0', { reasoningEffort: 'high' });
		expect(sent.additionalModelRequestFields).toEqual({ reasoning_effort: 'high' });
		expect(json.reasoning).toBe(ECHO_REASONING);
	});

	it('DeepSeek-R1: no setting; its reasoning comes back, also when streamed', async () => {
		const { json, sent } = await run('us.deepseek.r1-v1:0', {});
		expect(sent.additionalModelRequestFields).toBeUndefined();
		expect(json.reasoning).toBe(ECHO_REASONING);
		const { result } = runNode(node, aws.emulator, {
			parameters: { model: locator('us.deepseek.r1-v1:0'), prompt: 'Why?', options: {} },
			streaming: true,
		});
		expect((await result)[0][0].json.reasoning).toBe(ECHO_REASONING);
	});

	it('refuses a setting the model does not take before any call', async () => {
		const { result } = runNode(node, aws.emulator, {
			parameters: {
				model: locator('amazon.nova-lite-v1:0'),
				prompt: 'Why?',
				options: { reasoningEffort: 'low' },
			},
		});
		await expect(result).rejects.toThrow(NodeOperationError);
		await expect(result).rejects.toThrow(/Reasoning Effort: amazon.nova-lite-v1:0 takes no/);
		expect(aws.emulator.count('Converse')).toBe(0);
	});

	it.each([false, true])(
		'a tool turn with thinking, its `message` appended as is, is taken on the next run (streamed: %s)',
		async (streaming) => {
			const model = locator('us.anthropic.claude-3-7-sonnet-20250219-v1:0');
			const options = {
				reasoningBudget: 1024,
				maxTokens: 2048,
				tools: '[{"name":"lookup","inputSchema":{"type":"object"}}]',
			};
			// Redacted reasoning travels as base64 text in `message`.
			const question = { role: 'user', content: 'Use redacted thinking and use tool' };
			const first = (
				await runNode(node, aws.emulator, {
					parameters: {
						model,
						inputMode: 'messages',
						messagesJson: JSON.stringify([question]),
						options,
					},
					streaming,
				}).result
			)[0][0].json;
			const message = first.message as { content: IDataObject[] };
			expect(message.content[0]).toEqual({
				reasoningContent: { redactedContent: expect.any(String) },
			});
			const [call] = first.toolCalls as Array<{ id: string }>;
			const conversation = [
				question,
				message,
				{
					role: 'user',
					content: [{ toolResult: { toolUseId: call.id, content: [{ text: '42' }] } }],
				},
			];
			const second = (
				await runNode(node, aws.emulator, {
					parameters: {
						model,
						inputMode: 'messages',
						messagesJson: JSON.stringify(conversation),
						options,
					},
					streaming,
				}).result
			)[0][0].json;
			expect(second.stopReason).toBe('end_turn');
			// Without the reasoning block, Bedrock (and the emulator) refuses the turn.
			const { result } = runNode(node, aws.emulator, {
				parameters: {
					model,
					inputMode: 'messages',
					messagesJson: JSON.stringify([
						question,
						{ ...message, content: message.content.slice(1) },
						conversation[2],
					]),
					options,
				},
			});
			await expect(result).rejects.toThrow(/must start with a thinking block/);
		},
	);
});
