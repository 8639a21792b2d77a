import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { iamAuthenticationProperty, iamCredentials } from '../shared/descriptions/authentication';
import { typedIdValidation } from '../shared/parameters/typedIds';
import * as invokeAgent from './actions/invokeAgent.operation';
import { actionNodeDescription } from '../shared/descriptions/node';
import codexFile from './BedrockInvokeAgent.node.json';
import { locatorSubtitle } from '../shared/descriptions/model';

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

const properties: INodeProperties[] = [
	iamAuthenticationProperty,
	agentProperty,
	agentAliasProperty,
	...invokeAgent.description,
];

export const description: INodeTypeDescription = actionNodeDescription({
	name: 'bedrockInvokeAgent',
	displayName: 'Bedrock Invoke Agent',
	description: 'Talk to an Amazon Bedrock agent: sessions, files, return control and streaming',
	subtitle: locatorSubtitle('agent'),
	credentials: iamCredentials,
	codexFile,
	properties,
});
