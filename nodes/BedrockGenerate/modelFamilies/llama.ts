import { compact, num, str } from './json';
import type { ModelFamilyDescriptor } from './types';

/**
 * Meta Llama: generation pieces; prompt_token_count on the first chunk, generation_token_count
 * cumulative, stop_reason on the last.
 */
export const llama: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'meta' && model.startsWith('llama'),
	defaultPaths: {
		text: '$.generation',
		inputTokens: '$.prompt_token_count',
		outputTokens: '$.generation_token_count',
		stopReason: '$.stop_reason',
	},
	readStream: (chunk) => ({
		text: str(chunk.generation),
		inputTokens: num(chunk.prompt_token_count),
		outputTokens: num(chunk.generation_token_count),
		stopReason: str(chunk.stop_reason),
	}),
	finalEvent: false,
	example: {
		prompt:
			'<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{{prompt}}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
		max_gen_len: 1024,
		temperature: 0.5,
	},
	assemble: (_chunks, totals) =>
		compact({
			generation: totals.text,
			prompt_token_count: totals.inputTokens,
			generation_token_count: totals.outputTokens,
			stop_reason: totals.stopReason,
		}),
};
