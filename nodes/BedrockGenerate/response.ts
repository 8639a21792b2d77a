/**
 * Reads what InvokeModel and InvokeModelWithResponseStream answered into the node's output: the
 * family's default fields (`text`, `usage`, `stopReason`, `embedding`),
 * custom fields read by JSONPath, images as files, and the raw answer on request.
 */
import type { ResponseStream } from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject } from 'n8n-workflow';

import { usageFields } from '../shared/modelOutput';
import { type ChunkSink } from '../shared/items/chunkSink';
import { guardCutOff, StreamCutOffError } from '../shared/errors/streamCutOff';
import { INVOKE_MODEL_STREAM } from '../shared/transport/origin';
import {
	assembleBody,
	defaultMappings,
	detectFamily,
	emptyStreamTotals,
	familyOf,
	isStreamComplete,
	mergeStreamDelta,
	streamDelta,
	type ModelFamily,
} from './modelFamilies';
import { cacheUsage } from './cacheUsage';
import { extension, imageFiles } from './images';
import { mapOutput, type FieldMapping } from './outputMapping';

export { imageFiles, sniffImage } from './images';

/** A file of the answer, for the item's binary data. */
export interface GeneratedFile {
	/** Binary property name: `image_0`, `image_1`… or `data`. */
	property: string;
	data: Buffer;
	mimeType: string;
	fileName: string;
}

export interface GenerateOutput {
	json: IDataObject;
	files: GeneratedFile[];
}

/** How to read an answer: the request's mapping choices. */
export interface ReadOptions {
	modelId: string;
	customFields: FieldMapping[];
	includeDefaults: boolean;
	includeRaw: boolean;
}

/** An answer the node cannot read; says why, never what the model wrote. */
export class GenerateResponseError extends Error {
	constructor(
		message: string,
		readonly description?: string,
	) {
		super(message);
		this.name = 'GenerateResponseError';
	}
}

/** Response headers Bedrock adds with the token counts of an InvokeModel call. */
export const TOKEN_HEADERS = {
	inputTokens: 'x-amzn-bedrock-input-token-count',
	outputTokens: 'x-amzn-bedrock-output-token-count',
} as const;

const isJsonType = (mediaType: string) => /^application\/([\w.-]+\+)?json\b/i.test(mediaType);
const isTextType = (mediaType: string) => /^text\//i.test(mediaType);

/**
 * Reads a non-streaming InvokeModel answer. A JSON body (by its content type) is mapped; text
 * is returned as `text`; any other content type as the binary property `data`.
 *
 * @param headers - Response headers, lower-case names; token counts fall back to them.
 */
export function readInvokeResponse(
	body: Uint8Array | undefined,
	contentType: string | undefined,
	headers: Record<string, string | undefined>,
	read: ReadOptions,
): GenerateOutput {
	const bytes = Buffer.from(body ?? new Uint8Array());
	const mediaType = (contentType ?? 'application/json').trim();
	if (!isJsonType(mediaType)) {
		if (isTextType(mediaType)) {
			return { json: { text: bytes.toString('utf8'), model: read.modelId }, files: [] };
		}
		return {
			json: { model: read.modelId, contentType: mediaType, bytes: bytes.length },
			files: [
				{
					property: 'data',
					data: bytes,
					mimeType: mediaType,
					fileName: `response.${extension(mediaType)}`,
				},
			],
		};
	}
	const parsed = parseJson(bytes);
	const family = resolveFamily(read.modelId, parsed);
	const json: IDataObject = read.includeDefaults ? defaultFields(parsed, family, headers) : {};
	if (read.includeDefaults) Object.assign(json, guardrailFields(parsed));
	Object.assign(json, mapOutput(parsed, read.customFields), { model: read.modelId });
	if (read.includeRaw) json.raw = parsed as IDataObject;
	return { json, files: imageFiles(parsed) };
}

/** JSON.parse without throwing: `ok: false` when the text is not JSON. */
function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

function parseJson(bytes: Buffer): unknown {
	const parsed = tryParse(new TextDecoder('utf-8').decode(bytes));
	if (!parsed.ok) {
		throw new GenerateResponseError(
			`The model answered with ${bytes.length} bytes that are not valid JSON`,
			'Set the Accept option to the media type the model returns (e.g. image/png or text/plain) to get the answer as it is.',
		);
	}
	return parsed.value;
}

/** The family of the model, or the one the body's shape shows for models the ID hides. */
export function resolveFamily(modelId: string, body: unknown): ModelFamily {
	const family = familyOf(modelId);
	return family === 'generic' ? (detectFamily(body) ?? 'generic') : family;
}

/**
 * The family's default fields read from a body: text parts joined, the token counts as `usage`
 * (from the body, else from Bedrock's response headers).
 *
 * @param headers - Response headers, lower-case names.
 */
export function defaultFields(
	body: unknown,
	family: ModelFamily,
	headers: Record<string, string | undefined> = {},
): IDataObject {
	const mapped = mapOutput(body, defaultMappings(family));
	const json: IDataObject = {};
	if ('text' in mapped) {
		const text = joinText(mapped.text);
		if (text !== undefined) json.text = text;
	}
	const usage = usageFields(
		toCount(mapped.inputTokens) ?? headerNumber(headers[TOKEN_HEADERS.inputTokens]),
		toCount(mapped.outputTokens) ?? headerNumber(headers[TOKEN_HEADERS.outputTokens]),
	);
	if (usage) json.usage = { ...usage, ...cacheUsage(body, family) };
	if (typeof mapped.stopReason === 'string') json.stopReason = mapped.stopReason;
	if ('embedding' in mapped) json.embedding = mapped.embedding as IDataObject[];
	return json;
}

/** One text from a single value or the text parts of several content blocks. */
function joinText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (Array.isArray(value)) {
		const parts = value.filter((part): part is string => typeof part === 'string');
		return parts.length ? parts.join('') : undefined;
	}
	return undefined;
}

function toCount(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	return headerNumber(typeof value === 'string' ? value : undefined);
}

function headerNumber(value: string | undefined): number | undefined {
	if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
	return Number(value);
}

/** What a guardrail did, when the body says (`amazon-bedrock-guardrailAction`, `-trace`). */
function guardrailFields(body: unknown): IDataObject {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
	const b = body as IDataObject;
	const out: IDataObject = {};
	if (typeof b['amazon-bedrock-guardrailAction'] === 'string') {
		out.guardrailAction = b['amazon-bedrock-guardrailAction'];
	}
	if (b['amazon-bedrock-trace'] !== undefined)
		out.guardrailTrace = b['amazon-bedrock-trace'] as IDataObject;
	return out;
}

/**
 * Reads an InvokeModelWithResponseStream answer: each chunk's text goes to `sink` as it arrives
 * and is aggregated per family (see `streamDelta`). Custom fields read the body the chunks stand
 * for (see `assembleBody`), as they read an InvokeModel body; `raw` is the list of parsed chunks.
 * Exceptions in the stream are thrown as the SDK gives them; a stream that ends without its
 * final event throws {@link StreamCutOffError}. `tokensUsed` hears the total once it ends.
 */
export async function readInvokeStream(
	events: AsyncIterable<ResponseStream> | undefined,
	read: ReadOptions,
	sink?: ChunkSink,
	tokensUsed?: (tokens: number | undefined) => void,
): Promise<GenerateOutput> {
	if (!events) {
		tokensUsed?.(undefined);
		throw new StreamCutOffError('the answer had no event stream', INVOKE_MODEL_STREAM);
	}
	const family = familyOf(read.modelId);
	const decoder = new TextDecoder('utf-8');
	const chunks: unknown[] = [];
	let totals = emptyStreamTotals();
	try {
		for await (const event of guardCutOff(events, INVOKE_MODEL_STREAM)) {
			const exception =
				event.internalServerException ??
				event.modelStreamErrorException ??
				event.modelTimeoutException ??
				event.serviceUnavailableException ??
				event.throttlingException ??
				event.validationException;
			if (exception) throw exception;
			const bytes = event.chunk?.bytes;
			if (!bytes) continue;
			const chunk = parseChunk(decoder.decode(bytes));
			chunks.push(chunk);
			const delta = streamDelta(family, chunk);
			if (delta.text) sink?.send(delta.text);
			totals = mergeStreamDelta(totals, delta);
		}
	} finally {
		// The last chunk's invocation metrics say what the stream used; a cut-off stream, nothing.
		const { inputTokens, outputTokens } = totals;
		tokensUsed?.(
			inputTokens !== undefined && outputTokens !== undefined
				? inputTokens + outputTokens
				: undefined,
		);
	}
	if (!isStreamComplete(family, totals)) {
		throw new StreamCutOffError(
			chunks.length
				? `the stream ended after ${chunks.length} chunks without the model's final event`
				: 'the stream ended before its first chunk',
			INVOKE_MODEL_STREAM,
		);
	}
	sink?.end();

	const json: IDataObject = {};
	if (read.includeDefaults) {
		if (!['titanEmbed', 'cohereEmbed'].includes(family)) json.text = totals.text;
		const usage = usageFields(totals.inputTokens, totals.outputTokens);
		if (usage) json.usage = { ...usage };
		if (totals.stopReason !== undefined) json.stopReason = totals.stopReason;
	}
	// Custom fields read the body InvokeModel would have sent, so they map the same streamed or not.
	const body = assembleBody(family, chunks, totals);
	Object.assign(json, mapOutput(body, read.customFields), { model: read.modelId });
	if (read.includeRaw) json.raw = chunks as IDataObject[];
	return { json, files: [] };
}

function parseChunk(text: string): unknown {
	const parsed = tryParse(text);
	if (!parsed.ok)
		throw new GenerateResponseError('A chunk of the response stream is not valid JSON');
	return parsed.value;
}
