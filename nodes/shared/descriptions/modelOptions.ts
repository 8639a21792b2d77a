/**
 * The options of a request to a model through Bedrock Runtime (Converse, Generate, the Chat
 * Model): guardrails, latency and tier, inference settings, reasoning, prompt caching, request
 * metadata and the cost estimate.
 */
import type { INodeProperties } from 'n8n-workflow';

import { streamResponseOption } from './options';

export const guardrailIdentifierOption: INodeProperties = {
	displayName: 'Guardrail ID',
	name: 'guardrailIdentifier',
	type: 'string',
	default: '',
	placeholder: 'e.g. gr-abc123def456',
	description: 'Identifier or ARN of a Bedrock guardrail to apply to the prompt and the answer',
};

export const guardrailVersionOption: INodeProperties = {
	displayName: 'Guardrail Version',
	name: 'guardrailVersion',
	type: 'string',
	default: 'DRAFT',
	description: 'Version number of the guardrail, or DRAFT',
};

export const performanceLatencyOption: INodeProperties = {
	displayName: 'Performance Latency',
	name: 'performanceLatency',
	type: 'options',
	options: [
		{
			name: 'Optimized',
			value: 'optimized',
			description: 'Latency-optimized inference where the model and region offer it',
		},
		{ name: 'Standard', value: 'standard' },
	],
	default: 'standard',
};

export const serviceTierOption: INodeProperties = {
	displayName: 'Service Tier',
	name: 'serviceTier',
	type: 'options',
	options: [
		{ name: 'Default', value: 'default' },
		{ name: 'Flex', value: 'flex', description: 'Lower price, for work that may wait' },
		{ name: 'Priority', value: 'priority', description: 'Served first, at a higher price' },
		{ name: 'Reserved', value: 'reserved', description: 'Capacity you reserved' },
	],
	default: 'default',
	description: 'Processing tier that serves the request',
};

export const guardrailTraceOption: INodeProperties = {
	displayName: 'Guardrail Trace',
	name: 'guardrailTrace',
	type: 'options',
	options: [
		{ name: 'Disabled', value: 'disabled' },
		{ name: 'Enabled', value: 'enabled' },
		{ name: 'Enabled (Full)', value: 'enabled_full' },
	],
	default: 'disabled',
};

export const maxTokensOption: INodeProperties = {
	displayName: 'Max Tokens',
	name: 'maxTokens',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1024,
	description: 'Most tokens the model may generate',
};

export const reasoningBudgetOption: INodeProperties = {
	displayName: 'Reasoning Budget (Tokens)',
	name: 'reasoningBudget',
	type: 'number',
	typeOptions: { minValue: 1024 },
	default: 4096,
	description:
		'Lets Anthropic Claude models (3.7 and later) think with up to this many tokens before answering; Max Tokens must be larger',
};

export const adaptiveThinkingOption: INodeProperties = {
	displayName: 'Adaptive Thinking',
	name: 'adaptiveThinking',
	type: 'boolean',
	default: true,
	description:
		'Whether Claude decides itself when and how much to think (Claude Opus 4.6 and later, Sonnet 4.6), instead of a Reasoning Budget',
};

export const reasoningEffortOption: INodeProperties = {
	displayName: 'Reasoning Effort',
	name: 'reasoningEffort',
	type: 'options',
	options: [
		{ name: 'Low', value: 'low' },
		{ name: 'Medium', value: 'medium' },
		{ name: 'High', value: 'high' },
		{ name: 'Max', value: 'max', description: 'Claude Opus 4.6 and later, Sonnet 4.6' },
	],
	default: 'medium',
	description:
		'How hard the model works on its answer: effort for Claude Opus 4.5 and later and Sonnet 4.6, the reasoning effort of Amazon Nova 2 Lite (turns its reasoning on) and of OpenAI gpt-oss models',
};

export function promptCachingOptions(description: string): INodeProperties[] {
	return [
		{
			displayName: 'Prompt Caching',
			name: 'promptCaching',
			type: 'boolean',
			default: false,
			description,
		},
		{
			displayName: 'Cache Time-To-Live',
			name: 'cacheTtl',
			type: 'options',
			options: [
				{ name: '5 Minutes', value: '5m' },
				{
					name: '1 Hour',
					value: '1h',
					description: 'Claude Sonnet 4.5, Haiku 4.5, Opus 4.5 and later; cache writes cost more',
				},
			],
			default: '5m',
			description: 'How long a cached prompt stays after its last use, with Prompt Caching',
		},
	];
}

export const stopSequencesOption: INodeProperties = {
	displayName: 'Stop Sequences',
	name: 'stopSequences',
	type: 'string',
	typeOptions: { multipleValues: true },
	default: [],
	description: 'Text that makes the model stop generating',
};

export const fractionOption = (
	displayName: string,
	name: string,
	defaultValue: number,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	default: defaultValue,
	description,
});

export const temperatureOption = fractionOption(
	'Temperature',
	'temperature',
	0.7,
	'Randomness of the answer, from 0 (focused) to 1 (creative)',
);

export const topPOption = fractionOption(
	'Top P',
	'topP',
	0.9,
	'Share of the most likely tokens the model samples from',
);

export const MODEL_REQUEST_OPTIONS: readonly INodeProperties[] = [
	guardrailIdentifierOption,
	guardrailVersionOption,
	performanceLatencyOption,
	serviceTierOption,
];

export const MODEL_OPTIONS: readonly INodeProperties[] = [
	...MODEL_REQUEST_OPTIONS,
	streamResponseOption,
];

export const requestMetadataOption: INodeProperties = {
	displayName: 'Request Metadata',
	name: 'requestMetadata',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Pair',
	default: {},
	description:
		'Key-value pairs Bedrock writes into model invocation logs, where they can be filtered on. Every call already names the workflow (n8nWorkflowId), the execution (n8nExecutionId) and the node (n8nNode); add up to 13 more. Keys 1 to 256 characters, values up to 256, of letters, digits, spaces and . _ : / = + $ @ -.',
	options: [
		{
			name: 'pairs',
			displayName: 'Pair',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'e.g. team' },
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. finance',
				},
			],
		},
	],
};

export const COST_OPTIONS: readonly INodeProperties[] = [
	{
		displayName: 'Estimate Cost',
		name: 'estimateCost',
		type: 'boolean',
		default: false,
		description:
			'Whether to add the output field "cost": the item\'s input, output and cache tokens times the prices of its model and service tier, from the package\'s price table (its date and source are in the docs) or Prices (JSON). Where no price is known there is no estimate, and "costNote" says which price is missing.',
	},
	{
		displayName: 'Prices (JSON)',
		name: 'prices',
		type: 'json',
		default: '{}',
		description:
			'Your prices per model and tier, in USD per 1,000,000 tokens, used instead of the table\'s: {"amazon.nova-lite-v1:0": {"default": {"input": 0.06, "output": 0.24, "cacheRead": 0.015}}}',
		displayOptions: { show: { estimateCost: [true] } },
	},
];

export const CONVERSE_OPTIONS: readonly INodeProperties[] = [
	adaptiveThinkingOption,
	guardrailTraceOption,
	requestMetadataOption,
	maxTokensOption,
	reasoningBudgetOption,
	reasoningEffortOption,
	stopSequencesOption,
	temperatureOption,
	topPOption,
];
