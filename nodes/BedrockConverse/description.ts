import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { authenticationProperty, bedrockCredentials } from '../shared/descriptions/authentication';
import { modelProperty, locatorSubtitle } from '../shared/descriptions/model';
import * as converse from './actions/converse.operation';
import { actionNodeDescription } from '../shared/descriptions/node';
import codexFile from './BedrockConverse.node.json';

const properties: INodeProperties[] = [
	authenticationProperty,
	modelProperty,
	...converse.description,
];

export const description: INodeTypeDescription = actionNodeDescription({
	name: 'bedrockConverse',
	displayName: 'Bedrock Converse',
	description: 'Chat with an Amazon Bedrock model through the Converse API',
	subtitle: locatorSubtitle('model'),
	credentials: bedrockCredentials,
	codexFile,
	properties,
});
