import { ConverseCommand, type Tool } from '@aws-sdk/client-bedrock-runtime';

import { useEmulator } from '../helpers/useEmulator';
import { runtimeClient } from './clients';

const GUARDRAIL_TOOL: Tool = {
	toolSpec: {
		name: 'Check_With_Guardrail',
		description: 'Checks a message with the support guardrail',
		inputSchema: {
			json: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
		},
	},
};

describe('emulator: the agent model with a guardrail tool', () => {
	const aws = useEmulator();

	it('asks the guardrail tool to check the whole user text, then answers from its result', async () => {
		const client = runtimeClient(aws.emulator);
		const text = 'Please write to jane@example.com about my refund';
		const ask = await client.send(
			new ConverseCommand({
				modelId: 'amazon.nova-lite-v1:0',
				messages: [{ role: 'user', content: [{ text }] }],
				toolConfig: { tools: [GUARDRAIL_TOOL] },
			}),
		);
		expect(ask.stopReason).toBe('tool_use');
		const use = ask.output?.message?.content?.find((c) => c.toolUse)?.toolUse;
		expect(use).toMatchObject({ name: 'Check_With_Guardrail', input: { text } });

		const answer = await client.send(
			new ConverseCommand({
				modelId: 'amazon.nova-lite-v1:0',
				messages: [
					{ role: 'user', content: [{ text }] },
					ask.output!.message!,
					{
						role: 'user',
						content: [
							{
								toolResult: {
									toolUseId: use!.toolUseId,
									content: [{ text: '[{"text":"Please write to {EMAIL}","passed":false}]' }],
								},
							},
						],
					},
				],
				toolConfig: { tools: [GUARDRAIL_TOOL] },
			}),
		);
		expect(answer.output?.message?.content?.[0].text).toBe(
			'The answer is Please write to {EMAIL}.',
		);
	});

	it('leaves text alone when no tool is named like a guardrail', async () => {
		const out = await runtimeClient(aws.emulator).send(
			new ConverseCommand({
				modelId: 'amazon.nova-lite-v1:0',
				messages: [{ role: 'user', content: [{ text: 'hello' }] }],
				toolConfig: {
					tools: [{ toolSpec: { ...GUARDRAIL_TOOL.toolSpec!, name: 'Lookup' } }],
				},
			}),
		);
		expect(out.stopReason).toBe('end_turn');
	});
});
