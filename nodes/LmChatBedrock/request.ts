import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ChatModelConfig, Message, Tool } from '@n8n/ai-node-sdk';

import { applySettings, stopSequences, type ConverseSettings } from '../shared/converse/request';
import { toConverseConversation } from './messages';
import { withRecalledReasoning } from './reasoning';
import { toConverseToolConfig } from './tools';

/** What the node's parameters ask of every Converse request besides the inference settings. */
export interface BedrockRequestOptions {
	/** Model ID, inference profile ID or ARN. */
	modelId: string;
	/** Where kept reasoning blocks belong (the execution and the model; see reasoning.ts). */
	recallScope: string;
	/** The shared Converse options: guardrail, reasoning, tier, latency, prompt caching. */
	settings: ConverseSettings;
	/** Converse's `requestMetadata`: the workflow, execution and node, and the user's pairs. */
	requestMetadata?: Record<string, string>;
}

/** Inference settings after merging the node's defaults with the call (LangChain's `stop` too). */
export type InferenceSettings = ChatModelConfig & { stop?: string[] };

/** One Converse (or ConverseStream) request for a conversation, its tools and settings. */
export function buildChatRequest(
	messages: Message[],
	tools: readonly Tool[],
	inference: InferenceSettings,
	options: BedrockRequestOptions,
): ConverseCommandInput {
	const { settings } = options;
	const { system, messages: turns } = toConverseConversation(messages);
	// With reasoning on, tool turns n8n's Agent rebuilt without their reasoning get it back.
	if (settings.reasoning) {
		for (const turn of turns)
			if (turn.role === 'assistant')
				turn.content = withRecalledReasoning(options.recallScope, turn.content ?? []);
	}
	const input: ConverseCommandInput = {
		modelId: options.modelId,
		messages: turns,
		system: system.length ? system : undefined,
		inferenceConfig: {
			maxTokens: inference.maxTokens,
			temperature: inference.temperature,
			topP: inference.topP,
			stopSequences: stopSequences(inference.stopSequences, inference.stop),
		},
		toolConfig: toConverseToolConfig(tools),
	};
	applySettings(input, settings);
	if (options.requestMetadata) input.requestMetadata = options.requestMetadata;
	return input;
}
