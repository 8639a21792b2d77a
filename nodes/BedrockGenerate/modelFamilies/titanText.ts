import { compact, num, str } from './json';
import type { ModelFamilyDescriptor } from './types';

/** Amazon Titan Text: each chunk carries outputText and running counts; completionReason last. */
export const titanText: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'amazon' && /^titan-(text|tg1)/.test(model),
	defaultPaths: {
		text: '$.results[0].outputText',
		inputTokens: '$.inputTextTokenCount',
		outputTokens: '$.results[0].tokenCount',
		stopReason: '$.results[0].completionReason',
	},
	readStream: (chunk) => ({
		text: str(chunk.outputText),
		inputTokens: num(chunk.inputTextTokenCount),
		outputTokens: num(chunk.totalOutputTextTokenCount),
		stopReason: str(chunk.completionReason),
	}),
	finalEvent: false,
	example: {
		inputText: 'User: {{prompt}}\nBot:',
		textGenerationConfig: { maxTokenCount: 1024, temperature: 0.7 },
	},
	assemble: (_chunks, totals) =>
		compact({
			inputTextTokenCount: totals.inputTokens,
			results: [
				{
					tokenCount: totals.outputTokens,
					outputText: totals.text,
					completionReason: totals.stopReason,
				},
			],
		}),
};
