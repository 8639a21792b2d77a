import type {
	ContentBlock,
	ConverseStreamOutput,
	TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import type { StreamChunk } from '@n8n/ai-node-sdk';

import { converseEvents } from '../shared/converse/stream';
import { reasoningParts, replayedReasoning, type ReasoningParts } from './reasoning';
import { finishReason, sdkTokenUsage } from './result';

interface ToolCallInProgress {
	id: string;
	name: string;
	input: string;
}

/**
 * ConverseStream events as SDK stream chunks: text and reasoning as deltas while they arrive,
 * each tool call whole at its block's end, and a signed or redacted reasoning block whole at its
 * end as the provider part the next turn replays (reasoning.ts). n8n's LangChain adapter gives
 * every tool-call delta index 0, so fragments of two parallel calls would be merged into one
 * broken call; a whole call with its own id cannot be merged with another. AWS exceptions inside
 * the stream, and a stream that ends before messageStop and metadata, are thrown.
 */
export async function* readChatStream(
	stream: AsyncIterable<ConverseStreamOutput>,
	onAnswer?: (content: ContentBlock[]) => void,
): AsyncGenerator<StreamChunk> {
	const toolCalls = new Map<number, ToolCallInProgress>();
	const reasoning = new Map<number, ReasoningParts>();
	/** The answer's reasoning blocks and tool calls, whole, for `onAnswer`. */
	const answered: ContentBlock[] = [];
	let stopReason: string | undefined;
	let usage: TokenUsage | undefined;
	for await (const event of converseEvents(stream)) {
		if (event.contentBlockStart?.start?.toolUse) {
			const { toolUseId, name } = event.contentBlockStart.start.toolUse;
			toolCalls.set(event.contentBlockStart.contentBlockIndex ?? 0, {
				id: toolUseId ?? '',
				name: name ?? '',
				input: '',
			});
		} else if (event.contentBlockDelta?.delta) {
			const { delta, contentBlockIndex = 0 } = event.contentBlockDelta;
			if (delta.text) yield { type: 'text-delta', delta: delta.text };
			else if (delta.reasoningContent) {
				const block = reasoning.get(contentBlockIndex) ?? {};
				reasoning.set(contentBlockIndex, block);
				const { text, signature, redactedContent } = delta.reasoningContent;
				if (text) {
					block.text = (block.text ?? '') + text;
					yield { type: 'reasoning-delta', delta: text };
				}
				if (signature) block.signature = signature;
				if (redactedContent) block.redactedContent = redactedContent;
			} else if (delta.toolUse) {
				const call = toolCalls.get(contentBlockIndex);
				if (call) call.input += delta.toolUse.input ?? '';
			}
		} else if (event.contentBlockStop) {
			const index = event.contentBlockStop.contentBlockIndex ?? 0;
			const block = reasoning.get(index);
			if (block) {
				reasoning.delete(index);
				// The text went out as deltas already; only the block to replay follows.
				for (const part of reasoningParts(block)) {
					if (part.type !== 'provider') continue;
					const replayed = replayedReasoning(part.value);
					if (replayed) answered.push(replayed);
					yield { type: 'content', content: part };
				}
			}
			const call = toolCalls.get(index);
			if (call) {
				toolCalls.delete(index);
				answered.push({ toolUse: { toolUseId: call.id, name: call.name, input: {} } });
				yield {
					type: 'tool-call-delta',
					id: call.id,
					name: call.name,
					argumentsDelta: call.input || '{}',
				};
			}
		} else if (event.messageStop) {
			stopReason = event.messageStop.stopReason;
		} else if (event.metadata) {
			usage = event.metadata.usage;
		}
	}
	onAnswer?.(answered);
	yield { type: 'finish', finishReason: finishReason(stopReason), usage: sdkTokenUsage(usage) };
}
