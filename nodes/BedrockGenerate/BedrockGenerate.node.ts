import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { bedrockCredentials } from '../shared/descriptions/authentication';
import { credentialTest, searchAllModels } from '../shared/methods';
import { locatorSubtitle } from '../shared/descriptions/model';
import { nodeCodex } from '../shared/descriptions/docs';
import * as generate from './actions/generate.operation';
import codexFile from './BedrockGenerate.node.json';
import { properties } from './description';

export class BedrockGenerate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bedrock Generate',
		name: 'bedrockGenerate',
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: locatorSubtitle('model'),
		description:
			'Call any Amazon Bedrock model with its own request body (InvokeModel): text, embeddings and images',
		defaults: { name: 'Bedrock Generate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: bedrockCredentials,
		codex: nodeCodex(codexFile, 'bedrockGenerate', bedrockCredentials),
		properties,
	};

	methods = { credentialTest, listSearch: { searchAllModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { route } = await import('../shared/items/router');
		return await route.call(this, { generate });
	}
}
