import type { IDataObject } from 'n8n-workflow';

import { locator } from '../../test/helpers/nodeContext';
import { runNode, useEmulator } from '../../test/helpers/useEmulator';
import { BedrockConverse } from './BedrockConverse.node';

/** Prompt caching through the node: where the points go and what the output reports. */
describe('Bedrock Converse prompt caching', () => {
	const aws = useEmulator();
	const node = new BedrockConverse();
	const SONNET = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
	/** A document long enough for Claude's minimum of 1,024 tokens (the emulator counts words). */
	const DOCUMENT = 'The contract says the supplier delivers every Monday. '.repeat(170).trim();

	const converseCalls = () => aws.emulator.calls.filter((c) => c.action.startsWith('Converse'));

	async function turn(messages: IDataObject[], options: IDataObject = {}, stream = false) {
		const { result } = runNode(node, aws.emulator, {
			parameters: {
				model: locator(SONNET),
				inputMode: 'messages',
				messagesSource: 'json',
				messagesJson: JSON.stringify(messages),
				options: { promptCaching: true, ...options },
			},
			...(stream ? { streaming: true } : {}),
		});
		const [[item]] = await result;
		return item.json;
	}

	it('over ten turns reads the history from the cache from the second turn on', async () => {
		const messages: IDataObject[] = [
			{ role: 'user', content: `Read this contract. ${DOCUMENT} When are deliveries?` },
		];
		const reads: number[] = [];
		const writes: number[] = [];
		for (let t = 1; t <= 10; t++) {
			const out = await turn(messages);
			const call = converseCalls().at(-1)!;
			// The point follows the conversation so far: the last message ends with it.
			const sent = (call.body as { messages: Array<{ content: IDataObject[] }> }).messages;
			expect(sent.at(-1)!.content.at(-1)).toEqual({ cachePoint: { type: 'default' } });
			expect(sent.slice(0, -1).flatMap((m) => m.content)).not.toContainEqual(
				expect.objectContaining({ cachePoint: expect.anything() }),
			);
			// What the node outputs is what the emulator answered.
			const usage = out.usage as IDataObject;
			expect(usage).toEqual({
				inputTokens: call.usage!.inputTokens,
				outputTokens: call.usage!.outputTokens,
				totalTokens: call.usage!.totalTokens,
				cacheReadInputTokens: call.usage!.cacheReadInputTokens,
				cacheWriteInputTokens: call.usage!.cacheWriteInputTokens,
				...(call.usage!.cacheDetails ? { cacheDetails: call.usage!.cacheDetails } : {}),
			});
			reads.push(usage.cacheReadInputTokens as number);
			writes.push(usage.cacheWriteInputTokens as number);
			if (t === 1) {
				expect(usage.cacheWriteInputTokens).toBeGreaterThan(1024);
			} else {
				// All the previous turn cached is read; only the answer and the new question are
				// written, and nothing is left at the full input price.
				expect(reads[t - 1]).toBe(reads[t - 2] + writes[t - 2]);
				expect(usage.inputTokens).toBe(1);
			}
			messages.push(out.message as IDataObject, { role: 'user', content: `Question ${t + 1}?` });
		}
		expect(reads[0]).toBe(0);
		expect(reads.slice(1).every((r) => r > 1024)).toBe(true);
		// What it saves (docs/caching-and-reasoning.md): nearly all the prompt is read from the cache.
		const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
		expect({ read: sum(reads), written: sum(writes) }).toEqual({ read: 23386, written: 2775 });
	});

	it('reports the same counts when the answer streams, and writes 1-hour entries apart', async () => {
		const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
		const messages = [{ role: 'user', content: DOCUMENT }];
		const parameters = {
			model: locator(model),
			inputMode: 'messages',
			messagesSource: 'json',
			messagesJson: JSON.stringify(messages),
			options: { promptCaching: true, cacheTtl: '1h' },
		};
		const first = (await runNode(node, aws.emulator, { parameters }).result)[0][0].json;
		expect(converseCalls()[0].body).toMatchObject({
			messages: [{ content: [{ text: DOCUMENT }, { cachePoint: { type: 'default', ttl: '1h' } }] }],
		});
		expect(first.usage).toMatchObject({
			cacheWriteInputTokens: 1360,
			cacheDetails: [{ ttl: '1h', inputTokens: 1360 }],
		});
		const streamed = (
			await runNode(node, aws.emulator, { parameters, streaming: true }).result
		)[0][0].json;
		expect(converseCalls()[1].action).toBe('ConverseStream');
		expect(streamed.usage).toMatchObject({
			cacheReadInputTokens: converseCalls()[1].usage!.cacheReadInputTokens,
			cacheWriteInputTokens: 0,
		});
		expect((streamed.usage as IDataObject).cacheReadInputTokens).toBe(1360);
	});

	it('places no point where the prompt is too short, so nothing is refused or wasted', async () => {
		const out = await turn([{ role: 'user', content: 'Short question?' }]);
		expect(JSON.stringify(converseCalls()[0].body)).not.toContain('cachePoint');
		expect(out.usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
	});
});
