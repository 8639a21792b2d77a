import { compact, firstChoice, firstWith, isObject, num, str } from './json';
import type { Json, OutputPaths, StreamDelta, StreamTotals } from './types';

/** The OpenAI chat-completions body: gpt-oss, Jamba, DeepSeek V3. */
export const CHAT_COMPLETION_PATHS: OutputPaths = {
	text: '$.choices[0].message.content',
	inputTokens: '$.usage.prompt_tokens',
	outputTokens: '$.usage.completion_tokens',
	stopReason: '$.choices[0].finish_reason',
};

export const CHAT_COMPLETION_EXAMPLE = {
	messages: [{ role: 'user', content: '{{prompt}}' }],
	max_tokens: 1024,
};

/**
 * OpenAI chat-completion chunks (gpt-oss, Jamba, DeepSeek V3, Mistral chat): choices[0].delta
 * (or .message on Mistral) with content; finish_reason / stop_reason; usage on the last chunk.
 */
export function readChatCompletion(chunk: Json): StreamDelta {
	const choice = firstChoice(chunk) ?? {};
	const part = isObject(choice.delta)
		? choice.delta
		: isObject(choice.message)
			? choice.message
			: {};
	const usage = isObject(chunk.usage) ? chunk.usage : {};
	return {
		text: str(part.content),
		stopReason: str(choice.finish_reason) ?? str(choice.stop_reason),
		inputTokens: num(usage.prompt_tokens),
		outputTokens: num(usage.completion_tokens),
	};
}

/**
 * The chat-completion body of a stream: the id and model the chunks state, one message.
 * @param stopReasonKey - `finish_reason` (OpenAI) or `stop_reason` (Mistral chat).
 */
export function assembleChatCompletion(
	chunks: readonly Json[],
	totals: StreamTotals,
	stopReasonKey: 'finish_reason' | 'stop_reason' = 'finish_reason',
): Json {
	return compact({
		id: firstWith(chunks, 'id')?.id,
		model: firstWith(chunks, 'model')?.model,
		choices: [
			{
				index: 0,
				message: { role: 'assistant', content: totals.text },
				[stopReasonKey]: totals.stopReason,
			},
		],
		usage:
			totals.inputTokens === undefined && totals.outputTokens === undefined
				? undefined
				: { prompt_tokens: totals.inputTokens, completion_tokens: totals.outputTokens },
	});
}
