import type { INodeProperties } from 'n8n-workflow';

import { actionOptions, MODEL_OPTIONS } from '../shared/descriptions/options';

/** The node's own options; actionOptions adds those of every action node. */
const own: INodeProperties[] = [
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
		displayName: 'Include Raw Response',
		name: 'includeRawResponse',
		type: 'boolean',
		default: false,
		description:
			"Whether to add the model's whole answer in the field raw (a streamed answer: its list of chunks)",
	},
];

export const options = actionOptions([...own, ...MODEL_OPTIONS]);
