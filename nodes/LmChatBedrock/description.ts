import type { INodeProperties } from 'n8n-workflow';

import {
	authenticationProperty,
	guardrailIdentifierOption,
	guardrailVersionOption,
	maxAttemptsOption,
	modelProperty,
	performanceLatencyOption,
	serviceTierOption,
} from '../shared/descriptions';

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		guardrailIdentifierOption,
		{
			displayName: 'Guardrail Trace',
			name: 'guardrailTrace',
			type: 'options',
			options: [
				{ name: 'Disabled', value: 'disabled' },
				{ name: 'Enabled', value: 'enabled' },
				{ name: 'Enabled (Full)', value: 'enabled_full' },
			],
			default: 'disabled',
		},
		guardrailVersionOption,
		maxAttemptsOption,
		{
			displayName: 'Max Tokens',
			name: 'maxTokens',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description: 'Most tokens the model may generate per answer',
		},
		performanceLatencyOption,
		{
			displayName: 'Prompt Caching',
			name: 'promptCaching',
			type: 'boolean',
			default: false,
			description:
				"Whether to place cache points after the system message and the agent's tools, so the next turns read that prefix from the cache",
		},
		{
			displayName: 'Reasoning Budget (Tokens)',
			name: 'reasoningBudget',
			type: 'number',
			typeOptions: { minValue: 1024 },
			default: 4096,
			description:
				'Lets models that reason (Anthropic Claude 3.7 and later) think with up to this many tokens before answering',
		},
		serviceTierOption,
		{
			displayName: 'Stop Sequences',
			name: 'stopSequences',
			type: 'string',
			typeOptions: { multipleValues: true },
			default: [],
			description: 'Text that makes the model stop generating',
		},
		{
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.7,
			description: 'Randomness of the answer, from 0 (focused) to 1 (creative)',
		},
		{
			displayName: 'Top P',
			name: 'topP',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.9,
			description: 'Share of the most likely tokens the model samples from',
		},
	],
};

export const properties: INodeProperties[] = [authenticationProperty, modelProperty, options];
