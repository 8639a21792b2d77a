import type {
	INodeType,
	INodeTypeDescription,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentialTest, searchModels } from '../shared/methods';
import { locatorSubtitle } from '../shared/descriptions/model';
import { nodeCodex } from '../shared/descriptions/docs';
import { bedrockCredentials } from '../shared/descriptions/authentication';
import codexFile from './LmChatBedrock.node.json';
import { properties } from './description';

export class LmChatBedrock implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bedrock Chat Model',
		name: 'lmChatBedrock',
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: locatorSubtitle('model'),
		description:
			'Amazon Bedrock chat model (Converse API) for the AI Agent and chains, with Assume Role, IAM Roles Anywhere, access keys or a Bedrock API key',
		defaults: { name: 'Bedrock Chat Model' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		credentials: bedrockCredentials,
		codex: nodeCodex(codexFile, 'lmChatBedrock', bedrockCredentials),
		properties,
	};

	methods = {
		credentialTest,
		listSearch: { searchModels },
	};

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const { supplyData } = await import('./supplyData');
		return await supplyData.call(this, itemIndex);
	}
}
