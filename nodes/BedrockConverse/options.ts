import type { INodeProperties } from 'n8n-workflow';

import {
	guardrailTraceOption,
	maxTokensOption,
	reasoningBudgetOption,
	stopSequencesOption,
	temperatureOption,
	topPOption,
	actionOptions,
	MODEL_OPTIONS,
} from '../shared/descriptions/options';

/** The node's own options; actionOptions adds those of every action node. */
const own: INodeProperties[] = [
	{
		displayName: 'Additional Model Request Fields',
		name: 'additionalModelRequestFields',
		type: 'json',
		default: '{}',
		description:
			'Model-specific parameters Converse passes through, e.g. {"top_k": 50} for Anthropic models',
	},
	guardrailTraceOption,
	maxTokensOption,
	{
		displayName: 'Prompt Caching',
		name: 'promptCaching',
		type: 'boolean',
		default: false,
		description:
			'Whether to place cache points after the system prompt and the tools, so repeated prefixes are read from the cache',
	},
	reasoningBudgetOption,
	stopSequencesOption,
	{
		displayName: 'Structured Output Schema',
		name: 'outputSchema',
		type: 'json',
		default: '{\n  "type": "object",\n  "properties": {}\n}',
		description:
			'A JSON schema the answer must follow; the parsed answer is in the output field "structuredOutput"',
	},
	temperatureOption,
	{
		displayName: 'Tool Choice',
		name: 'toolChoice',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto', description: 'The model decides whether to call a tool' },
			{ name: 'Any', value: 'any', description: 'The model must call one of the tools' },
			{
				name: 'Specific Tool',
				value: 'tool',
				description: 'The model must call the tool named below',
			},
		],
		default: 'auto',
	},
	{
		displayName: 'Tool Name',
		name: 'toolName',
		type: 'string',
		default: '',
		description: 'The tool the model must call, with Tool Choice "Specific Tool"',
	},
	{
		displayName: 'Tools',
		name: 'tools',
		type: 'json',
		default:
			'[\n  {\n    "name": "get_weather",\n    "description": "Current weather of a city",\n    "inputSchema": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] }\n  }\n]',
		description:
			'Tools the model may call, as a JSON array of {name, description, inputSchema}. Calls come back in the output field "toolCalls".',
	},
	topPOption,
];

export const options = actionOptions([...own, ...MODEL_OPTIONS]);
