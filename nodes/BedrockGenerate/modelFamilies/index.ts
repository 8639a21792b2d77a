/**
 * Model families as the Generate node sees them: one per InvokeModel response shape, one file
 * per family (`{ matches, defaultPaths, readStream, finalEvent, example, assemble }`), listed in
 * {@link FAMILIES}. Adding a family is one file and one line here.
 *
 * Shapes follow the Amazon Bedrock user guide, "Inference request parameters and response fields
 * for foundation models" (model-parameters-*.html), one page per provider.
 */
import type { FieldMapping } from '../outputMapping';
import { ai21 } from './ai21';
import { anthropic } from './anthropic';
import { cohere } from './cohere';
import { deepseek } from './deepseek';
import { cohereEmbed, titanEmbed } from './embeddings';
import { compact, firstChoice, isObject, num } from './json';
import { llama } from './llama';
import { mistral } from './mistral';
import { mistralChat } from './mistralChat';
import { baseModelId } from './modelId';
import { nova } from './nova';
import { openai } from './openai';
import { titanText } from './titanText';
import type { Json, ModelFamilyDescriptor, OutputPaths, StreamDelta, StreamTotals } from './types';

export { baseModelId };
export type { ModelFamilyDescriptor, OutputPaths, StreamDelta, StreamTotals };

/** Models the ID does not reveal (application inference profiles, custom, imported models). */
const generic: ModelFamilyDescriptor = {
	matches: () => false,
	defaultPaths: {
		text: '$.output.text',
		inputTokens: '$.usage.input_tokens',
		outputTokens: '$.usage.output_tokens',
	},
	// The chunk's shape decides (see streamDelta).
	readStream: () => ({}),
	finalEvent: false,
	example: { prompt: '{{prompt}}' },
	assemble: (chunks, totals) =>
		chunks.length === 1
			? chunks[0]
			: compact({
					output: { text: totals.text },
					usage: { input_tokens: totals.inputTokens, output_tokens: totals.outputTokens },
				}),
};

/** Every family, in the order a model ID is matched. */
export const FAMILIES = {
	anthropic,
	nova,
	titanText,
	llama,
	mistral,
	mistralChat,
	cohere,
	ai21,
	deepseek,
	openai,
	titanEmbed,
	cohereEmbed,
	generic,
} as const satisfies Record<string, ModelFamilyDescriptor>;

export type ModelFamily = keyof typeof FAMILIES;

export const MODEL_FAMILIES = Object.keys(FAMILIES) as readonly ModelFamily[];

const each = <T>(pick: (family: ModelFamilyDescriptor) => T): Readonly<Record<ModelFamily, T>> =>
	Object.fromEntries(
		MODEL_FAMILIES.map((name) => [name, pick(FAMILIES[name] as ModelFamilyDescriptor)]),
	) as Record<ModelFamily, T>;

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
	return MODEL_FAMILIES.find((name) => FAMILIES[name].matches(provider, model)) ?? 'generic';
}

/** @public */
export const DEFAULT_PATHS: Readonly<Record<ModelFamily, Readonly<OutputPaths>>> = each(
	(family) => family.defaultPaths,
);

const PATH_FIELDS = ['text', 'inputTokens', 'outputTokens', 'stopReason', 'embedding'] as const;

/** A family's default paths as output mappings, named `text`, `inputTokens`… */
export function defaultMappings(family: ModelFamily): FieldMapping[] {
	const paths = DEFAULT_PATHS[family];
	return PATH_FIELDS.flatMap((name) => {
		const path = paths[name];
		return path ? [{ name, path }] : [];
	});
}

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
	const delta: StreamDelta = shape ? FAMILIES[shape].readStream(chunk) : {};
	const metrics = chunk[INVOCATION_METRICS];
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

/** Whether the stream said everything: its final event, or for the others at least a stop reason. */
export function isStreamComplete(family: ModelFamily, totals: StreamTotals): boolean {
	if (totals.done) return true;
	return !FAMILIES[family].finalEvent && totals.stopReason !== undefined;
}

/**
 * The InvokeModel body a whole stream stands for, in the family's own shape (for `generic`, the
 * shape the chunks show), so one JSONPath mapping reads the same fields streamed or not. The
 * invocation metrics of the last chunk are kept as `amazon-bedrock-invocationMetrics`.
 */
export function assembleBody(
	family: ModelFamily,
	chunks: readonly unknown[],
	totals: StreamTotals,
): Json {
	const objects = chunks.filter(isObject);
	const shape =
		family === 'generic'
			? (objects.map(streamShape).find((found) => found !== undefined) ?? 'generic')
			: family;
	const body = FAMILIES[shape].assemble(objects, totals);
	// Latency and counts Bedrock adds to the last chunk (InvokeModel sends them as headers).
	const metrics = [...objects].reverse().find((chunk) => isObject(chunk[INVOCATION_METRICS]));
	return metrics ? { ...body, [INVOCATION_METRICS]: metrics[INVOCATION_METRICS] } : body;
}

const INVOCATION_METRICS = 'amazon-bedrock-invocationMetrics';

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

/**
 * A minimal request body per family with a `{{prompt}}` placeholder, for the node's default and
 * hints. Each renders to valid JSON with only `prompt` defined.
 * @public
 */
export const EXAMPLE_TEMPLATES: Readonly<Record<ModelFamily, string>> = each((family) =>
	JSON.stringify(family.example, null, 2),
);
