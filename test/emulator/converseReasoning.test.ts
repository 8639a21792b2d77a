import {
	ConverseCommand,
	type ContentBlock,
	type ConverseCommandInput,
	type Message,
} from '@aws-sdk/client-bedrock-runtime';

import { failure, runtimeClientHttp1 } from './clients';
import { startEmulator, type Emulator } from './index';

const SONNET = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
const TOOLS = {
	tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }],
};

describe('emulator: reasoning per model family', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(() => emulator.stop());
	beforeEach(() => emulator.reset());

	const send = (input: ConverseCommandInput) =>
		runtimeClientHttp1(emulator).send(new ConverseCommand(input));
	const refusal = async (input: ConverseCommandInput) => {
		const error = await failure(send(input));
		expect(error.name).toBe('ValidationException');
		return error.message;
	};

	it.each([
		[
			'us.amazon.nova-2-lite-v1:0',
			{ reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } },
			'[REDACTED]',
			false,
		],
		[
			'openai.gpt-oss-20b-1:0',
			{ reasoning_effort: 'high' },
			'The user wrote "Hi". The answer is an echo of it.',
			false,
		],
		['us.deepseek.r1-v1:0', undefined, 'The user wrote "Hi". The answer is an echo of it.', false],
		[
			SONNET,
			{ thinking: { type: 'enabled', budget_tokens: 1024 } },
			'The user wrote "Hi". The answer is an echo of it.',
			true,
		],
		[
			'us.anthropic.claude-opus-4-6-v1',
			{ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } },
			'The user wrote "Hi". The answer is an echo of it.',
			true,
		],
	])(
		'%s answers with reasoning first, in its family’s shape',
		async (modelId, fields, text, signed) => {
			const out = await send({
				modelId,
				messages: [user('Hi')],
				additionalModelRequestFields: fields as never,
			});
			const [reasoning, answer] = out.output!.message!.content!;
			expect(reasoning.reasoningContent?.reasoningText?.text).toBe(text);
			expect(typeof reasoning.reasoningContent?.reasoningText?.signature).toBe(
				signed ? 'string' : 'undefined',
			);
			expect(answer.text).toBe('Echo: Hi');
		},
	);

	it('answers without reasoning where none is asked for and the model does not always reason', async () => {
		for (const modelId of [SONNET, 'us.amazon.nova-2-lite-v1:0']) {
			const out = await send({ modelId, messages: [user('Hi')] });
			expect(out.output!.message!.content).toEqual([{ text: 'Echo: Hi' }]);
		}
	});

	it('refuses reasoning fields the model does not take', async () => {
		expect(
			await refusal({
				modelId: 'amazon.nova-lite-v1:0',
				messages: [user('Hi')],
				additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
			}),
		).toContain('extraneous key [thinking] is not permitted');
		expect(
			await refusal({
				modelId: SONNET,
				messages: [user('Hi')],
				additionalModelRequestFields: { thinking: { type: 'adaptive' } },
			}),
		).toContain('"adaptive" is not supported');
		expect(
			await refusal({
				modelId: SONNET,
				messages: [user('Hi')],
				inferenceConfig: { maxTokens: 1024 },
				additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
			}),
		).toContain('`max_tokens` must be greater than `thinking.budget_tokens`');
		expect(
			await refusal({
				modelId: 'us.amazon.nova-2-lite-v1:0',
				messages: [user('Hi')],
				additionalModelRequestFields: {
					reasoningConfig: { type: 'enabled', maxReasoningEffort: 'max' },
				},
			}),
		).toContain('maxReasoningEffort');
	});

	describe('tool use with Anthropic thinking', () => {
		const thinking = { thinking: { type: 'enabled', budget_tokens: 1024 } };

		async function toolTurn(prompt: string) {
			const out = await send({
				modelId: SONNET,
				messages: [user(prompt)],
				toolConfig: TOOLS,
				additionalModelRequestFields: thinking as never,
			});
			const content = out.output!.message!.content!;
			const call = content.find((b) => b.toolUse)!.toolUse!;
			const result: Message = {
				role: 'user',
				content: [{ toolResult: { toolUseId: call.toolUseId, content: [{ text: '42' }] } }],
			};
			return { content, result };
		}
		const followUp = (assistant: ContentBlock[], result: Message, prompt: string) =>
			send({
				modelId: SONNET,
				messages: [user(prompt), { role: 'assistant', content: assistant }, result],
				toolConfig: TOOLS,
				additionalModelRequestFields: thinking as never,
			});

		it('refuses a forced tool choice with thinking', async () => {
			expect(
				await refusal({
					modelId: SONNET,
					messages: [user('Hi')],
					toolConfig: { ...TOOLS, toolChoice: { any: {} } },
					additionalModelRequestFields: thinking as never,
				}),
			).toContain('tool_choice forces tool use');
		});

		it('takes the follow-up with the reasoning block replayed unchanged', async () => {
			const { content, result } = await toolTurn('Look it up, use tool');
			expect(Object.keys(content[0])).toEqual(['reasoningContent']);
			const out = await followUp(content, result, 'Look it up, use tool');
			expect(out.stopReason).toBe('end_turn');
		});

		it('refuses the follow-up without the reasoning block, or with it altered', async () => {
			const { content, result } = await toolTurn('Look it up, use tool');
			const dropped = await failure(followUp(content.slice(1), result, 'Look it up, use tool'));
			expect(dropped.message).toContain(
				'Expected `thinking` or `redacted_thinking`, but found `tool_use`',
			);
			const text = content[0].reasoningContent!.reasoningText!;
			const altered: ContentBlock[] = [
				{ reasoningContent: { reasoningText: { ...text, text: `${text.text} (edited)` } } },
				...content.slice(1),
			];
			expect((await failure(followUp(altered, result, 'Look it up, use tool'))).message).toContain(
				'Invalid `signature` in `thinking` block',
			);
		});

		it('gives redacted reasoning when asked for, and takes it back only unchanged', async () => {
			const { content, result } = await toolTurn('Use redacted thinking and use tool');
			const redacted = content[0].reasoningContent!.redactedContent!;
			expect(redacted).toBeInstanceOf(Uint8Array);
			expect(
				(await followUp(content, result, 'Use redacted thinking and use tool')).stopReason,
			).toBe('end_turn');
			const forged = Uint8Array.from(redacted);
			forged[0] ^= 1;
			const altered: ContentBlock[] = [
				{ reasoningContent: { redactedContent: forged } },
				...content.slice(1),
			];
			expect(
				(await failure(followUp(altered, result, 'Use redacted thinking and use tool'))).message,
			).toContain('Invalid `data` in `redacted_thinking` block');
		});
	});
});
