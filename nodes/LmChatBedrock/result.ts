/** Converse answers -> n8n's AI SDK results: content parts, finish reason and token usage. */
import type {
	ContentBlock,
	ConverseCommandOutput,
	TokenUsage as ConverseUsage,
} from '@aws-sdk/client-bedrock-runtime';
import type { FinishReason, GenerateResult, MessageContent, TokenUsage } from '@n8n/ai-node-sdk';

import { tokenUsage } from '../shared/converse/usage';
import { reasoningContentParts } from './reasoning';

const FINISH_REASONS: Record<string, FinishReason> = {
	end_turn: 'stop',
	stop_sequence: 'stop',
	max_tokens: 'length',
	model_context_window_exceeded: 'length',
	tool_use: 'tool-calls',
	guardrail_intervened: 'content-filter',
	content_filtered: 'content-filter',
};

export const finishReason = (stopReason: string | undefined): FinishReason =>
	(stopReason && FINISH_REASONS[stopReason]) || 'other';

/**
 * Converse usage as n8n's SDK counts it: prompt tokens include the cached ones (Bedrock counts
 * cache reads and writes apart from `inputTokens`); cache writes go in the additional metadata.
 */
export function sdkTokenUsage(answer: ConverseUsage | undefined): TokenUsage | undefined {
	if (!answer) return undefined;
	const usage = tokenUsage(answer);
	const cacheRead = usage.cacheReadInputTokens;
	const cacheWrite = usage.cacheWriteInputTokens;
	const promptTokens = (usage.inputTokens ?? 0) + cacheRead + cacheWrite;
	const completionTokens = usage.outputTokens ?? 0;
	return {
		promptTokens,
		completionTokens,
		totalTokens: usage.totalTokens ?? promptTokens + completionTokens,
		...(cacheRead ? { inputTokenDetails: { cacheRead } } : {}),
		...(cacheWrite ? { additionalMetadata: { cacheWriteInputTokens: cacheWrite } } : {}),
	};
}

/** One Converse content block as SDK message parts (citations give their text and sources). */
export function contentParts(block: ContentBlock): MessageContent[] {
	if (block.text !== undefined) return block.text ? [{ type: 'text', text: block.text }] : [];
	if (block.toolUse) {
		return [
			{
				type: 'tool-call',
				toolCallId: block.toolUse.toolUseId,
				toolName: block.toolUse.name ?? '',
				input: JSON.stringify(block.toolUse.input ?? {}),
			},
		];
	}
	if (block.reasoningContent) return reasoningContentParts(block.reasoningContent);
	if (block.citationsContent) {
		const text = (block.citationsContent.content ?? []).map((c) => c.text ?? '').join('');
		const citations = (block.citationsContent.citations ?? []).map(
			(c): MessageContent => ({
				type: 'citation',
				title: c.title,
				text: c.sourceContent?.map((s) => s.text ?? '').join(' '),
			}),
		);
		return [...(text ? [{ type: 'text' as const, text }] : []), ...citations];
	}
	return [];
}

/** A Converse response as the SDK's generate result. */
export function toGenerateResult(response: ConverseCommandOutput): GenerateResult {
	const content = (response.output?.message?.content ?? []).flatMap(contentParts);
	return {
		id: response.$metadata?.requestId,
		finishReason: finishReason(response.stopReason),
		usage: sdkTokenUsage(response.usage),
		message: { role: 'assistant', content },
		providerMetadata: {
			stopReason: response.stopReason,
			// n8n's adapter passes on the cache reads only; the whole count goes in the metadata.
			...(response.usage ? { usage: tokenUsage(response.usage) } : {}),
			...(response.metrics?.latencyMs !== undefined
				? { latencyMs: response.metrics.latencyMs }
				: {}),
		},
	};
}
