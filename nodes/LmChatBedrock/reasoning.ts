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

/**
 * n8n's AI Agent (3.x) does not replay the model's message of a tool turn: it rebuilds it from
 * the tool call, keeping only Anthropic's own `thinking` blocks, which an SDK-based model cannot
 * hand it. So the reasoning blocks of each answer that called tools are also kept here, by the
 * tool calls' IDs (Bedrock's random `tooluse_…`) within a scope (the execution and the model: no
 * other execution can have them put into its requests), and put back in front of those calls
 * when the agent replays them without their reasoning. Bounded: the latest
 * {@link RECALL_ENTRIES} answers, each for {@link RECALL_MS}.
 */
const RECALL_ENTRIES = 256;
const RECALL_MS = 60 * 60_000;
const recalled = new Map<string, { blocks: ContentBlock[]; until: number }>();

const recallKey = (scope: string, toolUseId: string) => `${scope}\n${toolUseId}`;

/** Keeps the reasoning blocks of an answer that called tools, for the turn that replays them. */
export function rememberReasoning(scope: string, content: readonly ContentBlock[]): void {
	const blocks = content.filter((b) => b.reasoningContent);
	const ids = content.flatMap((b) => (b.toolUse?.toolUseId ? [b.toolUse.toolUseId] : []));
	if (!blocks.length || !ids.length) return;
	const until = Date.now() + RECALL_MS;
	for (const id of ids) {
		const key = recallKey(scope, id);
		recalled.delete(key);
		recalled.set(key, { blocks, until });
	}
	while (recalled.size > RECALL_ENTRIES) recalled.delete(recalled.keys().next().value!);
}

/**
 * An assistant turn with its reasoning: unchanged when it carries reasoning or calls no tool,
 * else with the kept reasoning of its first tool call in front, when there is one.
 */
export function withRecalledReasoning(scope: string, content: ContentBlock[]): ContentBlock[] {
	if (content.some((b) => b.reasoningContent)) return content;
	const id = content.find((b) => b.toolUse?.toolUseId)?.toolUse?.toolUseId;
	if (!id) return content;
	const entry = recalled.get(recallKey(scope, id));
	if (!entry || entry.until < Date.now()) return content;
	return [...entry.blocks, ...content];
}
