import type {
	ContentBlock,
	ConverseResponse,
	ConverseStreamOutput,
	Message,
	TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject } from 'n8n-workflow';

import { converseEvents } from '../shared/converse/stream';
import { tokenUsage } from '../shared/converse/usage';
import type { ChunkSink } from '../shared/items/chunkSink';

export interface ToolCall {
	id?: string;
	name?: string;
	input: unknown;
}

/** What the node outputs per item, for Converse and ConverseStream alike. */
export interface ConverseResult {
	text: string;
	stopReason?: string;
	usage: IDataObject;
	latencyMs?: number;
	toolCalls: ToolCall[];
	reasoning?: string;
	/** The assistant message, to append to Messages for the next turn. */
	message: IDataObject;
}

export function readConverseResponse(response: ConverseResponse): ConverseResult {
	const content = response.output?.message?.content ?? [];
	return result(content, response.stopReason, response.usage, response.metrics?.latencyMs);
}

interface BlockInProgress {
	text?: string;
	toolUse?: { toolUseId?: string; name?: string; input: string };
	reasoning?: { text: string; signature?: string; redactedContent?: Uint8Array };
}

/**
 * Assembles ConverseStream events into the same result as Converse, sending text to `sink` as
 * it arrives. Exceptions in the stream are thrown by the SDK while iterating, or arrive as
 * exception members: both are thrown.
 */
export async function readConverseStream(
	stream: AsyncIterable<ConverseStreamOutput>,
	sink?: ChunkSink,
): Promise<ConverseResult> {
	const blocks = new Map<number, BlockInProgress>();
	let stopReason: string | undefined;
	let metadata: { usage?: TokenUsage; latencyMs?: number } | undefined;
	const block = (index = 0) => {
		let b = blocks.get(index);
		if (!b) blocks.set(index, (b = {}));
		return b;
	};
	for await (const event of converseEvents(stream)) {
		if (event.contentBlockStart?.start?.toolUse) {
			const { toolUseId, name } = event.contentBlockStart.start.toolUse;
			block(event.contentBlockStart.contentBlockIndex).toolUse = { toolUseId, name, input: '' };
		} else if (event.contentBlockDelta?.delta) {
			const { delta, contentBlockIndex } = event.contentBlockDelta;
			const b = block(contentBlockIndex);
			if (delta.text !== undefined) {
				b.text = (b.text ?? '') + delta.text;
				sink?.send(delta.text);
			} else if (delta.toolUse) {
				b.toolUse ??= { input: '' };
				b.toolUse.input += delta.toolUse.input ?? '';
			} else if (delta.reasoningContent) {
				b.reasoning ??= { text: '' };
				b.reasoning.text += delta.reasoningContent.text ?? '';
				if (delta.reasoningContent.signature)
					b.reasoning.signature = delta.reasoningContent.signature;
				if (delta.reasoningContent.redactedContent)
					b.reasoning.redactedContent = delta.reasoningContent.redactedContent;
			}
		} else if (event.messageStop) {
			stopReason = event.messageStop.stopReason;
		} else if (event.metadata) {
			metadata = { usage: event.metadata.usage, latencyMs: event.metadata.metrics?.latencyMs };
		}
	}
	sink?.end();
	const content = [...blocks.entries()].sort(([a], [b]) => a - b).map(([, b]) => toContentBlock(b));
	return result(content, stopReason, metadata?.usage, metadata?.latencyMs);
}

function toContentBlock(b: BlockInProgress): ContentBlock {
	if (b.toolUse)
		return {
			toolUse: {
				toolUseId: b.toolUse.toolUseId,
				name: b.toolUse.name,
				input: parseToolInput(b.toolUse.input) as never,
			},
		};
	if (b.reasoning?.redactedContent)
		return { reasoningContent: { redactedContent: b.reasoning.redactedContent } };
	if (b.reasoning)
		return {
			reasoningContent: {
				reasoningText: { text: b.reasoning.text, signature: b.reasoning.signature },
			},
		};
	return { text: b.text ?? '' };
}

function parseToolInput(input: string): unknown {
	if (!input) return {};
	try {
		return JSON.parse(input);
	} catch {
		return input;
	}
}

function result(
	content: ContentBlock[],
	stopReason: string | undefined,
	usage: TokenUsage | undefined,
	latencyMs: number | undefined,
): ConverseResult {
	const reasoning = content
		.map((c) => c.reasoningContent?.reasoningText?.text)
		.filter((t): t is string => typeof t === 'string');
	const message: Message = { role: 'assistant', content: content.map(outputBlock) };
	return {
		text: content.map((c) => c.text ?? '').join(''),
		stopReason,
		usage: { ...tokenUsage(usage) },
		latencyMs,
		toolCalls: content
			.filter((c) => c.toolUse)
			.map((c) => ({ id: c.toolUse!.toolUseId, name: c.toolUse!.name, input: c.toolUse!.input })),
		reasoning: reasoning.length ? reasoning.join('') : undefined,
		message: message as unknown as IDataObject,
	};
}

/**
 * A content block as the output's `message` holds it: redacted reasoning bytes as base64 text,
 * which Messages takes back as is (request.ts), so the block replays unchanged.
 */
function outputBlock(block: ContentBlock): ContentBlock {
	const redacted = block.reasoningContent?.redactedContent;
	if (!redacted) return block;
	return {
		reasoningContent: { redactedContent: Buffer.from(redacted).toString('base64') as never },
	};
}
