/**
 * The parts of a Converse request that Bedrock Converse and the Chat Model both build from the
 * same node options: guardrail, reasoning budget, stop sequences, service tier and latency,
 * prompt cache points, and the rule for tool names. Each node keeps only the conversion of its
 * own input (Converse: the form's prompt or messages; the Chat Model: n8n's SDK messages).
 */
import type {
	CacheTTL,
	ConverseCommandInput,
	GuardrailConfiguration,
	GuardrailTrace,
	PerformanceConfigLatency,
	ServiceTierType,
} from '@aws-sdk/client-bedrock-runtime';
import type { IDataObject } from 'n8n-workflow';

import { ParameterError } from '../errors/parameterError';
import { cacheRules, placeCachePoints } from './caching';
import { reasoningFields, type ReasoningEffort } from './reasoning';

/** A tool name Converse accepts: 1 to 64 letters, digits, `_` or `-`. */
export const TOOL_NAME = /^[\w-]{1,64}$/;

/** What a tool name must be, for the errors that refuse one. */
export const TOOL_NAME_RULE = '1 to 64 letters, digits, _ or -';

/**
 * The Converse fields the shared options set (Guardrail ID, Version and Trace, Performance
 * Latency, Service Tier, the reasoning options, Prompt Caching and its time-to-live):
 * `guardrailConfig`, `performanceConfig`, `serviceTier`, the reasoning members of
 * `additionalModelRequestFields`, and the cache points.
 */
export interface ConverseSettings {
	guardrailConfig?: GuardrailConfiguration;
	performanceConfig?: ConverseCommandInput['performanceConfig'];
	serviceTier?: ConverseCommandInput['serviceTier'];
	/** Reasoning members of `additionalModelRequestFields` for the model's family; absent: off. */
	reasoning?: Record<string, unknown>;
	/** Whether cache points follow the tools, the system prompt and the conversation. */
	promptCaching: boolean;
	/** The cache points' time-to-live when it is not the default (5 minutes). */
	cacheTtl?: CacheTTL;
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
	const reasoning = reasoningFields(
		{
			budget: options.reasoningBudget === undefined ? undefined : Number(options.reasoningBudget),
			adaptive: options.adaptiveThinking === true,
			effort: (options.reasoningEffort || undefined) as ReasoningEffort | undefined,
		},
		modelId,
	);
	if (reasoning) settings.reasoning = reasoning;
	if (settings.promptCaching && options.cacheTtl === '1h') {
		if (!cacheRules(modelId)?.oneHour) {
			throw new ParameterError(
				'Cache Time-To-Live',
				`${modelId} keeps cached prompts for 5 minutes only`,
				'Choose 5 Minutes, or a model that takes the 1-hour time-to-live (Claude Sonnet 4.5, Haiku 4.5, Opus 4.5 and later).',
			);
		}
		settings.cacheTtl = '1h';
	}
	return settings;
}

/**
 * Sets the shared fields on a built request: guardrail, latency, tier, the reasoning fields (over
 * any of the same name in `additionalModelRequestFields`) and, last, the cache points, which
 * depend on the prompt's final tools, system prompt and messages.
 */
export function applySettings(input: ConverseCommandInput, settings: ConverseSettings): void {
	if (settings.guardrailConfig) input.guardrailConfig = settings.guardrailConfig;
	if (settings.performanceConfig) input.performanceConfig = settings.performanceConfig;
	if (settings.serviceTier) input.serviceTier = settings.serviceTier;
	if (settings.reasoning) {
		input.additionalModelRequestFields = {
			...((input.additionalModelRequestFields as Record<string, unknown> | undefined) ?? {}),
			...settings.reasoning,
		} as never;
	}
	if (settings.promptCaching) placeCachePoints(input, input.modelId ?? '', settings.cacheTtl);
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
