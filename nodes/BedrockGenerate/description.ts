import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { authenticationProperty, bedrockCredentials } from '../shared/descriptions/authentication';
import { anyModelProperty, locatorSubtitle } from '../shared/descriptions/model';
import * as generate from './actions/generate.operation';
import { actionNodeDescription } from '../shared/descriptions/node';
import codexFile from './BedrockGenerate.node.json';

const properties: INodeProperties[] = [
	authenticationProperty,
	anyModelProperty,
	...generate.description,
];

export const description: INodeTypeDescription = actionNodeDescription({
	name: 'bedrockGenerate',
	displayName: 'Bedrock Generate',
	description:
		'Call any Amazon Bedrock model with its own request body (InvokeModel): text, embeddings and images',
	subtitle: locatorSubtitle('model'),
	credentials: bedrockCredentials,
	codexFile,
	properties,
});
