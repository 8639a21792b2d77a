/**
 * A rough token count of a Converse request for the quota limiter: about four characters of the
 * messages and system prompt per token, plus the answer's Max Tokens. The limiter learns the
 * real scale from the answers' usage.
 */
export function estimateTokens(input: {
	messages?: unknown;
	system?: unknown;
	inferenceConfig?: { maxTokens?: number };
}): number {
	const text = JSON.stringify([input.messages ?? [], input.system ?? []]);
	return Math.ceil(text.length / 4) + (input.inferenceConfig?.maxTokens ?? 0);
}
