/**
 * InvokeModel answers in each model family's native format: the echo of the prompt as a whole
 * body (InvokeModel) or as the family's stream chunks (InvokeModelWithResponseStream), and Titan
 * Embed's deterministic embedding.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters.html
 */
import { createHash, randomBytes } from 'node:crypto';

import { converseAnswer } from './converse';
import { wordPieces } from './converseStream';
import type { Family, NativePrompt } from './nativeRequest';

type Json = Record<string, unknown>;

/** Why the echo stopped: the end, the token limit, or a stop sequence. */
type Reason = 'end' | 'max' | 'stop';

/** The echo model's answer to a native request. */
export interface NativeAnswer {
	text: string;
	reason: Reason;
	/** The stop sequence that cut the answer, if one did. */
	stopSequence?: string;
	inputTokens: number;
	outputTokens: number;
	latencyMs: number;
	/** Prompt tokens read from and written to the cache (not in `inputTokens`). */
	cache?: { read: number; write: number };
}

const REASONS: Record<Exclude<Family, 'titan-embed'>, Record<Reason, string>> = {
	'anthropic-messages': { end: 'end_turn', max: 'max_tokens', stop: 'stop_sequence' },
	'anthropic-text': { end: 'stop_sequence', max: 'max_tokens', stop: 'stop_sequence' },
	nova: { end: 'end_turn', max: 'max_tokens', stop: 'stop_sequence' },
	'titan-text': { end: 'FINISH', max: 'LENGTH', stop: 'STOP_CRITERIA_MET' },
	llama: { end: 'stop', max: 'length', stop: 'stop' },
	'mistral-text': { end: 'stop', max: 'length', stop: 'stop' },
	'mistral-chat': { end: 'stop', max: 'length', stop: 'stop' },
	cohere: { end: 'COMPLETE', max: 'MAX_TOKENS', stop: 'COMPLETE' },
	jamba: { end: 'stop', max: 'length', stop: 'stop' },
	deepseek: { end: 'stop', max: 'length', stop: 'stop' },
};

/** Runs the echo model on a native prompt (same rules as Converse: words are tokens). */
export function nativeAnswer(prompt: NativePrompt): NativeAnswer {
	const echo = converseAnswer({
		messages: [{ role: 'user', content: [{ text: prompt.text }] }],
		system: prompt.system ? [{ text: prompt.system }] : [],
		maxTokens: prompt.maxTokens,
		stopSequences: prompt.stopSequences,
	});
	const full = `Echo: ${prompt.text}`;
	const reason: Reason =
		echo.stopReason === 'max_tokens' ? 'max' : echo.stopReason === 'stop_sequence' ? 'stop' : 'end';
	return {
		text: echo.text,
		reason,
		stopSequence:
			reason === 'stop' ? prompt.stopSequences.find((s) => full.includes(s)) : undefined,
		inputTokens: echo.inputTokens,
		outputTokens: prompt.family === 'titan-embed' ? 0 : echo.outputTokens,
		latencyMs: 100 + 10 * echo.outputTokens,
	};
}

/** A deterministic embedding of text: `dimensions` numbers in [-1, 1], optionally unit length. */
export function embed(text: string, dimensions: number, normalize: boolean): number[] {
	const out: number[] = [];
	for (let block = 0; out.length < dimensions; block++) {
		const digest = createHash('sha256').update(`${block}:${text}`).digest();
		for (let i = 0; i + 1 < digest.length && out.length < dimensions; i += 2) {
			out.push(digest.readInt16BE(i) / 32768);
		}
	}
	if (!normalize) return out;
	const norm = Math.sqrt(out.reduce((s, v) => s + v * v, 0)) || 1;
	return out.map((v) => v / norm);
}

const id = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/** The Anthropic model name inside a model ID: `anthropic.claude-x-v1:0` → `claude-x`. */
const anthropicModel = (modelId: string) =>
	(modelId.split('.').pop() ?? modelId).replace(/-v\d+(:\d+)?$/, '');

/** The InvokeModel body for an answer, in the prompt's family format. */
export function nativeBody(prompt: NativePrompt, answer: NativeAnswer, modelId: string): Json {
	const { text, inputTokens, outputTokens } = answer;
	if (prompt.family === 'titan-embed') {
		const embedding = embed(prompt.text, prompt.dimensions, prompt.normalize);
		return { embedding, embeddingsByType: { float: embedding }, inputTextTokenCount: inputTokens };
	}
	const reason = REASONS[prompt.family][answer.reason];
	switch (prompt.family) {
		case 'anthropic-messages':
			return {
				id: id('msg_bdrk_'),
				type: 'message',
				role: 'assistant',
				model: anthropicModel(modelId),
				content: [{ type: 'text', text }],
				stop_reason: reason,
				stop_sequence: answer.stopSequence ?? null,
				usage: {
					input_tokens: inputTokens,
					output_tokens: outputTokens,
					...(answer.cache
						? {
								cache_read_input_tokens: answer.cache.read,
								cache_creation_input_tokens: answer.cache.write,
							}
						: {}),
				},
			};
		case 'anthropic-text':
			return {
				type: 'completion',
				completion: ` ${text}`,
				stop_reason: reason,
				stop: answer.stopSequence ?? '\n\nHuman:',
			};
		case 'nova':
			return {
				output: { message: { role: 'assistant', content: [{ text }] } },
				stopReason: reason,
				usage: {
					inputTokens,
					outputTokens,
					totalTokens: inputTokens + outputTokens,
					cacheReadInputTokenCount: answer.cache?.read ?? 0,
					cacheWriteInputTokenCount: answer.cache?.write ?? 0,
				},
			};
		case 'titan-text':
			return {
				inputTextTokenCount: inputTokens,
				results: [{ tokenCount: outputTokens, outputText: text, completionReason: reason }],
			};
		case 'llama':
			return {
				generation: text,
				prompt_token_count: inputTokens,
				generation_token_count: outputTokens,
				stop_reason: reason,
			};
		case 'mistral-text':
			return { outputs: [{ text, stop_reason: reason }] };
		case 'mistral-chat':
			return {
				choices: [{ index: 0, message: { role: 'assistant', content: text }, stop_reason: reason }],
			};
		case 'cohere':
			return {
				response_id: id(''),
				text,
				generation_id: id(''),
				chat_history: [
					{ role: 'USER', message: prompt.text },
					{ role: 'CHATBOT', message: text },
				],
				finish_reason: reason,
			};
		case 'jamba':
			return {
				id: id('chat-'),
				choices: [
					{ index: 0, message: { role: 'assistant', content: text }, finish_reason: reason },
				],
				usage: {
					prompt_tokens: inputTokens,
					completion_tokens: outputTokens,
					total_tokens: inputTokens + outputTokens,
				},
			};
		case 'deepseek':
			return { choices: [{ text, stop_reason: reason }] };
	}
}

/**
 * The InvokeModelWithResponseStream chunk payloads for an answer, in the family's stream format
 * (the caller adds `amazon-bedrock-invocationMetrics` to the last one).
 */
export function nativeStreamChunks(
	prompt: NativePrompt,
	answer: NativeAnswer,
	modelId: string,
): Json[] {
	if (prompt.family === 'titan-embed') return [nativeBody(prompt, answer, modelId)];
	const reason = REASONS[prompt.family][answer.reason];
	const pieces = wordPieces(answer.text);
	const last = pieces.length - 1;
	const { inputTokens, outputTokens } = answer;
	let sent = 0;
	const perPiece = (make: (text: string, i: number, isLast: boolean) => Json) =>
		pieces.map((text, i) => {
			sent += 1;
			return make(text, i, i === last);
		});
	switch (prompt.family) {
		case 'anthropic-messages': {
			const messageId = id('msg_bdrk_');
			return [
				{
					type: 'message_start',
					message: {
						id: messageId,
						type: 'message',
						role: 'assistant',
						model: anthropicModel(modelId),
						content: [],
						stop_reason: null,
						stop_sequence: null,
						usage: { input_tokens: inputTokens, output_tokens: 1 },
					},
				},
				{ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
				...pieces.map((text) => ({
					type: 'content_block_delta',
					index: 0,
					delta: { type: 'text_delta', text },
				})),
				{ type: 'content_block_stop', index: 0 },
				{
					type: 'message_delta',
					delta: { stop_reason: reason, stop_sequence: answer.stopSequence ?? null },
					usage: { output_tokens: outputTokens },
				},
				{ type: 'message_stop' },
			];
		}
		case 'anthropic-text':
			return perPiece((text, _i, isLast) => ({
				completion: text,
				stop_reason: isLast ? reason : null,
				stop: isLast ? (answer.stopSequence ?? '\n\nHuman:') : null,
			}));
		case 'nova':
			return [
				{ messageStart: { role: 'assistant' } },
				...pieces.map((text) => ({ contentBlockDelta: { delta: { text }, contentBlockIndex: 0 } })),
				{ contentBlockStop: { contentBlockIndex: 0 } },
				{ messageStop: { stopReason: reason } },
				{ metadata: { usage: { inputTokens, outputTokens }, metrics: {}, trace: {} } },
			];
		case 'titan-text':
			return perPiece((text, i, isLast) => ({
				outputText: text,
				index: 0,
				totalOutputTextTokenCount: sent,
				completionReason: isLast ? reason : null,
				inputTextTokenCount: i === 0 ? inputTokens : null,
			}));
		case 'llama':
			return perPiece((text, i, isLast) => ({
				generation: text,
				prompt_token_count: i === 0 ? inputTokens : null,
				generation_token_count: sent,
				stop_reason: isLast ? reason : null,
			}));
		case 'mistral-text':
			return perPiece((text, _i, isLast) => ({
				outputs: [{ text, stop_reason: isLast ? reason : null }],
			}));
		case 'mistral-chat':
			return perPiece((text, _i, isLast) => ({
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: text },
						stop_reason: isLast ? reason : null,
					},
				],
			}));
		case 'cohere':
			return [
				...pieces.map((text) => ({ is_finished: false, event_type: 'text-generation', text })),
				{
					is_finished: true,
					event_type: 'stream-end',
					finish_reason: reason,
					response: { response_id: id(''), text: answer.text, finish_reason: reason },
				},
			];
		case 'jamba': {
			const chatId = id('chat-');
			return perPiece((text, _i, isLast) => ({
				id: chatId,
				choices: [{ index: 0, delta: { content: text }, finish_reason: isLast ? reason : null }],
				...(isLast
					? {
							usage: {
								prompt_tokens: inputTokens,
								completion_tokens: outputTokens,
								total_tokens: inputTokens + outputTokens,
							},
						}
					: {}),
			}));
		}
		case 'deepseek':
			return perPiece((text, _i, isLast) => ({
				choices: [{ text, stop_reason: isLast ? reason : null }],
			}));
	}
}
