/** Generate's fields: the request body template, its variables and the output mapping. */
import type { INodeProperties } from 'n8n-workflow';

import { EXAMPLE_TEMPLATES, type ModelFamily } from './modelFamilies';

/** Families offered under Template Example, with the name shown. */
const EXAMPLES: Array<{ name: string; family: ModelFamily }> = [
	{ name: 'Amazon Nova', family: 'nova' },
	{ name: 'Amazon Titan Embeddings', family: 'titanEmbed' },
	{ name: 'Amazon Titan Text', family: 'titanText' },
	{ name: 'Anthropic Claude', family: 'anthropic' },
	{ name: 'Cohere Command R', family: 'cohere' },
	{ name: 'Cohere Embed', family: 'cohereEmbed' },
	{ name: 'DeepSeek R1', family: 'deepseek' },
	{ name: 'Meta Llama', family: 'llama' },
	{ name: 'Mistral (Chat)', family: 'mistralChat' },
	{ name: 'Mistral (Text Completion)', family: 'mistral' },
	{ name: 'OpenAI GPT-OSS / DeepSeek V3', family: 'openai' },
];

/** The first example: the Anthropic Messages body, whose {{prompt}} the default variable fills. */
const DEFAULT_FAMILY: ModelFamily = 'anthropic';

/**
 * Request Body Template, once per family, each shown for its Template Example and starting as
 * that family's example. n8n's editor drops a value equal to its default when a parameter
 * changes and then adds the defaults of what is shown: choosing another example fills a
 * template the user has not edited, and keeps one they have.
 */
const requestBodyTemplates: INodeProperties[] = EXAMPLES.map(({ family }) => requestBodyOf(family));

function requestBodyOf(family: ModelFamily): INodeProperties {
	const example = EXAMPLE_TEMPLATES[family];
	return {
		displayName: 'Request Body Template',
		name: 'requestBody',
		type: 'string',
		typeOptions: { rows: 12 },
		default: example,
		required: true,
		noDataExpression: true,
		description:
			'The JSON body the model expects, as in its inference parameters in the Bedrock user guide. {{name}} placeholders are filled from Prompt Variables; this field is not an n8n expression. Inside quotes a value is inserted as escaped text; outside quotes it becomes a JSON value (number, boolean, object or quoted string).',
		displayOptions: { show: { templateExample: [family] } },
	};
}

/** A Prompt Variables row (built by a call: the linter would read a literal as an option). */
const variableRow = (name: string, value = '', type = 'auto') => ({ name, value, type });

/** The fields of the request body and of the output mapping. */
export const generateFields: INodeProperties[] = [
	{
		displayName:
			'Placeholders in the template are written {{name}} and filled from Prompt Variables, escaped for JSON. Keep the template in Fixed mode; put n8n expressions in the variable values.',
		name: 'templateNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Template Example',
		name: 'templateExample',
		type: 'options',
		options: EXAMPLES.map(({ name, family }) => ({ name, value: family })),
		default: DEFAULT_FAMILY,
		description:
			'Fills Request Body Template with the request body of a model family, as long as you have not edited it (an edited template stays). Only the template is sent; pick the family of the model you call.',
	},
	...requestBodyTemplates,
	{
		displayName: 'Prompt Variables',
		name: 'promptVariables',
		type: 'fixedCollection',
		placeholder: 'Add Variable',
		typeOptions: { multipleValues: true, sortable: true },
		default: { variable: [variableRow('prompt')] },
		description: 'Values for the {{name}} placeholders of the template',
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. prompt',
						description:
							'Placeholder name without braces, made of letters, digits, underscores, dots and hyphens',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						typeOptions: { rows: 2 },
						default: '',
						placeholder: 'e.g. {{ $json.question }}',
						description: 'Text or an n8n expression; quotes, braces and newlines are escaped',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{
								name: 'Auto',
								value: 'auto',
								description: 'As given: text stays text, expression results keep their type',
							},
							{ name: 'Boolean', value: 'boolean', description: 'True or false' },
							{
								name: 'JSON',
								value: 'json',
								description: 'JSON text inserted as a value, e.g. an array of messages',
							},
							{ name: 'Number', value: 'number' },
							{ name: 'String', value: 'string' },
						],
						default: 'auto',
					},
				],
			},
		],
	},
	{
		displayName: 'Output Mapping',
		name: 'outputMapping',
		type: 'options',
		options: [
			{
				name: 'Custom',
				value: 'custom',
				description: 'Read your own fields from the answer by JSONPath',
			},
			{
				name: 'Model Default',
				value: 'default',
				description:
					"The fields of the model's family: text, usage (token counts), stopReason, or embedding",
			},
		],
		default: 'default',
	},
	{
		displayName: 'Custom Output Fields',
		name: 'customOutputFields',
		type: 'fixedCollection',
		placeholder: 'Add Field',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		description:
			'Fields read from the JSON answer (a streamed answer: its list of chunks). A field whose path matches nothing is left out.',
		displayOptions: { show: { outputMapping: ['custom'] } },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. summary',
						description: 'Name of the output field; a default field of the same name is replaced',
					},
					{
						displayName: 'JSONPath',
						name: 'path',
						type: 'string',
						default: '',
						placeholder: 'e.g. $.content[0].text',
						description:
							"Plain path into the answer: $.a.b[0], $..x, $.items[*], $['key']. Filters and scripts are refused.",
					},
				],
			},
		],
	},
	{
		displayName: 'Include Model Default Fields',
		name: 'includeDefaultFields',
		type: 'boolean',
		default: true,
		description: "Whether to output the model family's default fields next to the custom ones",
		displayOptions: { show: { outputMapping: ['custom'] } },
	},
];
