/**
 * InvokeModel request bodies in each model family's native format: which family a model ID
 * belongs to, the keys its body must have, and where the prompt text, system prompt, token limit
 * and stop sequences are. The echo model then answers the last user text it finds.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters.html
 */
import { ApiError } from './protocol';

type Json = Record<string, unknown>;

/** Native request/response formats InvokeModel speaks. */
export type Family =
	| 'anthropic-messages'
	| 'anthropic-text'
	| 'nova'
	| 'titan-text'
	| 'titan-embed'
	| 'llama'
	| 'mistral-text'
	| 'mistral-chat'
	| 'cohere'
	| 'jamba'
	| 'deepseek';

/** What the echo model needs from a native request. */
export interface NativePrompt {
	family: Family;
	/** The last user text found in the request (media mentioned like Converse does). */
	text: string;
	/** The system prompt, if any. */
	system: string;
	maxTokens?: number;
	stopSequences: string[];
	/** Titan Embed: vector length (256, 512 or 1024) and whether to normalise it. */
	dimensions: number;
	normalize: boolean;
}

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

const malformed = (detail: string) =>
	new ApiError(
		400,
		'ValidationException',
		`Malformed input request: ${detail}, please reformat your input and try again.`,
	);

/** The family of a (catalog) model ID, given the body (some providers have two formats). */
export function familyOf(modelId: string, body: Json): Family {
	const [provider, name = ''] = modelId.split('.');
	switch (provider) {
		case 'anthropic':
			return 'messages' in body || !('prompt' in body) ? 'anthropic-messages' : 'anthropic-text';
		case 'amazon':
			if (name.startsWith('nova')) return 'nova';
			return name.startsWith('titan-embed') ? 'titan-embed' : 'titan-text';
		case 'meta':
			return 'llama';
		case 'mistral':
			return 'messages' in body ? 'mistral-chat' : 'mistral-text';
		case 'cohere':
			return 'cohere';
		case 'ai21':
			return 'jamba';
		case 'deepseek':
			return 'deepseek';
		default:
			throw new ApiError(
				400,
				'ValidationException',
				"This action doesn't support the model that you provided.",
			);
	}
}

const REQUIRED: Record<Family, string[]> = {
	'anthropic-messages': ['anthropic_version', 'max_tokens', 'messages'],
	'anthropic-text': ['prompt', 'max_tokens_to_sample'],
	nova: ['messages'],
	'titan-text': ['inputText'],
	'titan-embed': ['inputText'],
	llama: ['prompt'],
	'mistral-text': ['prompt'],
	'mistral-chat': ['messages'],
	cohere: ['message'],
	jamba: ['messages'],
	deepseek: ['prompt'],
};

/** Text of an Anthropic content value: a string, or text and image blocks. */
function anthropicText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return (content as Json[])
		.map((b) => {
			if (b.type === 'text') return String(b.text);
			if (b.type === 'image' && isObject(b.source)) {
				const data = typeof b.source.data === 'string' ? b.source.data : '';
				return `[${String(b.source.media_type)} ${Buffer.from(data, 'base64').length} bytes]`;
			}
			return '';
		})
		.filter((t) => t.length > 0)
		.join(' ');
}

/** Text of a Nova / Converse-like content list. */
const novaText = (content: unknown): string =>
	Array.isArray(content)
		? (content as Json[])
				.filter((b) => typeof b.text === 'string')
				.map((b) => b.text as string)
				.join(' ')
		: '';

/** The last `user` message of a message list, read with `read`. */
function lastUser(messages: unknown, read: (content: unknown) => string): string {
	if (!Array.isArray(messages) || messages.length === 0)
		throw malformed('#/messages: expected minimum item count: 1');
	const user = [...(messages as Json[])].reverse().find((m) => isObject(m) && m.role === 'user');
	if (!user) throw malformed('#/messages: a user message is required');
	return read(user.content);
}

/** The text between the last `open` marker and the following `close` marker, or all of it. */
function between(prompt: string, open: string, close: string): string {
	const at = prompt.lastIndexOf(open);
	if (at < 0) return prompt.trim();
	const rest = prompt.slice(at + open.length);
	const end = rest.indexOf(close);
	return (end < 0 ? rest : rest.slice(0, end)).trim();
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const strings = (v: unknown): string[] =>
	Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

/** Reads a native request body for a model; ValidationException when it is malformed. */
export function readNativeRequest(modelId: string, body: unknown): NativePrompt {
	if (!isObject(body)) throw malformed('expected a JSON object');
	const family = familyOf(modelId, body);
	for (const key of REQUIRED[family]) {
		if (!(key in body)) throw malformed(`#: required key [${key}] not found`);
	}
	const base = {
		family,
		system: '',
		stopSequences: [] as string[],
		dimensions: 1024,
		normalize: true,
	};
	switch (family) {
		case 'anthropic-messages':
			return {
				...base,
				text: lastUser(body.messages, anthropicText),
				system: anthropicText(body.system),
				maxTokens: num(body.max_tokens),
				stopSequences: strings(body.stop_sequences),
			};
		case 'anthropic-text':
			return {
				...base,
				text: between(String(body.prompt), 'Human:', '\n\nAssistant:'),
				maxTokens: num(body.max_tokens_to_sample),
				stopSequences: strings(body.stop_sequences),
			};
		case 'nova': {
			const config = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
			return {
				...base,
				text: lastUser(body.messages, novaText),
				system: novaText(body.system),
				maxTokens: num(config.maxTokens) ?? num(config.max_new_tokens),
				stopSequences: strings(config.stopSequences),
			};
		}
		case 'titan-text': {
			const config = isObject(body.textGenerationConfig) ? body.textGenerationConfig : {};
			return {
				...base,
				text: String(body.inputText),
				maxTokens: num(config.maxTokenCount),
				stopSequences: strings(config.stopSequences),
			};
		}
		case 'titan-embed': {
			const dimensions = body.dimensions ?? 1024;
			if (![256, 512, 1024].includes(dimensions as number)) {
				throw malformed(`#/dimensions: ${String(dimensions)} is not a valid enum value`);
			}
			return {
				...base,
				text: String(body.inputText),
				dimensions: dimensions as number,
				normalize: body.normalize !== false,
			};
		}
		case 'llama':
			return {
				...base,
				text: between(
					String(body.prompt),
					'<|start_header_id|>user<|end_header_id|>',
					'<|eot_id|>',
				),
				maxTokens: num(body.max_gen_len),
			};
		case 'mistral-text':
			return {
				...base,
				text: between(String(body.prompt), '[INST]', '[/INST]'),
				maxTokens: num(body.max_tokens),
				stopSequences: strings(body.stop),
			};
		case 'mistral-chat':
		case 'jamba':
			return {
				...base,
				text: lastUser(body.messages, (c) => (typeof c === 'string' ? c : novaText(c))),
				maxTokens: num(body.max_tokens),
				stopSequences: strings(body.stop),
			};
		case 'cohere':
			return {
				...base,
				text: String(body.message),
				system: typeof body.preamble === 'string' ? body.preamble : '',
				maxTokens: num(body.max_tokens),
				stopSequences: strings(body.stop_sequences),
			};
		case 'deepseek':
			return {
				...base,
				text: between(String(body.prompt), '<｜User｜>', '<｜Assistant｜>'),
				maxTokens: num(body.max_tokens),
				stopSequences: strings(body.stop),
			};
	}
}
