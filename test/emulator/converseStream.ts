/**
 * ConverseStream events from a model answer, shaped as the service sends them: messageStart,
 * then per content block its deltas (text word by word, tool input JSON in fragments after a
 * contentBlockStart, reasoning text then its signature) and contentBlockStop, then messageStop
 * and metadata (usage and latency).
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
 */
import type { ModelAnswer } from './converseModel';
import { streamEvent, type StreamEvent } from './eventStream';

/** Splits text into word pieces that join back to it: `a b` → `a `, `b`. */
export const wordPieces = (text: string): string[] => text.split(/(?<=\s)(?=\S)/);

/** Splits text into `n` pieces of about the same length (fewer when it is short). */
export function fragments(text: string, n: number): string[] {
	const size = Math.max(1, Math.ceil(text.length / n));
	const out: string[] = [];
	for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
	return out.length > 0 ? out : [''];
}

/** What the metadata event echoes from the request besides usage and metrics. */
export interface StreamMetadataExtras {
	performanceConfig?: unknown;
	serviceTier?: unknown;
}

/** The events of a ConverseStream answer. */
export function converseStreamEvents(
	answer: ModelAnswer,
	extras: StreamMetadataExtras = {},
): StreamEvent[] {
	const events: StreamEvent[] = [streamEvent('messageStart', { role: 'assistant' })];
	answer.blocks.forEach((block, contentBlockIndex) => {
		const delta = (value: unknown) =>
			events.push(streamEvent('contentBlockDelta', { contentBlockIndex, delta: value }));
		switch (block.kind) {
			case 'text':
				wordPieces(block.text).forEach((text) => delta({ text }));
				break;
			case 'reasoning':
				wordPieces(block.text).forEach((text) => delta({ reasoningContent: { text } }));
				if (block.signature) delta({ reasoningContent: { signature: block.signature } });
				break;
			case 'redactedReasoning':
				delta({
					reasoningContent: { redactedContent: Buffer.from(block.data).toString('base64') },
				});
				break;
			case 'toolUse':
				events.push(
					streamEvent('contentBlockStart', {
						contentBlockIndex,
						start: { toolUse: { toolUseId: block.toolUseId, name: block.name } },
					}),
				);
				fragments(JSON.stringify(block.input), 3).forEach((input) => delta({ toolUse: { input } }));
				break;
		}
		events.push(streamEvent('contentBlockStop', { contentBlockIndex }));
	});
	events.push(streamEvent('messageStop', { stopReason: answer.stopReason }));
	events.push(
		streamEvent('metadata', {
			usage: answer.usage,
			metrics: { latencyMs: answer.latencyMs },
			...(extras.performanceConfig !== undefined
				? { performanceConfig: extras.performanceConfig }
				: {}),
			...(extras.serviceTier !== undefined ? { serviceTier: extras.serviceTier } : {}),
		}),
	);
	return events;
}
