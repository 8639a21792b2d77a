import type { IDataObject } from 'n8n-workflow';

import { locator } from '../../test/helpers/nodeContext';
import { runNode, useEmulator } from '../../test/helpers/useEmulator';
import { BedrockGenerate } from './BedrockGenerate.node';

/**
 * Generate sends the body the user wrote: a cache point in it is the user's. What the node adds is
 * the counts the model's body reports, in `usage` under Converse's names.
 */
/** One Prompt Variables row (a call, so the n8n linter does not read it as an option). */
const row = (name: string, value: string) => ({ name, value });

describe('Bedrock Generate prompt cache counts', () => {
	const aws = useEmulator();
	const node = new BedrockGenerate();
	const RULES = 'Answer in one short sentence and cite the contract clause. '.repeat(120).trim();

	async function run(model: string, requestBody: string) {
		const { result } = runNode(node, aws.emulator, {
			parameters: {
				model: locator(model),
				requestBody,
				promptVariables: { variable: [row('prompt', 'When are deliveries?')] },
				outputMapping: 'default',
				options: {},
			},
		});
		const [[item]] = await result;
		return item.json.usage as IDataObject;
	}
	const invoked = () => aws.emulator.calls.filter((c) => c.action === 'InvokeModel');

	it('Anthropic Messages: cache_control on the system prompt, written once then read', async () => {
		const body = JSON.stringify({
			anthropic_version: 'bedrock-2023-05-31',
			max_tokens: 256,
			system: [{ type: 'text', text: RULES, cache_control: { type: 'ephemeral' } }],
			messages: [{ role: 'user', content: '{{prompt}}' }],
		});
		const model = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
		const first = await run(model, body);
		const second = await run(model, body);
		expect(first).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 1200 });
		expect(second).toMatchObject({ cacheReadInputTokens: 1200, cacheWriteInputTokens: 0 });
		// What the node outputs is what the emulator answered.
		for (const [i, usage] of [first, second].entries()) {
			expect(usage).toMatchObject(invoked()[i].usage!);
		}
		expect(second.inputTokens).toBe(3);
	});

	it('Amazon Nova: a cachePoint after the system prompt; the counts Nova reports', async () => {
		const body = JSON.stringify({
			system: [{ text: RULES }, { cachePoint: { type: 'default' } }],
			messages: [{ role: 'user', content: [{ text: '{{prompt}}' }] }],
		});
		const first = await run('amazon.nova-lite-v1:0', body);
		const second = await run('amazon.nova-lite-v1:0', body);
		expect(first).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 1200 });
		expect(second).toMatchObject({ cacheReadInputTokens: 1200, cacheWriteInputTokens: 0 });
		expect(second).toMatchObject(invoked()[1].usage!);
	});

	it('a model whose body reports no cache counts gets none in `usage`', async () => {
		const usage = await run(
			'meta.llama3-1-8b-instruct-v1:0',
			JSON.stringify({ prompt: '{{prompt}}', max_gen_len: 64 }),
		);
		expect(usage).not.toHaveProperty('cacheReadInputTokens');
	});
});
