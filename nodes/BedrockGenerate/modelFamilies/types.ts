import type { FieldMapping } from '../outputMapping';

/** A JSON object as read from a body or a stream chunk. */
export type Json = Record<string, unknown>;

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

/**
 * What one stream chunk adds. `text` is a piece to append; token counts and `stopReason` are the
 * latest totals known (later chunks overwrite earlier ones); `done` means the chunk is the last
 * one the model sends. Merge with `mergeStreamDelta`.
 */
export interface StreamDelta {
	text?: string;
	inputTokens?: number;
	outputTokens?: number;
	stopReason?: string;
	done?: boolean;
}

/** Everything a stream said so far. */
export interface StreamTotals {
	text: string;
	inputTokens?: number;
	outputTokens?: number;
	stopReason?: string;
	done: boolean;
}

/**
 * One model family: one InvokeModel response shape. Adding a family is one file with one of these
 * and one line in `index.ts`.
 */
export interface ModelFamilyDescriptor {
	/**
	 * Whether a foundation model belongs to the family.
	 * @param provider - The provider part of the ID, lowercase (`anthropic`).
	 * @param model - The rest of the ID, lowercase (`claude-3-5-haiku-20241022-v1:0`).
	 */
	matches(provider: string, model: string): boolean;
	/** Where the default output fields are in the InvokeModel body. */
	defaultPaths: Readonly<OutputPaths>;
	/** What one InvokeModelWithResponseStream chunk adds to the answer. */
	readStream(chunk: Json): StreamDelta;
	/** Whether the stream ends with an event of its own; otherwise a stop reason ends it. */
	finalEvent: boolean;
	/** A minimal request body with a `{{prompt}}` placeholder. */
	example: unknown;
	/**
	 * The InvokeModel body a whole stream stands for, so that the JSONPath mapping reads the same
	 * fields streamed or not.
	 * @param chunks - The parsed chunks, in order.
	 * @param totals - What the family's reader made of them.
	 */
	assemble(chunks: readonly Json[], totals: StreamTotals): Json;
}

export type { FieldMapping };
