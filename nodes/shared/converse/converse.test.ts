import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

import { ParameterError } from '../errors/parameterError';
import { StreamCutOffError } from '../errors/streamCutOff';
import { converseSettings, stopSequences, TOOL_NAME } from './request';
import { converseEvents } from './stream';
import { tokenUsage } from './usage';

async function* events(...list: ConverseStreamOutput[]) {
	yield* list;
}

const read = async (stream: AsyncIterable<ConverseStreamOutput>) => {
	const seen: ConverseStreamOutput[] = [];
	for await (const event of converseEvents(stream)) seen.push(event);
	return seen;
};

const stop = { messageStop: { stopReason: 'end_turn' } } as ConverseStreamOutput;
const metadata = {
	metadata: { usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } },
} as ConverseStreamOutput;
const text = {
	contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'hi' } },
} as ConverseStreamOutput;

describe('converseEvents', () => {
	it('passes a whole answer through', async () => {
		expect(await read(events(text, stop, metadata))).toEqual([text, stop, metadata]);
	});

	it.each([
		'internalServerException',
		'modelStreamErrorException',
		'serviceUnavailableException',
		'throttlingException',
		'validationException',
	])('throws the %s an event carries', async (member) => {
		const exception = Object.assign(new Error(member), { name: member });
		const stream = events(text, { [member]: exception } as unknown as ConverseStreamOutput, stop);
		await expect(read(stream)).rejects.toBe(exception);
	});

	it.each([
		['messageStop', [text, metadata]],
		['metadata', [text, stop]],
	])('calls an answer without its %s event cut off', async (missing, list) => {
		const error = await read(events(...(list as ConverseStreamOutput[]))).catch((e) => e);
		expect(error).toBeInstanceOf(StreamCutOffError);
		expect(error.message).toContain(`before its ${missing} event`);
		expect(error.operation).toBe('ConverseStream');
	});
});

describe('the shared Converse options', () => {
	it('reads guardrail, tier, latency and caching; DRAFT when no version is given', () => {
		expect(
			converseSettings(
				{
					guardrailIdentifier: 'gr-1',
					guardrailVersion: '',
					serviceTier: 'flex',
					performanceLatency: 'optimized',
					promptCaching: true,
				},
				'amazon.nova-lite-v1:0',
			),
		).toEqual({
			guardrailConfig: {
				guardrailIdentifier: 'gr-1',
				guardrailVersion: 'DRAFT',
				trace: 'disabled',
			},
			serviceTier: { type: 'flex' },
			performanceConfig: { latency: 'optimized' },
			promptCaching: true,
		});
	});

	it('refuses a reasoning budget for a model that takes none, naming the field', () => {
		expect(() => converseSettings({ reasoningBudget: 2048 }, 'amazon.nova-lite-v1:0')).toThrow(
			ParameterError,
		);
		expect(
			converseSettings({ reasoningBudget: 2048 }, 'us.anthropic.claude-3-7-sonnet').reasoning,
		).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
	});

	it('merges stop sequences from every source, without empty ones or repeats', () => {
		expect(stopSequences(['END', ''], 'STOP', undefined, ['END'])).toEqual(['END', 'STOP']);
		expect(stopSequences([], undefined)).toBeUndefined();
	});

	it('accepts tool names of 1 to 64 letters, digits, _ or -', () => {
		expect(TOOL_NAME.test('get_weather-2')).toBe(true);
		expect(TOOL_NAME.test('a'.repeat(65))).toBe(false);
		expect(TOOL_NAME.test('bad name')).toBe(false);
	});

	it('reads usage with the cache counts as 0 when Bedrock leaves them out', () => {
		expect(tokenUsage({ inputTokens: 1, outputTokens: 2, totalTokens: 3 })).toEqual({
			inputTokens: 1,
			outputTokens: 2,
			totalTokens: 3,
			cacheReadInputTokens: 0,
			cacheWriteInputTokens: 0,
		});
	});
});
