/**
 * The parts of a Converse request that Bedrock Converse and the Chat Model both build from the
 * same node options: guardrail, reasoning budget, stop sequences, service tier and latency,
 * prompt cache points, and the rule for tool names. Each node keeps only the conversion of its
 * own input (Converse: the form's prompt or messages; the Chat Model: n8n's SDK messages).
 */
import type {
	ConverseCommandInput,
	GuardrailConfiguration,
	GuardrailTrace,
	PerformanceConfigLatency,
	ServiceTierType,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject } from 'n8n-workflow';

import { ParameterError } from '../errors/parameterError';

/** A tool name Converse accepts: 1 to 64 letters, digits, `_` or `-`. */
export const TOOL_NAME = /^[\w-]{1,64}$/;

/** What a tool name must be, for the errors that refuse one. */
export const TOOL_NAME_RULE = '1 to 64 letters, digits, _ or -';

/** A prompt cache point: what comes before it (system prompt, tools) is read from the cache. */
export const CACHE_POINT = { cachePoint: { type: 'default' } } as const;

/**
 * The Converse fields the shared options set (Guardrail ID, Version and Trace, Performance
 * Latency, Service Tier, Reasoning Budget): `guardrailConfig`, `performanceConfig`,
 * `serviceTier`, and the `thinking` field for `additionalModelRequestFields`.
 */
export interface ConverseSettings {
	guardrailConfig?: GuardrailConfiguration;
	performanceConfig?: ConverseCommandInput['performanceConfig'];
	serviceTier?: ConverseCommandInput['serviceTier'];
	/** Extended thinking (Anthropic Claude 3.7 and later); absent: off. */
	thinking?: { type: 'enabled'; budget_tokens: number };
	/** Whether cache points follow the system prompt and the tools. */
	promptCaching: boolean;
}

/**
 * Reads the shared Converse options of a node's Options collection, checking before any call
 * that the model takes what they ask for.
 *
 * @throws ParameterError for a reasoning budget sent to a model that takes none.
 */
export function converseSettings(options: IDataObject, modelId: string): ConverseSettings {
	const settings: ConverseSettings = { promptCaching: options.promptCaching === true };
	if (options.guardrailIdentifier) {
		settings.guardrailConfig = {
			guardrailIdentifier: String(options.guardrailIdentifier),
			guardrailVersion: String(options.guardrailVersion || 'DRAFT'),
			trace: (options.guardrailTrace as GuardrailTrace | undefined) ?? 'disabled',
		};
	}
	if (options.performanceLatency)
		settings.performanceConfig = {
			latency: options.performanceLatency as PerformanceConfigLatency,
		};
	if (options.serviceTier) settings.serviceTier = { type: options.serviceTier as ServiceTierType };
	if (options.reasoningBudget !== undefined) {
		if (!modelId.includes('anthropic.')) {
			throw new ParameterError(
				'Reasoning Budget (Tokens)',
				`${modelId} takes no reasoning budget through Converse`,
				'Remove the option, or choose an Anthropic Claude model (3.7 or later). Bedrock Converse can pass the model’s own reasoning field in Additional Model Request Fields.',
			);
		}
		settings.thinking = { type: 'enabled', budget_tokens: Number(options.reasoningBudget) };
	}
	return settings;
}

/** Sets the shared fields on a request (the `thinking` field is the caller's to place). */
export function applySettings(input: ConverseCommandInput, settings: ConverseSettings): void {
	if (settings.guardrailConfig) input.guardrailConfig = settings.guardrailConfig;
	if (settings.performanceConfig) input.performanceConfig = settings.performanceConfig;
	if (settings.serviceTier) input.serviceTier = settings.serviceTier;
}

/**
 * Stop sequences from any number of sources (the option's list, a single value, LangChain's
 * `stop`): text only, empty ones and repeats left out; undefined when none is left.
 */
export function stopSequences(...sources: unknown[]): string[] | undefined {
	const list = sources
		.flatMap((source) => (Array.isArray(source) ? source : [source]))
		.filter((s): s is string | number => typeof s === 'string' || typeof s === 'number')
		.map(String)
		.filter(Boolean);
	return list.length ? [...new Set(list)] : undefined;
}
