/**
 * Model families as the Generate node sees them: one per InvokeModel response shape. A family
 * gives the default output paths, how to read a streaming chunk and an example request body.
 *
 * Shapes follow the Amazon Bedrock user guide, "Inference request parameters and response fields
 * for foundation models" (model-parameters-*.html), one page per provider.
 */
import type { FieldMapping } from './outputMapping';

export type ModelFamily =
	| 'anthropic'
	| 'nova'
	| 'titanText'
	| 'llama'
	| 'mistral'
	| 'mistralChat'
	| 'cohere'
	| 'ai21'
	| 'deepseek'
	| 'openai'
	| 'titanEmbed'
	| 'cohereEmbed'
	| 'generic';

export const MODEL_FAMILIES: readonly ModelFamily[] = [
	'anthropic',
	'nova',
	'titanText',
	'llama',
	'mistral',
	'mistralChat',
	'cohere',
	'ai21',
	'deepseek',
	'openai',
	'titanEmbed',
	'cohereEmbed',
	'generic',
];

/** Providers that prefix foundation model IDs (`anthropic.claude-…`). */
const PROVIDERS = new Set([
	'ai21',
	'amazon',
	'anthropic',
	'cohere',
	'deepseek',
	'google',
	'luma',
	'meta',
	'minimax',
	'mistral',
	'moonshot',
	'moonshotai',
	'nvidia',
	'openai',
	'qwen',
	'stability',
	'twelvelabs',
	'writer',
]);

/** Mistral models that only speak the text-completion API (`prompt` in, `outputs[]` out). */
const MISTRAL_TEXT_COMPLETION = [
	'mistral-7b-instruct',
	'mixtral-8x7b-instruct',
	'mistral-large-2402',
	'mistral-small-2402',
];

/**
 * The foundation model ID behind a model reference, or undefined when the reference does not
 * name one: `us.anthropic.claude-…` → `anthropic.claude-…`, a foundation-model or system-defined
 * inference-profile ARN → its ID; application inference profiles, provisioned throughput,
 * custom and imported models → undefined.
 */
export function baseModelId(modelId: string): string | undefined {
	let id = modelId.trim();
	if (id.startsWith('arn:')) {
		const match = /^arn:[a-z-]+:bedrock:[a-z0-9-]*:\d*:([a-z-]+)\/(.+)$/.exec(id);
		if (!match) return undefined;
		const [, type, resource] = match;
		if (!['foundation-model', 'inference-profile', 'default-prompt-router'].includes(type)) {
			return undefined;
		}
		id = resource;
	}
	const parts = id.toLowerCase().split('.');
	// A geographic prefix (us., eu., apac., jp., au., us-gov., global. and any new one) comes
	// before a provider; a bare ID starts with the provider itself.
	if (parts.length >= 3 && !PROVIDERS.has(parts[0]) && PROVIDERS.has(parts[1])) {
		if (!/^[a-z]{2,8}(-[a-z]{2,5})?$/.test(parts[0])) return undefined;
		parts.shift();
	}
	return PROVIDERS.has(parts[0]) ? parts.join('.') : undefined;
}

/**
 * The response family of a model ID, cross-Region inference profile ID (`us.`, `eu.`, `apac.`,
 * `jp.`, `au.`, `us-gov.`, `global.` …) or ARN. ARNs that hide the model (application inference
 * profiles, provisioned throughput, custom and imported models, prompts) are `generic`; use
 * {@link detectFamily} on the first response to learn more.
 * @public
 */
export function familyOf(modelId: string): ModelFamily {
	const id = baseModelId(modelId);
	if (!id) return 'generic';
	const dot = id.indexOf('.');
	const provider = id.slice(0, dot);
	const model = id.slice(dot + 1);
	switch (provider) {
		case 'anthropic':
			return 'anthropic';
		case 'amazon':
			if (/^nova(-|:|$)/.test(model)) {
				return /canvas|reel|sonic|embed/.test(model) ? 'generic' : 'nova';
			}
			if (/^titan-(text|tg1)/.test(model)) return 'titanText';
			if (/^titan-embed/.test(model)) return 'titanEmbed';
			return 'generic';
		case 'meta':
			return model.startsWith('llama') ? 'llama' : 'generic';
		case 'mistral':
			return MISTRAL_TEXT_COMPLETION.some((name) => model.startsWith(name))
				? 'mistral'
				: 'mistralChat';
		case 'cohere':
			if (model.startsWith('command-r')) return 'cohere';
			if (model.startsWith('embed')) return 'cohereEmbed';
			return 'generic';
		case 'ai21':
			return model.startsWith('jamba') ? 'ai21' : 'generic';
		case 'deepseek':
			// R1 answers as a text completion; V3.x use the OpenAI chat-completions shape.
			return model.startsWith('r1') ? 'deepseek' : 'openai';
		case 'openai':
			return 'openai';
		default:
			return 'generic';
	}
}

/**
 * JSONPath expressions that read a family's response body. `text` is absent for embedding
 * families, `embedding` present only for them. `[*]` is used where a content array may start
 * with a reasoning or tool block, so only blocks that carry text are read.
 */
export interface OutputPaths {
	text?: string;
	inputTokens?: string;
	outputTokens?: string;
	stopReason?: string;
	embedding?: string;
}

const OPENAI_CHAT: OutputPaths = {
	text: '$.choices[0].message.content',
	inputTokens: '$.usage.prompt_tokens',
	outputTokens: '$.usage.completion_tokens',
	stopReason: '$.choices[0].finish_reason',
};

/** @public */
export const DEFAULT_PATHS: Readonly<Record<ModelFamily, Readonly<OutputPaths>>> = {
	// Messages API: content blocks (text, thinking, tool_use…), usage, stop_reason.
	anthropic: {
		text: '$.content[*].text',
		inputTokens: '$.usage.input_tokens',
		outputTokens: '$.usage.output_tokens',
		stopReason: '$.stop_reason',
	},
	// Nova: output.message.content blocks (text, reasoningContent, toolUse…).
	nova: {
		text: '$.output.message.content[*].text',
		inputTokens: '$.usage.inputTokens',
		outputTokens: '$.usage.outputTokens',
		stopReason: '$.stopReason',
	},
	titanText: {
		text: '$.results[0].outputText',
		inputTokens: '$.inputTextTokenCount',
		outputTokens: '$.results[0].tokenCount',
		stopReason: '$.results[0].completionReason',
	},
	llama: {
		text: '$.generation',
		inputTokens: '$.prompt_token_count',
		outputTokens: '$.generation_token_count',
		stopReason: '$.stop_reason',
	},
	mistral: {
		text: '$.outputs[0].text',
		stopReason: '$.outputs[0].stop_reason',
	},
	mistralChat: {
		text: '$.choices[0].message.content',
		stopReason: '$.choices[0].stop_reason',
	},
	cohere: {
		text: '$.text',
		stopReason: '$.finish_reason',
	},
	ai21: OPENAI_CHAT,
	deepseek: {
		text: '$.choices[0].text',
		stopReason: '$.choices[0].stop_reason',
	},
	openai: OPENAI_CHAT,
	titanEmbed: {
		embedding: '$.embedding',
		inputTokens: '$.inputTextTokenCount',
	},
	cohereEmbed: {
		embedding: '$.embeddings',
	},
	generic: {
		text: '$.output.text',
		inputTokens: '$.usage.input_tokens',
		outputTokens: '$.usage.output_tokens',
	},
};

const PATH_FIELDS = ['text', 'inputTokens', 'outputTokens', 'stopReason', 'embedding'] as const;

/** A family's default paths as output mappings, named `text`, `inputTokens`… */
export function defaultMappings(family: ModelFamily): FieldMapping[] {
	const paths = DEFAULT_PATHS[family];
	return PATH_FIELDS.flatMap((name) => {
		const path = paths[name];
		return path ? [{ name, path }] : [];
	});
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const firstChoice = (chunk: Json): Json | undefined =>
	Array.isArray(chunk.choices) && isObject(chunk.choices[0]) ? chunk.choices[0] : undefined;

/**
 * What one stream chunk adds. `text` is a piece to append; token counts and `stopReason` are the
 * latest totals known (later chunks overwrite earlier ones); `done` means the chunk is the last
 * one the model sends. Merge with {@link mergeStreamDelta}.
 */
export interface StreamDelta {
	text?: string;
	inputTokens?: number;
	outputTokens?: number;
	stopReason?: string;
	done?: boolean;
}

type ChunkReader = (chunk: Json) => StreamDelta;

// Anthropic: message_start (usage), content_block_delta (text_delta; thinking and tool input
// deltas are not text), message_delta (stop_reason, cumulative output usage), message_stop.
const readAnthropic: ChunkReader = (chunk) => {
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
};

// Nova: messageStart, contentBlockDelta (text; reasoningContent is not text), contentBlockStop,
// messageStop (stopReason), metadata (usage) last.
const readNova: ChunkReader = (chunk) => {
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
};

// Titan Text: each chunk carries outputText and running counts; completionReason on the last.
const readTitanText: ChunkReader = (chunk) => ({
	text: str(chunk.outputText),
	inputTokens: num(chunk.inputTextTokenCount),
	outputTokens: num(chunk.totalOutputTextTokenCount),
	stopReason: str(chunk.completionReason),
});

// Llama: generation pieces; prompt_token_count on the first chunk, generation_token_count
// cumulative, stop_reason on the last.
const readLlama: ChunkReader = (chunk) => ({
	text: str(chunk.generation),
	inputTokens: num(chunk.prompt_token_count),
	outputTokens: num(chunk.generation_token_count),
	stopReason: str(chunk.stop_reason),
});

// Mistral text completion: outputs[0].text pieces, outputs[0].stop_reason at the end.
const readMistral: ChunkReader = (chunk) => {
	const output = Array.isArray(chunk.outputs) && isObject(chunk.outputs[0]) ? chunk.outputs[0] : {};
	return { text: str(output.text), stopReason: str(output.stop_reason) };
};

// OpenAI chat-completion chunks (gpt-oss, Jamba, DeepSeek V3, Mistral chat): choices[0].delta
// (or .message on Mistral) with content; finish_reason / stop_reason; usage on the last chunk.
const readChatCompletion: ChunkReader = (chunk) => {
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
};

// DeepSeek R1: choices[0].text pieces, choices[0].stop_reason at the end.
const readDeepSeek: ChunkReader = (chunk) => {
	const choice = firstChoice(chunk) ?? {};
	return { text: str(choice.text), stopReason: str(choice.stop_reason) };
};

// Cohere Command R: stream-start, text-generation (text), stream-end (finish_reason and the
// whole response again, which must not be appended twice).
const readCohere: ChunkReader = (chunk) => {
	if (chunk.event_type === 'stream-end' || chunk.is_finished === true) {
		return { stopReason: str(chunk.finish_reason), done: true };
	}
	if (chunk.event_type === undefined || chunk.event_type === 'text-generation') {
		return { text: str(chunk.text) };
	}
	return {};
};

const READERS: Record<Exclude<ModelFamily, 'generic'>, ChunkReader> = {
	anthropic: readAnthropic,
	nova: readNova,
	titanText: readTitanText,
	llama: readLlama,
	mistral: readMistral,
	mistralChat: readChatCompletion,
	cohere: readCohere,
	ai21: readChatCompletion,
	deepseek: readDeepSeek,
	openai: readChatCompletion,
	titanEmbed: () => ({}),
	cohereEmbed: () => ({}),
};

const ANTHROPIC_EVENTS = new Set([
	'message_start',
	'content_block_start',
	'content_block_delta',
	'content_block_stop',
	'message_delta',
	'message_stop',
	'ping',
]);

/** Guesses a text family from one stream chunk's shape, for models known only as `generic`. */
function streamShape(chunk: Json): Exclude<ModelFamily, 'generic'> | undefined {
	if (typeof chunk.type === 'string' && ANTHROPIC_EVENTS.has(chunk.type)) return 'anthropic';
	if (
		['messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'].some(
			(k) => k in chunk,
		)
	) {
		return 'nova';
	}
	const choice = firstChoice(chunk);
	if (choice) return 'text' in choice && !('delta' in choice) ? 'deepseek' : 'openai';
	if ('outputText' in chunk) return 'titanText';
	if ('generation' in chunk) return 'llama';
	if (Array.isArray(chunk.outputs)) return 'mistral';
	if ('event_type' in chunk || 'is_finished' in chunk) return 'cohere';
	return undefined;
}

/**
 * Extracts the text delta, usage and stop reason from one InvokeModelWithResponseStream chunk
 * (`chunk.bytes` already decoded and JSON-parsed) for a family. For `generic` the chunk's shape
 * decides. The `amazon-bedrock-invocationMetrics` object Bedrock adds to the last chunk wins
 * over the model's own counts and marks the chunk as the last.
 *
 * @example
 * ```ts
 * let totals = emptyStreamTotals();
 * for await (const event of response.body) {
 * 	if (event.chunk?.bytes) {
 * 		const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
 * 		totals = mergeStreamDelta(totals, streamDelta(family, chunk));
 * 	}
 * }
 * ```
 * @public
 */
export function streamDelta(family: ModelFamily, chunk: unknown): StreamDelta {
	if (!isObject(chunk)) return {};
	const shape = family === 'generic' ? streamShape(chunk) : family;
	const delta: StreamDelta = shape ? READERS[shape](chunk) : {};
	const metrics = chunk['amazon-bedrock-invocationMetrics'];
	if (isObject(metrics)) {
		const input = num(metrics.inputTokenCount);
		const output = num(metrics.outputTokenCount);
		if (input !== undefined) delta.inputTokens = input;
		if (output !== undefined) delta.outputTokens = output;
		delta.done = true;
	}
	const result: StreamDelta = {};
	if (delta.text) result.text = delta.text;
	if (delta.inputTokens !== undefined) result.inputTokens = delta.inputTokens;
	if (delta.outputTokens !== undefined) result.outputTokens = delta.outputTokens;
	if (delta.stopReason) result.stopReason = delta.stopReason;
	if (delta.done) result.done = true;
	return result;
}

/** Everything a stream said so far. */
export interface StreamTotals {
	text: string;
	inputTokens?: number;
	outputTokens?: number;
	stopReason?: string;
	done: boolean;
}

export function emptyStreamTotals(): StreamTotals {
	return { text: '', done: false };
}

/** Appends a delta's text and takes its counts and stop reason as the latest. Returns a new object. */
export function mergeStreamDelta(totals: StreamTotals, delta: StreamDelta): StreamTotals {
	return {
		text: delta.text ? totals.text + delta.text : totals.text,
		inputTokens: delta.inputTokens ?? totals.inputTokens,
		outputTokens: delta.outputTokens ?? totals.outputTokens,
		stopReason: delta.stopReason ?? totals.stopReason,
		done: totals.done || delta.done === true,
	};
}

/** Merges a whole sequence of parsed chunks. */
export function collectStream(family: ModelFamily, chunks: Iterable<unknown>): StreamTotals {
	let totals = emptyStreamTotals();
	for (const chunk of chunks) totals = mergeStreamDelta(totals, streamDelta(family, chunk));
	return totals;
}

/**
 * Guesses the family from a non-streaming response body, for models whose ID does not say
 * (application inference profiles, custom and imported models). Undefined when no known shape
 * matches.
 */
export function detectFamily(response: unknown): ModelFamily | undefined {
	if (!isObject(response)) return undefined;
	if (response.type === 'message' && Array.isArray(response.content)) return 'anthropic';
	if (isObject(response.output) && isObject(response.output.message)) return 'nova';
	if (Array.isArray(response.results) && 'inputTextTokenCount' in response) return 'titanText';
	if (Array.isArray(response.embedding)) return 'titanEmbed';
	if ('embeddings' in response) return 'cohereEmbed';
	if (typeof response.generation === 'string') return 'llama';
	if (Array.isArray(response.outputs)) return 'mistral';
	const choice = firstChoice(response);
	if (choice) {
		if (typeof choice.text === 'string') return 'deepseek';
		if (isObject(choice.message)) return 'stop_reason' in choice ? 'mistralChat' : 'openai';
	}
	if (typeof response.text === 'string' && 'finish_reason' in response) return 'cohere';
	return undefined;
}

const pretty = (body: unknown) => JSON.stringify(body, null, 2);

/**
 * A minimal request body per family with a `{{prompt}}` placeholder, for the node's default and
 * hints. Each renders to valid JSON with only `prompt` defined.
 * @public
 */
export const EXAMPLE_TEMPLATES: Readonly<Record<ModelFamily, string>> = {
	anthropic: pretty({
		anthropic_version: 'bedrock-2023-05-31',
		max_tokens: 1024,
		messages: [{ role: 'user', content: [{ type: 'text', text: '{{prompt}}' }] }],
	}),
	nova: pretty({
		schemaVersion: 'messages-v1',
		messages: [{ role: 'user', content: [{ text: '{{prompt}}' }] }],
		inferenceConfig: { maxTokens: 1024 },
	}),
	titanText: pretty({
		inputText: 'User: {{prompt}}\nBot:',
		textGenerationConfig: { maxTokenCount: 1024, temperature: 0.7 },
	}),
	llama: pretty({
		prompt:
			'<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{{prompt}}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
		max_gen_len: 1024,
		temperature: 0.5,
	}),
	mistral: pretty({ prompt: '<s>[INST] {{prompt}} [/INST]', max_tokens: 1024 }),
	mistralChat: pretty({ messages: [{ role: 'user', content: '{{prompt}}' }], max_tokens: 1024 }),
	cohere: pretty({ message: '{{prompt}}', max_tokens: 1024 }),
	ai21: pretty({ messages: [{ role: 'user', content: '{{prompt}}' }], max_tokens: 1024 }),
	deepseek: pretty({
		prompt: '<｜begin▁of▁sentence｜><｜User｜>{{prompt}}<｜Assistant｜><think>\n',
		max_tokens: 4096,
	}),
	openai: pretty({
		messages: [{ role: 'user', content: '{{prompt}}' }],
		max_completion_tokens: 1024,
	}),
	titanEmbed: pretty({ inputText: '{{prompt}}' }),
	cohereEmbed: pretty({ texts: ['{{prompt}}'], input_type: 'search_document' }),
	generic: pretty({ prompt: '{{prompt}}' }),
};
