import { compact, isObject, str } from './json';
import type { ModelFamilyDescriptor } from './types';

/**
 * Cohere Command R: stream-start, text-generation (text), stream-end (finish_reason and the
 * whole response again, which must not be appended twice).
 */
export const cohere: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'cohere' && model.startsWith('command-r'),
	defaultPaths: {
		text: '$.text',
		stopReason: '$.finish_reason',
	},
	readStream(chunk) {
		if (chunk.event_type === 'stream-end' || chunk.is_finished === true) {
			return { stopReason: str(chunk.finish_reason), done: true };
		}
		if (chunk.event_type === undefined || chunk.event_type === 'text-generation') {
			return { text: str(chunk.text) };
		}
		return {};
	},
	finalEvent: false,
	example: { message: '{{prompt}}', max_tokens: 1024 },
	assemble(chunks, totals) {
		// stream-end repeats the whole response: the body as InvokeModel would have sent it.
		const end = chunks.find((chunk) => chunk.event_type === 'stream-end');
		if (end && isObject(end.response)) return end.response;
		return compact({ text: totals.text, finish_reason: totals.stopReason });
	},
};
