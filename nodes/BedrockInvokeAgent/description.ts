import type { INodeProperties } from 'n8n-workflow';

import { iamAuthenticationProperty } from '../shared/descriptions/authentication';
import {
	maxConcurrencyOption,
	throttlingBudgetOption,
	streamResponseOption,
} from '../shared/descriptions/options';
import { typedIdValidation } from '../shared/parameters/typedIds';

/** The alias of an agent's working draft, which every agent has. */
export const TEST_ALIAS_ID = 'TSTALIASID';

const agentProperty: INodeProperties = {
	displayName: 'Agent',
	name: 'agent',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The agent to talk to, in the Bedrock region of the credential',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAgents', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. AB12CD34EF',
			validation: typedIdValidation('Agent'),
		},
	],
};

const agentAliasProperty: INodeProperties = {
	displayName: 'Agent Alias',
	name: 'agentAlias',
	type: 'resourceLocator',
	default: { mode: 'id', value: TEST_ALIAS_ID },
	required: true,
	description: `The alias (version) of the agent to call; ${TEST_ALIAS_ID} is the working draft`,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchAgentAliases', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: `e.g. ${TEST_ALIAS_ID}`,
			validation: typedIdValidation('Agent Alias'),
		},
	],
};

export const properties: INodeProperties[] = [
	iamAuthenticationProperty,
	agentProperty,
	agentAliasProperty,
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.sessionId }}',
		description:
			'The conversation to continue. Leave empty to start a new one: the node makes an ID and returns it as sessionId, so a later call can pass it back.',
	},
	{
		displayName: 'Input Text',
		name: 'inputText',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. {{ $json.chatInput }}',
		description:
			'What to say to the agent. Needed unless the Return Control Results option answers an earlier request of the agent.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Enable Trace',
				name: 'enableTrace',
				type: 'boolean',
				default: false,
				description:
					"Whether to return the agent's reasoning steps as traces in the output (usage is reported either way)",
			},
			{
				displayName: 'End Session',
				name: 'endSession',
				type: 'boolean',
				default: false,
				description:
					'Whether this call ends the session; a later call with the same session ID starts anew',
			},
			{
				displayName: 'Files',
				name: 'files',
				type: 'string',
				default: '',
				placeholder: 'e.g. data, report',
				description:
					'Binary properties of the input item to attach, comma-separated: at most 5 files, 10 MB in all',
			},
			{
				displayName: 'Files Use Case',
				name: 'filesUseCase',
				type: 'options',
				default: 'CODE_INTERPRETER',
				description: 'How the agent uses the attached files',
				options: [
					{
						name: 'Code Interpreter',
						value: 'CODE_INTERPRETER',
						description: 'The agent analyses the files with code',
					},
					{
						name: 'Chat',
						value: 'CHAT',
						description: 'The agent answers questions about the files',
					},
				],
			},
			{
				displayName: 'Invocation ID',
				name: 'invocationId',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.returnControl.invocationId }}',
				description: 'The invocation ID of the return-control request the results answer',
			},
			{
				displayName: 'Knowledge Base Configurations (JSON)',
				name: 'knowledgeBaseConfigurations',
				type: 'json',
				default: '[]',
				description:
					'Retrieval settings per knowledge base of the agent, as a JSON array of {"knowledgeBaseId", "retrievalConfiguration"}',
			},
			maxConcurrencyOption,
			{
				displayName: 'Memory ID',
				name: 'memoryId',
				type: 'string',
				default: '',
				placeholder: 'e.g. user-42',
				description:
					'Whose memory the agent reads and writes, for agents with memory enabled. Use 2 to 100 letters, digits, dots, underscores, colons or dashes.',
			},
			{
				displayName: 'Prompt Session Attributes (JSON)',
				name: 'promptSessionAttributes',
				type: 'json',
				default: '{}',
				description:
					'Attributes for this prompt only, as a JSON object of names and values; the agent sees them in its prompt',
			},
			{
				displayName: 'Return Control Results (JSON)',
				name: 'returnControlResults',
				type: 'json',
				default: '[]',
				description:
					'Results of the actions the agent asked for, as a JSON array of {"apiResult": …} or {"functionResult": …}. With results, Input Text is ignored.',
			},
			{
				displayName: 'Session Attributes (JSON)',
				name: 'sessionAttributes',
				type: 'json',
				default: '{}',
				description:
					'Attributes that last for the whole session, as a JSON object of names and values',
			},
			{
				displayName: 'Stream Final Response',
				name: 'streamFinalResponse',
				type: 'boolean',
				default: false,
				description:
					'Whether the agent sends its final answer in pieces as it is generated instead of at once. Turn on with Stream Response so a streaming chat shows the answer while it is written.',
			},
			streamResponseOption,
			throttlingBudgetOption,
		],
	},
];
