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
 * when the agent replays them without their reasoning.
 *
 * Bounded per scope, so one workflow's flood of thinking turns costs only its own oldest turns:
 * a scope keeps its latest {@link ANSWERS_PER_SCOPE} tool calls within {@link SCOPE_BYTES}, for
 * {@link RECALL_MS} after its last use. Past {@link MAX_SCOPES} scopes or {@link MAX_BYTES} in all,
 * expired scopes go first, then the least recently used.
 */
const ANSWERS_PER_SCOPE = 64;
const SCOPE_BYTES = 4 * 1024 * 1024;
const MAX_SCOPES = 1024;
const MAX_BYTES = 64 * 1024 * 1024;
const RECALL_MS = 60 * 60_000;

interface Scope {
	/** Reasoning by tool call ID, oldest first, with its size. */
	calls: Map<string, { blocks: ContentBlock[]; bytes: number }>;
	bytes: number;
	until: number;
}

/** Scopes, least recently used first. */
const scopes = new Map<string, Scope>();
let totalBytes = 0;

const sizeOf = (blocks: readonly ContentBlock[]) =>
	blocks.reduce((sum, { reasoningContent: r }) => {
		const text = r?.reasoningText;
		return (
			sum +
			(text?.text?.length ?? 0) +
			(text?.signature?.length ?? 0) +
			(r?.redactedContent?.length ?? 0)
		);
	}, 0);

function dropScope(key: string): void {
	totalBytes -= scopes.get(key)?.bytes ?? 0;
	scopes.delete(key);
}

/** The scope, moved to the most recently used end, or undefined when it expired. */
function touch(key: string, now: number): Scope | undefined {
	const scope = scopes.get(key);
	if (!scope) return undefined;
	if (scope.until < now) {
		dropScope(key);
		return undefined;
	}
	scopes.delete(key);
	scope.until = now + RECALL_MS;
	scopes.set(key, scope);
	return scope;
}

/** Keeps the reasoning blocks of an answer that called tools, for the turn that replays them. */
export function rememberReasoning(key: string, content: readonly ContentBlock[]): void {
	const blocks = content.filter((b) => b.reasoningContent);
	const ids = content.flatMap((b) => (b.toolUse?.toolUseId ? [b.toolUse.toolUseId] : []));
	const bytes = sizeOf(blocks);
	if (!blocks.length || !ids.length || bytes * ids.length > SCOPE_BYTES) return;
	const now = Date.now();
	let scope = touch(key, now);
	if (!scope) {
		scope = { calls: new Map(), bytes: 0, until: now + RECALL_MS };
		scopes.set(key, scope);
	}
	for (const id of ids) {
		forget(scope, id);
		scope.calls.set(id, { blocks, bytes });
		scope.bytes += bytes;
		totalBytes += bytes;
	}
	while (scope.calls.size > ANSWERS_PER_SCOPE || scope.bytes > SCOPE_BYTES)
		forget(scope, scope.calls.keys().next().value!);
	makeRoom(key, now);
}

function forget(scope: Scope, id: string): void {
	const kept = scope.calls.get(id);
	if (!kept) return;
	scope.calls.delete(id);
	scope.bytes -= kept.bytes;
	totalBytes -= kept.bytes;
}

/** Within the bounds again: expired scopes out, then the least recently used but `keep`. */
function makeRoom(keep: string, now: number): void {
	if (scopes.size <= MAX_SCOPES && totalBytes <= MAX_BYTES) return;
	for (const [key, scope] of scopes) if (scope.until < now) dropScope(key);
	for (const key of scopes.keys()) {
		if (scopes.size <= MAX_SCOPES && totalBytes <= MAX_BYTES) return;
		if (key !== keep) dropScope(key);
	}
}

/**
 * An assistant turn with its reasoning: unchanged when it carries reasoning or calls no tool,
 * else with the kept reasoning of its first tool call in front, when there is one.
 */
export function withRecalledReasoning(key: string, content: ContentBlock[]): ContentBlock[] {
	if (content.some((b) => b.reasoningContent)) return content;
	const id = content.find((b) => b.toolUse?.toolUseId)?.toolUse?.toolUseId;
	if (!id) return content;
	const kept = touch(key, Date.now())?.calls.get(id);
	return kept ? [...kept.blocks, ...content] : content;
}

/** How many scopes and bytes of reasoning are kept, for tests. */
export function keptReasoning(): { scopes: number; bytes: number } {
	return { scopes: scopes.size, bytes: totalBytes };
}
