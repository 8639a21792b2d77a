import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/descriptions/authentication';
import { modelProperty } from '../shared/descriptions/model';
import { options } from './options';

export const properties: INodeProperties[] = [
	authenticationProperty,
	modelProperty,
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		options: [
			{ name: 'Prompt', value: 'prompt', description: 'One user message' },
			{
				name: 'Messages',
				value: 'messages',
				description: 'A conversation of several turns, for follow-ups and tool results',
			},
		],
		default: 'prompt',
	},
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
		displayOptions: { show: { inputMode: ['prompt'] } },
	},
	{
		displayName: 'Messages Source',
		name: 'messagesSource',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json', description: 'Write the messages as JSON here' },
			{
				name: 'Input Item Field',
				value: 'field',
				description: "Read them from a field of the input item, e.g. a previous run's conversation",
			},
		],
		default: 'json',
		displayOptions: { show: { inputMode: ['messages'] } },
	},
	{
		displayName: 'Messages',
		name: 'messagesJson',
		type: 'json',
		default: '[\n  { "role": "user", "content": "Hello" }\n]',
		description:
			'Converse messages, oldest first: role "user" or "assistant" and content as text or a list of content blocks. The output field "message" of a previous run can be appended as is.',
		displayOptions: { show: { inputMode: ['messages'], messagesSource: ['json'] } },
	},
	{
		displayName: 'Messages Field',
		name: 'messagesField',
		type: 'string',
		default: 'messages',
		description:
			'Name of the input item field that holds the messages array (dots for nested fields)',
		displayOptions: { show: { inputMode: ['messages'], messagesSource: ['field'] } },
	},
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, invoice',
		description:
			'Binary properties of the input item to send with the (last) user message: images, documents or videos; the format follows the MIME type',
	},
	options,
];
