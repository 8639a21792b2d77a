import { assembleChatCompletion, readChatCompletion } from './chatCompletion';
import { isMistralTextCompletion } from './mistral';
import type { ModelFamilyDescriptor } from './types';

/** Mistral chat models: the chat-completion shape with `stop_reason`. */
export const mistralChat: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'mistral' && !isMistralTextCompletion(model),
	defaultPaths: {
		text: '$.choices[0].message.content',
		stopReason: '$.choices[0].stop_reason',
	},
	readStream: readChatCompletion,
	finalEvent: false,
	example: { messages: [{ role: 'user', content: '{{prompt}}' }], max_tokens: 1024 },
	assemble: (chunks, totals) => assembleChatCompletion(chunks, totals, 'stop_reason'),
};
