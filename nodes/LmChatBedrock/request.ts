import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ChatModelConfig, Message, Tool } from '@n8n/ai-node-sdk';

import {
	applySettings,
	CACHE_POINT,
	stopSequences,
	type ConverseSettings,
} from '../shared/converse/request';
import { toConverseConversation } from './messages';
import { toConverseToolConfig } from './tools';

/** What the node's parameters ask of every Converse request besides the inference settings. */
export interface BedrockRequestOptions {
	/** Model ID, inference profile ID or ARN. */
	modelId: string;
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
	if (settings.promptCaching && system.length) system.push(CACHE_POINT);
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
		toolConfig: toConverseToolConfig(tools, settings.promptCaching),
	};
	if (settings.thinking)
		input.additionalModelRequestFields = { thinking: settings.thinking } as never;
	applySettings(input, settings);
	if (options.requestMetadata) input.requestMetadata = options.requestMetadata;
	return input;
}
