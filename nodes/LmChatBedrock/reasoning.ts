/**
 * Reasoning blocks across the agent's turns. With Anthropic thinking and tools, Bedrock takes the
 * next turn only when the assistant turn that called the tools comes back starting with its
 * reasoning block, unchanged (text and signature, or the redacted bytes).
 *
 * n8n's LangChain adapter keeps a reasoning part's text but drops its metadata (the signature)
 * on the way through LangChain, and keeps a provider part whole. So each signed or redacted
 * reasoning block travels twice: as a reasoning part (its text, for n8n to show) and as a
 * provider part holding the block itself, which is what goes back to Bedrock. Reasoning without
 * a signature (DeepSeek-R1, gpt-oss, Nova) needs no replay and has no provider part.
 */
import type { ContentBlock, ReasoningContentBlock } from '@aws-sdk/client-bedrock-runtime';
import type { MessageContent } from '@n8n/ai-node-sdk';

/** The provider part's tag. */
const KIND = 'bedrock-reasoning';

/** A reasoning block as JSON (the redacted bytes as base64). */
interface StoredReasoning {
	kind: typeof KIND;
	text?: string;
	signature?: string;
	redactedContent?: string;
}

/** A reasoning block as it arrived (Converse) or was assembled (ConverseStream). */
export interface ReasoningParts {
	text?: string;
	signature?: string;
	redactedContent?: Uint8Array;
}

/** The SDK parts for one reasoning block: its text, and the block to replay when it is signed. */
export function reasoningParts(block: ReasoningParts): MessageContent[] {
	const parts: MessageContent[] = [];
	if (block.text) parts.push({ type: 'reasoning', text: block.text });
	if (block.signature || block.redactedContent) {
		const stored: StoredReasoning = block.redactedContent
			? { kind: KIND, redactedContent: Buffer.from(block.redactedContent).toString('base64') }
			: { kind: KIND, text: block.text ?? '', signature: block.signature };
		parts.push({ type: 'provider', value: stored as unknown as Record<string, unknown> });
	}
	return parts;
}

/** The parts of a Converse `reasoningContent` block. */
export function reasoningContentParts(content: ReasoningContentBlock): MessageContent[] {
	return reasoningParts({
		text: content.reasoningText?.text,
		signature: content.reasoningText?.signature,
		redactedContent: content.redactedContent,
	});
}

/** The Converse block a provider part replays, or undefined for another provider's part. */
export function replayedReasoning(value: Record<string, unknown>): ContentBlock | undefined {
	const stored = value as Partial<StoredReasoning>;
	if (stored.kind !== KIND) return undefined;
	if (typeof stored.redactedContent === 'string') {
		return {
			reasoningContent: { redactedContent: Buffer.from(stored.redactedContent, 'base64') },
		};
	}
	if (typeof stored.signature !== 'string') return undefined;
	return {
		reasoningContent: {
			reasoningText: { text: String(stored.text ?? ''), signature: stored.signature },
		},
	};
}
