/**
 * How many bytes one AWS answer may hold, by operation. An answer past its limit is not read
 * further (ResponseTooLarge), so one workflow cannot make n8n hold more than the limit times
 * the node's concurrency ceiling (MAX_CONCURRENCY in nodes/shared/items/concurrency.ts) per execution.
 * Each limit is many times what the operation really answers; README, "Limits on answers",
 * gives the reasons.
 */

const MB = 1024 * 1024;

export const RESPONSE_LIMITS = {
	/** Text, tool calls and reasoning, bounded by the model's output tokens (at most 128k). */
	Converse: 8 * MB,
	ConverseStream: 8 * MB,
	/** Generated images: up to 5 base64 PNGs of 2048 x 2048 (Nova Canvas), or embeddings. */
	InvokeModel: 64 * MB,
	InvokeModelWithResponseStream: 8 * MB,
	/** Answer text, traces and the files an agent returns (code interpreter). */
	InvokeAgent: 32 * MB,
	/** At most 100 chunks of a knowledge base, or an answer and its citations. */
	Retrieve: 8 * MB,
	RetrieveAndGenerate: 8 * MB,
	RetrieveAndGenerateStream: 8 * MB,
	/** Listings (models, inference profiles, agents, knowledge bases), STS, anything else. */
	other: 8 * MB,
} as const;

export type ResponseLimited = keyof typeof RESPONSE_LIMITS;

/** Path endings of the data-plane operations (REST paths of the Bedrock API references). */
const BY_PATH_END: ReadonlyArray<[string, ResponseLimited]> = [
	['/converse', 'Converse'],
	['/converse-stream', 'ConverseStream'],
	['/invoke', 'InvokeModel'],
	['/invoke-with-response-stream', 'InvokeModelWithResponseStream'],
	['/text', 'InvokeAgent'],
	['/retrieve', 'Retrieve'],
	['/retrieveAndGenerate', 'RetrieveAndGenerate'],
	['/retrieveAndGenerateStream', 'RetrieveAndGenerateStream'],
];

/** The operation a request path belongs to, as far as its answer size goes. */
export function responseLimited(path: string): ResponseLimited {
	return BY_PATH_END.find(([end]) => path.endsWith(end))?.[1] ?? 'other';
}
