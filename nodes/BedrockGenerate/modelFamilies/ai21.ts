import {
	assembleChatCompletion,
	CHAT_COMPLETION_EXAMPLE,
	CHAT_COMPLETION_PATHS,
	readChatCompletion,
} from './chatCompletion';
import type { ModelFamilyDescriptor } from './types';

/** AI21 Jamba: the OpenAI chat-completion shape. */
export const ai21: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'ai21' && model.startsWith('jamba'),
	defaultPaths: CHAT_COMPLETION_PATHS,
	readStream: readChatCompletion,
	finalEvent: false,
	example: CHAT_COMPLETION_EXAMPLE,
	assemble: (chunks, totals) => assembleChatCompletion(chunks, totals),
};
