import {
	assembleChatCompletion,
	CHAT_COMPLETION_PATHS,
	readChatCompletion,
} from './chatCompletion';
import type { ModelFamilyDescriptor } from './types';

/** OpenAI gpt-oss and DeepSeek V3.x: the OpenAI chat-completion shape. */
export const openai: ModelFamilyDescriptor = {
	matches: (provider, model) =>
		provider === 'openai' || (provider === 'deepseek' && !model.startsWith('r1')),
	defaultPaths: CHAT_COMPLETION_PATHS,
	readStream: readChatCompletion,
	finalEvent: false,
	example: {
		messages: [{ role: 'user', content: '{{prompt}}' }],
		max_completion_tokens: 1024,
	},
	assemble: (chunks, totals) => assembleChatCompletion(chunks, totals),
};
