/**
 * n8n's AI SDK messages (what the Agent and the chains hand a chat model) -> Converse `system`
 * and `messages`. Converse wants strict user/assistant turns; the SDK has four roles:
 * - `system` messages become `system` blocks, wherever they are;
 * - `tool` messages (tool results) become `toolResult` blocks of a user turn;
 * - consecutive turns of the same Converse role are merged into one message.
 */
import type {
	ContentBlock,
	Message as ConverseMessage,
	SystemContentBlock,
	ToolResultContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import type { ContentFile, Message, MessageContent } from '@n8n/ai-node-sdk';

import { attachmentKind, ATTACHMENT_LIMITS, documentName } from '../shared/converse/media';
import { formatBytes } from '../shared/parameters/binary';
import { replayedReasoning } from './reasoning';

/** A message n8n sent that Bedrock cannot take; says which part and why. */
export class ChatMessageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ChatMessageError';
	}
}

export interface ConverseConversation {
	system: SystemContentBlock[];
	messages: ConverseMessage[];
}

/** Maps SDK messages (oldest first) to Converse's system blocks and alternating turns. */
export function toConverseConversation(messages: Message[]): ConverseConversation {
	const system: SystemContentBlock[] = [];
	const turns: ConverseMessage[] = [];
	for (const message of messages) {
		if (message.role === 'system') {
			for (const part of message.content)
				if (part.type === 'text' && part.text.trim()) system.push({ text: part.text });
			continue;
		}
		const role = message.role === 'assistant' ? 'assistant' : 'user';
		const documents = new Set<string>();
		const content = message.content
			.map((part) => contentBlock(part, documents))
			.filter((b): b is ContentBlock => b !== undefined);
		if (content.length === 0) continue;
		const last = turns[turns.length - 1];
		if (last?.role === role) last.content = [...(last.content ?? []), ...content];
		else turns.push({ role, content });
	}
	if (turns.length === 0) throw new ChatMessageError('The model got no user message to answer');
	// Converse needs a user turn first; a memory window can start with the assistant's turn.
	if (turns[0].role === 'assistant') turns.unshift({ role: 'user', content: [{ text: '.' }] });
	return { system, messages: turns };
}

function contentBlock(part: MessageContent, documents: Set<string>): ContentBlock | undefined {
	switch (part.type) {
		case 'text':
			return part.text.trim() ? { text: part.text } : undefined;
		case 'tool-call':
			return {
				toolUse: {
					toolUseId: part.toolCallId,
					name: part.toolName,
					input: toolInput(part.input, part.toolCallId) as never,
				},
			};
		case 'tool-result':
			return {
				toolResult: {
					toolUseId: part.toolCallId,
					content: toolResultContent(part.result),
					status: part.isError ? 'error' : 'success',
				},
			};
		case 'provider':
			// A signed or redacted reasoning block of an earlier turn, replayed unchanged
			// (reasoning.ts); its reasoning part carries the text only and is left out.
			return replayedReasoning(part.value);
		case 'file':
			return fileBlock(part, documents);
		default:
			// Reasoning text, citations and invalid tool calls have no Converse input form.
			return undefined;
	}
}

/**
 * A replayed tool call's input. n8n's Agent adds the call's ID to the arguments it replays
 * (`{"input": "12 * 7", "id": "tooluse_…"}`, its agent step builder); Bedrock would see an
 * input the tool's schema does not allow, so an `id` holding the call's own ID goes.
 */
export function toolInput(input: string, toolCallId?: string): Record<string, unknown> {
	let parsed: unknown;
	try {
		parsed = input ? JSON.parse(input) : {};
	} catch {
		return { input };
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
		return { input: parsed };
	const copy = { ...(parsed as Record<string, unknown>) };
	if (toolCallId !== undefined && copy.id === toolCallId) delete copy.id;
	return copy;
}

/**
 * A tool's output as Converse tool result content. n8n hands tool output over as text (the
 * tool node's items as JSON, e.g. `[{"response":"84"}]`), which goes as text; an object as JSON.
 */
function toolResultContent(result: unknown): ToolResultContentBlock[] {
	if (typeof result === 'string') return [{ text: result.trim() ? result : '(empty)' }];
	if (Array.isArray(result)) {
		const text = result
			.map((p: { type?: string; text?: string }) => (p?.type === 'text' ? p.text : ''))
			.join('');
		return [{ text: text.trim() ? text : JSON.stringify(result) }];
	}
	if (typeof result === 'object' && result !== null) return [{ json: result as never }];
	return [{ text: String(result ?? '(empty)') }];
}

function fileBlock(part: ContentFile, documents: Set<string>): ContentBlock {
	const fileName = part.providerMetadata?.filename ?? part.providerMetadata?.fileName;
	const { bytes, mediaType } = fileBytes(part);
	const kind = attachmentKind(mediaType, typeof fileName === 'string' ? fileName : undefined);
	if (!kind) throw new ChatMessageError(`A file of type ${mediaType} cannot be sent to Bedrock`);
	if (bytes.length > ATTACHMENT_LIMITS[kind.kind]) {
		throw new ChatMessageError(
			`A ${kind.kind} of ${formatBytes(bytes.length)} is larger than the ${formatBytes(ATTACHMENT_LIMITS[kind.kind])} Bedrock accepts`,
		);
	}
	if (kind.kind === 'image') return { image: { format: kind.format, source: { bytes } } };
	if (kind.kind === 'video') return { video: { format: kind.format, source: { bytes } } };
	return {
		document: {
			format: kind.format,
			name: documentName(typeof fileName === 'string' ? fileName : undefined, documents),
			source: { bytes },
		},
	};
}

/** The bytes of a file part: raw bytes, a data URL or base64 text. */
function fileBytes(part: ContentFile): { bytes: Uint8Array; mediaType: string } {
	const mediaType = part.mediaType ?? 'application/octet-stream';
	if (part.data instanceof Uint8Array) return { bytes: part.data, mediaType };
	const dataUrl = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(part.data);
	if (dataUrl) {
		const bytes = dataUrl[2]
			? Buffer.from(dataUrl[3], 'base64')
			: Buffer.from(decodeURIComponent(dataUrl[3]));
		return { bytes, mediaType: dataUrl[1] ?? mediaType };
	}
	if (!part.data && part.providerMetadata?.url) {
		throw new ChatMessageError(
			'A file given only by URL cannot be sent to Bedrock: pass its content (binary data)',
		);
	}
	return { bytes: Buffer.from(part.data, 'base64'), mediaType };
}
