import type { INodeProperties } from 'n8n-workflow';

import { maxConcurrencyOption } from '../shared/descriptions';
import { streamResponseOption } from '../shared/streaming';

export const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Accept',
			name: 'accept',
			type: 'string',
			default: 'application/json',
			placeholder: 'e.g. application/json',
			description:
				'Media type of the answer to ask for. A JSON answer is mapped to fields; text is returned in the field text and anything else as the binary property data.',
		},
		{
			displayName: 'Content Type',
			name: 'contentType',
			type: 'string',
			default: 'application/json',
			description: 'Media type of the request body; Bedrock models take JSON',
		},
		{
			displayName: 'Guardrail ID',
			name: 'guardrailIdentifier',
			type: 'string',
			default: '',
			placeholder: 'e.g. gr-abc123def456',
			description: 'Identifier or ARN of a Bedrock guardrail to apply to the prompt and the answer',
		},
		{
			displayName: 'Guardrail Trace',
			name: 'guardrailTrace',
			type: 'options',
			options: [
				{ name: 'Disabled', value: 'DISABLED' },
				{ name: 'Enabled', value: 'ENABLED' },
				{
					name: 'Enabled (Full)',
					value: 'ENABLED_FULL',
					description: 'The trace also lists what the guardrail did not act on',
				},
			],
			default: 'DISABLED',
			description:
				'Whether the answer carries the guardrail trace; it is output in the field guardrailTrace',
		},
		{
			displayName: 'Guardrail Version',
			name: 'guardrailVersion',
			type: 'string',
			default: 'DRAFT',
			description: 'Version number of the guardrail, or DRAFT',
		},
		{
			displayName: 'Include Raw Response',
			name: 'includeRawResponse',
			type: 'boolean',
			default: false,
			description:
				"Whether to add the model's whole answer in the field raw (a streamed answer: its list of chunks)",
		},
		maxConcurrencyOption,
		{
			displayName: 'Max Retries',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 3,
			description:
				'Attempts per request including the first; throttling slows the next attempts down (adaptive)',
		},
		{
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
		},
		{
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
		},
		streamResponseOption,
	],
};
