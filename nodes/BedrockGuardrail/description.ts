import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { authenticationProperty, bedrockCredentials } from '../shared/descriptions/authentication';
import { locatorSubtitle } from '../shared/descriptions/model';
import { actionNodeDescription } from '../shared/descriptions/node';
import { typedIdValidation } from '../shared/parameters/typedIds';
import * as apply from './actions/apply.operation';
import codexFile from './BedrockGuardrail.node.json';

const guardrailProperty: INodeProperties = {
	displayName: 'Guardrail',
	name: 'guardrail',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The guardrail to apply, in the Bedrock region of the credential',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchGuardrails', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. abc123def456',
			validation: typedIdValidation('Guardrail'),
		},
		{
			displayName: 'By ARN',
			name: 'arn',
			type: 'string',
			placeholder: 'e.g. arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456',
			validation: typedIdValidation('Guardrail ARN'),
		},
	],
};

/**
 * Passed and Intervened, or one output when the user prefers an IF node; n8n evaluates this
 * expression in the editor and at run time (the router asks the operation for the same count).
 */
const OUTPUTS: `={{${string}}}` =
	"={{ $parameter.outputMode === 'single' ? [{ type: 'main' }] : [{ type: 'main', displayName: 'Passed' }, { type: 'main', displayName: 'Intervened' }] }}";

const properties: INodeProperties[] = [
	authenticationProperty,
	guardrailProperty,
	{
		displayName: 'Guardrail Version Name or ID',
		name: 'guardrailVersion',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getGuardrailVersions',
			loadOptionsDependsOn: ['guardrail.value'],
		},
		default: 'DRAFT',
		description:
			'DRAFT (the working draft) or a version number. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		default: 'INPUT',
		description: 'Which of the guardrail’s settings apply: those for prompts or those for answers',
		options: [
			{
				name: 'Input (User Prompt)',
				value: 'INPUT',
				description:
					'Check text on its way to a model; blocked text gets the blocked-input message',
			},
			{
				name: 'Output (Model Answer)',
				value: 'OUTPUT',
				description: 'Check text a model wrote; blocked text gets the blocked-output message',
			},
		],
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.message }}',
		description: 'The text to check',
	},
	{
		displayName: 'Outputs',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		default: 'split',
		options: [
			{
				name: 'Passed and Intervened',
				value: 'split',
				description: 'Two outputs: items the guardrail let through, and items it blocked or masked',
			},
			{
				name: 'One Output',
				value: 'single',
				description:
					'Every item on one output, with "passed" true or false (for an IF or Switch node)',
			},
		],
	},
	...apply.description,
];

export const description: INodeTypeDescription = actionNodeDescription({
	name: 'bedrockGuardrail',
	displayName: 'Bedrock Guardrail',
	description:
		'Check any text with an Amazon Bedrock guardrail: route what passes and what is blocked or masked',
	subtitle: locatorSubtitle('guardrail'),
	credentials: bedrockCredentials,
	codexFile,
	properties,
	outputs: OUTPUTS,
});
