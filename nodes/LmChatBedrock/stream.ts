import type { ConverseStreamOutput, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { StreamChunk } from '@n8n/ai-node-sdk';

import { converseEvents } from '../shared/converse/stream';
import { finishReason, sdkTokenUsage } from './result';

interface ToolCallInProgress {
	id: string;
	name: string;
	input: string;
}

/**
 * ConverseStream events as SDK stream chunks: text and reasoning as deltas while they arrive,
 * each tool call whole at its block's end. n8n's LangChain adapter gives every tool-call delta
 * index 0, so fragments of two parallel calls would be merged into one broken call; a whole
 * call with its own id cannot be merged with another. AWS exceptions inside the stream, and a
 * stream that ends before messageStop and metadata, are thrown.
 */
export async function* readChatStream(
	stream: AsyncIterable<ConverseStreamOutput>,
): AsyncGenerator<StreamChunk> {
	const toolCalls = new Map<number, ToolCallInProgress>();
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
			else if (delta.reasoningContent?.text)
				yield { type: 'reasoning-delta', delta: delta.reasoningContent.text };
			else if (delta.toolUse) {
				const call = toolCalls.get(contentBlockIndex);
				if (call) call.input += delta.toolUse.input ?? '';
			}
		} else if (event.contentBlockStop) {
			const index = event.contentBlockStop.contentBlockIndex ?? 0;
			const call = toolCalls.get(index);
			if (call) {
				toolCalls.delete(index);
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
	yield { type: 'finish', finishReason: finishReason(stopReason), usage: sdkTokenUsage(usage) };
}
