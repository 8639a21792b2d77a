import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';

import { keptReasoning, rememberReasoning, withRecalledReasoning } from './reasoning';

const thinking: ContentBlock = {
	reasoningContent: { reasoningText: { text: 'Multiply.', signature: 'c2lnbmVk' } },
};
const call = (id: string): ContentBlock => ({
	toolUse: { toolUseId: id, name: 'calculator', input: { input: '12 * 7' } },
});

describe('reasoning kept for tool turns n8n rebuilds without it', () => {
	afterEach(() => jest.restoreAllMocks());

	it('puts it back for the same execution and model only', () => {
		rememberReasoning('exec-1\nclaude', [thinking, call('tooluse_a')]);
		expect(withRecalledReasoning('exec-1\nclaude', [call('tooluse_a')])).toEqual([
			thinking,
			call('tooluse_a'),
		]);
		expect(withRecalledReasoning('exec-2\nclaude', [call('tooluse_a')])).toEqual([
			call('tooluse_a'),
		]);
		// A turn that carries its reasoning, or calls no tool, stays as it is.
		const own: ContentBlock = { reasoningContent: { redactedContent: new Uint8Array([1]) } };
		expect(withRecalledReasoning('exec-1\nclaude', [own, call('tooluse_a')])).toEqual([
			own,
			call('tooluse_a'),
		]);
		expect(withRecalledReasoning('exec-1\nclaude', [{ text: 'hi' }])).toEqual([{ text: 'hi' }]);
	});

	it('keeps nothing for an answer without reasoning or without tool calls', () => {
		rememberReasoning('exec-3', [call('tooluse_b')]);
		rememberReasoning('exec-3', [thinking, { text: 'no tool' }]);
		expect(withRecalledReasoning('exec-3', [call('tooluse_b')])).toEqual([call('tooluse_b')]);
	});

	it('forgets after an hour and beyond the latest 64 answers of an execution', () => {
		const now = Date.now();
		rememberReasoning('exec-4', [thinking, call('tooluse_old')]);
		jest.spyOn(Date, 'now').mockReturnValue(now + 60 * 60_000 + 1);
		expect(withRecalledReasoning('exec-4', [call('tooluse_old')])).toEqual([call('tooluse_old')]);
		jest.restoreAllMocks();
		rememberReasoning('exec-5', [thinking, call('tooluse_first')]);
		for (let i = 0; i < 64; i++) rememberReasoning('exec-5', [thinking, call(`tooluse_${i}`)]);
		expect(withRecalledReasoning('exec-5', [call('tooluse_first')])).toEqual([
			call('tooluse_first'),
		]);
		expect(withRecalledReasoning('exec-5', [call('tooluse_63')])[0]).toEqual(thinking);
	});

	it("one execution's flood of thinking turns leaves another execution its reasoning", () => {
		rememberReasoning('victim\nclaude', [thinking, call('tooluse_victim')]);
		const long: ContentBlock = {
			reasoningContent: { reasoningText: { text: 'x'.repeat(100_000), signature: 'c2ln' } },
		};
		for (let i = 0; i < 5_000; i++)
			rememberReasoning('flood\nclaude', [long, call(`tooluse_f${i}`)]);
		expect(withRecalledReasoning('victim\nclaude', [call('tooluse_victim')])).toEqual([
			thinking,
			call('tooluse_victim'),
		]);
		// The flooding execution keeps only its own latest answers, within its share of memory.
		expect(keptReasoning().bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
	});

	it('past 1,024 executions, drops the expired ones before a live one', () => {
		const now = Date.now();
		for (let i = 0; i < 1_000; i++) rememberReasoning(`ended-${i}`, [thinking, call('tooluse_e')]);
		jest.spyOn(Date, 'now').mockReturnValue(now + 30 * 60_000);
		rememberReasoning('live', [thinking, call('tooluse_live')]);
		jest.spyOn(Date, 'now').mockReturnValue(now + 61 * 60_000);
		for (let i = 0; i < 100; i++) rememberReasoning(`new-${i}`, [thinking, call('tooluse_n')]);
		expect(keptReasoning().scopes).toBeLessThanOrEqual(1_024);
		expect(withRecalledReasoning('live', [call('tooluse_live')])[0]).toEqual(thinking);
		expect(withRecalledReasoning('ended-999', [call('tooluse_e')])).toEqual([call('tooluse_e')]);
	});
});
