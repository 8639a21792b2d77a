import { compact, isObject, num, str } from './json';
import type { ModelFamilyDescriptor } from './types';

/**
 * Anthropic Messages API. Stream: message_start (usage), content_block_delta (text_delta;
 * thinking and tool input deltas are not text), message_delta (stop_reason, cumulative output
 * usage), message_stop.
 */
export const anthropic: ModelFamilyDescriptor = {
	matches: (provider) => provider === 'anthropic',
	defaultPaths: {
		text: '$.content[*].text',
		inputTokens: '$.usage.input_tokens',
		outputTokens: '$.usage.output_tokens',
		stopReason: '$.stop_reason',
	},
	readStream(chunk) {
		switch (chunk.type) {
			case 'message_start': {
				const usage = isObject(chunk.message) ? chunk.message.usage : undefined;
				return isObject(usage)
					? { inputTokens: num(usage.input_tokens), outputTokens: num(usage.output_tokens) }
					: {};
			}
			case 'content_block_delta':
				return isObject(chunk.delta) && chunk.delta.type === 'text_delta'
					? { text: str(chunk.delta.text) }
					: {};
			case 'message_delta': {
				const usage = isObject(chunk.usage) ? chunk.usage : {};
				return {
					stopReason: isObject(chunk.delta) ? str(chunk.delta.stop_reason) : undefined,
					inputTokens: num(usage.input_tokens),
					outputTokens: num(usage.output_tokens),
				};
			}
			case 'message_stop':
				return { done: true };
			default:
				return {};
		}
	},
	finalEvent: true,
	example: {
		anthropic_version: 'bedrock-2023-05-31',
		max_tokens: 1024,
		messages: [{ role: 'user', content: [{ type: 'text', text: '{{prompt}}' }] }],
	},
	assemble(chunks, totals) {
		const start = chunks.find((chunk) => chunk.type === 'message_start');
		const message = start && isObject(start.message) ? start.message : {};
		const usage = isObject(message.usage) ? message.usage : {};
		return compact({
			type: 'message',
			role: 'assistant',
			...message,
			content: [{ type: 'text', text: totals.text }],
			stop_reason: totals.stopReason,
			usage: { ...usage, input_tokens: totals.inputTokens, output_tokens: totals.outputTokens },
		});
	},
};
