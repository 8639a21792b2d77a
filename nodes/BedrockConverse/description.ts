import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty, maxConcurrencyOption, modelProperty } from '../shared/descriptions';

export const properties: INodeProperties[] = [
	authenticationProperty,
	modelProperty,
	{
		displayName: 'System Prompt',
		name: 'systemPrompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Instructions for the model; leave empty for none',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		required: true,
		placeholder: 'e.g. Summarise this ticket: {{ $json.body }}',
		description: 'The user message sent to the model',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			maxConcurrencyOption,
			{
				displayName: 'Max Tokens',
				name: 'maxTokens',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description: 'Most tokens the model may generate',
			},
			{
				displayName: 'Temperature',
				name: 'temperature',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				default: 0.7,
				description: 'Randomness of the answer, from 0 (focused) to 1 (creative)',
			},
		],
	},
];
