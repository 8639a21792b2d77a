import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { bedrockCredentials } from '../shared/descriptions/authentication';
import { nodeCodex } from '../shared/descriptions/docs';
import { locatorSubtitle } from '../shared/descriptions/model';
import { credentialTest, searchModels } from '../shared/methods';
import * as converse from './actions/converse.operation';
import codexFile from './BedrockConverse.node.json';
import { properties } from './description';

export class BedrockConverse implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bedrock Converse',
		name: 'bedrockConverse',
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: locatorSubtitle('model'),
		description: 'Chat with an Amazon Bedrock model through the Converse API',
		defaults: { name: 'Bedrock Converse' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: bedrockCredentials,
		codex: nodeCodex(codexFile, 'bedrockConverse', bedrockCredentials),
		properties,
	};

	methods = { credentialTest, listSearch: { searchModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { route } = await import('../shared/items/router');
		return await route.call(this, { converse });
	}
}
