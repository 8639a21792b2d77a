import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';

import { ParameterError } from '../errors/parameterError';
import { cacheRules, fewestTokens, placeCachePoints } from './caching';
import { converseSettings } from './request';

const SONNET = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const POINT = { cachePoint: { type: 'default' } };

/** Text of about `tokens` tokens by the package's low estimate (8 characters each). */
const textOf = (tokens: number) => 'abcdefg '.repeat(tokens);

function request(parts: {
	tools?: number;
	system?: number;
	turns?: number[];
}): ConverseCommandInput {
	return {
		modelId: SONNET,
		toolConfig: parts.tools
			? {
					tools: [
						{
							toolSpec: {
								name: 't',
								description: textOf(parts.tools),
								inputSchema: { json: {} as never },
							},
						},
					],
				}
			: undefined,
		system: parts.system ? [{ text: textOf(parts.system) }] : undefined,
		messages: (parts.turns ?? [1]).map((tokens, i) => ({
			role: i % 2 ? 'assistant' : 'user',
			content: [{ text: textOf(tokens) }],
		})),
	};
}

describe('prompt cache points', () => {
	it('knows the rules of the model behind an ID, a profile or an ARN, and none for the rest', () => {
		expect(cacheRules(SONNET)).toEqual({
			minTokens: 1024,
			maxPoints: 4,
			tools: true,
			oneHour: false,
		});
		expect(cacheRules('anthropic.claude-sonnet-4-5-20250929-v1:0')?.oneHour).toBe(true);
		expect(cacheRules('anthropic.claude-sonnet-4-20250514-v1:0')?.oneHour).toBe(false);
		expect(cacheRules('global.anthropic.claude-haiku-4-5-20251001-v1:0')?.minTokens).toBe(4096);
		expect(
			cacheRules('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0')?.tools,
		).toBe(false);
		expect(cacheRules('meta.llama3-1-8b-instruct-v1:0')).toBeUndefined();
		expect(
			cacheRules('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123'),
		).toBeUndefined();
	});

	it('estimates tokens low: eight characters each, media bytes as none', () => {
		expect(fewestTokens([{ text: 'x'.repeat(80) }])).toBe(10);
		expect(
			fewestTokens([{ image: { format: 'png', source: { bytes: new Uint8Array(9000) } } }]),
		).toBe(0);
	});

	it('places points after tools, system and the conversation where each part is long enough', () => {
		const input = request({ tools: 1100, system: 1100, turns: [1100, 10, 1100] });
		expect(placeCachePoints(input, SONNET, undefined).placed).toEqual([
			'tools',
			'system',
			'messages',
		]);
		expect(input.toolConfig!.tools!.at(-1)).toEqual(POINT);
		expect(input.system!.at(-1)).toEqual(POINT);
		expect(input.messages!.at(-1)!.content!.at(-1)).toEqual(POINT);
		expect(input.messages![0].content).toHaveLength(1);
	});

	it('places no point before the prompt since the previous one reaches the minimum', () => {
		// Tools and system are short: the conversation point carries them (1,030 tokens in all).
		const short = request({ tools: 10, system: 10, turns: [1010] });
		expect(placeCachePoints(short, SONNET, undefined).placed).toEqual(['messages']);
		const tooShort = request({ system: 500, turns: [500] });
		expect(placeCachePoints(tooShort, SONNET, undefined).placed).toEqual([]);
		expect(tooShort.system).toHaveLength(1);
	});

	it('never places a point after the tools of a model that caches none there', () => {
		const input = request({ tools: 2000, system: 10, turns: [1010] });
		expect(placeCachePoints(input, NOVA, undefined).placed).toEqual(['messages']);
		expect(input.toolConfig!.tools).toHaveLength(1);
	});

	it('places nothing for a model without prompt caching', () => {
		const input = request({ system: 5000, turns: [5000] });
		expect(placeCachePoints(input, 'mistral.mistral-large-2402-v1:0', '1h').placed).toEqual([]);
	});

	it('counts the points written into the messages against the maximum', () => {
		const input = request({ tools: 1100, system: 1100, turns: [1100, 10, 1100] });
		input.messages![0].content!.push(POINT as never, { text: 'x' }, POINT as never);
		input.messages![1].content!.push(POINT as never);
		expect(placeCachePoints(input, SONNET, undefined).placed).toEqual(['tools']);
	});

	it('measures the conversation point from the last point the user wrote, and keeps its TTL', () => {
		const input = request({ turns: [1100, 10, 1100] });
		input.messages![0].content!.push({ cachePoint: { type: 'default' } });
		expect(
			placeCachePoints(input, 'anthropic.claude-sonnet-4-5-20250929-v1:0', '1h').placed,
		).toEqual(['messages']);
		// After a 5-minute point of the user's, a 1-hour one would be refused: the default goes.
		expect(input.messages!.at(-1)!.content!.at(-1)).toEqual(POINT);
		const after = request({ turns: [1100, 10, 500] });
		after.messages![0].content!.push({ cachePoint: { type: 'default' } });
		expect(placeCachePoints(after, SONNET, undefined).placed).toEqual([]);
	});

	it('asks for the 1-hour time-to-live where the model has it, and refuses it elsewhere', () => {
		const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
		const settings = converseSettings({ promptCaching: true, cacheTtl: '1h' }, model);
		expect(settings.cacheTtl).toBe('1h');
		const input = request({ system: 1100 });
		placeCachePoints(input, model, settings.cacheTtl);
		expect(input.system!.at(-1)).toEqual({ cachePoint: { type: 'default', ttl: '1h' } });
		expect(() => converseSettings({ promptCaching: true, cacheTtl: '1h' }, SONNET)).toThrow(
			ParameterError,
		);
		expect(
			converseSettings({ promptCaching: true, cacheTtl: '5m' }, SONNET).cacheTtl,
		).toBeUndefined();
	});
});
