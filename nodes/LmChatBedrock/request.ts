import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ChatModelConfig, Message, Tool } from '@n8n/ai-node-sdk';

import { toConverseConversation } from './messages';
import { toConverseToolConfig } from './tools';

/** What the node's parameters ask of every Converse request besides the inference settings. */
export interface BedrockRequestOptions {
	/** Model ID, inference profile ID or ARN. */
	modelId: string;
	/** Extended thinking budget in tokens (Anthropic Claude 3.7 and later); absent: off. */
	reasoningBudget?: number;
	/** Guardrail applied to prompt and answer; absent: none. */
	guardrail?: {
		identifier: string;
		version: string;
		trace: 'enabled' | 'disabled' | 'enabled_full';
	};
	/** Whether to place cache points after the system prompt and after the tools. */
	promptCaching?: boolean;
	/** Processing tier; absent: the service's default. */
	serviceTier?: 'default' | 'flex' | 'priority' | 'reserved';
	/** Latency-optimised inference; absent: standard. */
	performanceLatency?: 'standard' | 'optimized';
}

/** Inference settings after merging the node's defaults with the call (LangChain's `stop` too). */
export type InferenceSettings = ChatModelConfig & { stop?: string[] };

/** One Converse (or ConverseStream) request for a conversation, its tools and settings. */
export function buildChatRequest(
	messages: Message[],
	tools: readonly Tool[],
	settings: InferenceSettings,
	options: BedrockRequestOptions,
): ConverseCommandInput {
	const cache = options.promptCaching === true;
	const { system, messages: turns } = toConverseConversation(messages);
	if (cache && system.length) system.push({ cachePoint: { type: 'default' } });
	const stops = [...(settings.stopSequences ?? []), ...(settings.stop ?? [])].filter(Boolean);
	const input: ConverseCommandInput = {
		modelId: options.modelId,
		messages: turns,
		system: system.length ? system : undefined,
		inferenceConfig: {
			maxTokens: settings.maxTokens,
			temperature: settings.temperature,
			topP: settings.topP,
			stopSequences: stops.length ? [...new Set(stops)] : undefined,
		},
		toolConfig: toConverseToolConfig(tools, cache),
	};
	if (options.reasoningBudget !== undefined) {
		input.additionalModelRequestFields = {
			thinking: { type: 'enabled', budget_tokens: options.reasoningBudget },
		} as never;
	}
	if (options.guardrail) {
		input.guardrailConfig = {
			guardrailIdentifier: options.guardrail.identifier,
			guardrailVersion: options.guardrail.version,
			trace: options.guardrail.trace,
		};
	}
	if (options.serviceTier) input.serviceTier = { type: options.serviceTier };
	if (options.performanceLatency) input.performanceConfig = { latency: options.performanceLatency };
	return input;
}
