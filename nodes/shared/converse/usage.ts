import type { CacheDetail, TokenUsage } from '@aws-sdk/client-bedrock-runtime';

/**
 * The token counts of a Converse answer as Bedrock Converse outputs them (`usage`). Bedrock
 * counts prompt tokens read from or written to the cache apart from `inputTokens`.
 */
export interface ConverseTokenUsage {
	inputTokens?: number;
	outputTokens?: number;
	totalTokens?: number;
	cacheReadInputTokens: number;
	cacheWriteInputTokens: number;
	/** The cache writes per time-to-live (1h first), when Bedrock reports them. */
	cacheDetails?: CacheDetail[];
}

/** The one reading of Converse's usage; the Chat Model hands n8n's SDK the same counts. */
export function tokenUsage(usage: TokenUsage | undefined): ConverseTokenUsage {
	return {
		inputTokens: usage?.inputTokens,
		outputTokens: usage?.outputTokens,
		totalTokens: usage?.totalTokens,
		cacheReadInputTokens: usage?.cacheReadInputTokens ?? 0,
		cacheWriteInputTokens: usage?.cacheWriteInputTokens ?? 0,
		...(usage?.cacheDetails?.length ? { cacheDetails: usage.cacheDetails } : {}),
	};
}
