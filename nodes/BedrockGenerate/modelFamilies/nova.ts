import { compact, isObject, num, str } from './json';
import type { ModelFamilyDescriptor } from './types';

/**
 * Amazon Nova understanding models (not Canvas, Reel, Sonic or embeddings). Stream: messageStart,
 * contentBlockDelta (text; reasoningContent is not text), contentBlockStop, messageStop
 * (stopReason), metadata (usage) last.
 */
export const nova: ModelFamilyDescriptor = {
	matches: (provider, model) =>
		provider === 'amazon' && /^nova(-|:|$)/.test(model) && !/canvas|reel|sonic|embed/.test(model),
	defaultPaths: {
		text: '$.output.message.content[*].text',
		inputTokens: '$.usage.inputTokens',
		outputTokens: '$.usage.outputTokens',
		stopReason: '$.stopReason',
	},
	readStream(chunk) {
		if (isObject(chunk.contentBlockDelta)) {
			const delta = chunk.contentBlockDelta.delta;
			return isObject(delta) ? { text: str(delta.text) } : {};
		}
		if (isObject(chunk.messageStop)) return { stopReason: str(chunk.messageStop.stopReason) };
		if (isObject(chunk.metadata)) {
			const usage = chunk.metadata.usage;
			return isObject(usage)
				? { inputTokens: num(usage.inputTokens), outputTokens: num(usage.outputTokens), done: true }
				: { done: true };
		}
		return {};
	},
	finalEvent: true,
	example: {
		schemaVersion: 'messages-v1',
		messages: [{ role: 'user', content: [{ text: '{{prompt}}' }] }],
		inferenceConfig: { maxTokens: 1024 },
	},
	assemble: (_chunks, totals) =>
		compact({
			output: { message: { role: 'assistant', content: [{ text: totals.text }] } },
			stopReason: totals.stopReason,
			usage: { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens },
		}),
};
