import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { credentialTest, searchModels } from '../shared/methods';
import { locatorSubtitle } from '../shared/descriptions/model';
import { nodeCodex } from '../shared/descriptions/docs';
import { iamCredentials } from '../shared/descriptions/authentication';
import * as retrieve from './actions/retrieve.operation';
import * as retrieveAndGenerate from './actions/retrieveAndGenerate.operation';
import codexFile from './BedrockKnowledgeBase.node.json';
import { properties } from './description';
import { getDataSources, searchKnowledgeBases } from './methods';

export class BedrockKnowledgeBase implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bedrock Knowledge Base',
		name: 'bedrockKnowledgeBase',
		icon: { light: 'file:../../icons/bedrock.svg', dark: 'file:../../icons/bedrock.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: locatorSubtitle(
			'knowledgeBase',
			'($parameter["operation"] === "retrieve" ? "Retrieve: " : "Answer: ")',
		),
		description:
			'Search an Amazon Bedrock knowledge base, or answer from it with citations (retrieval-augmented generation)',
		defaults: { name: 'Bedrock Knowledge Base' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: iamCredentials,
		codex: nodeCodex(codexFile, 'bedrockKnowledgeBase', iamCredentials),
		properties,
	};

	methods = {
		credentialTest,
		listSearch: { searchKnowledgeBases, searchModels },
		loadOptions: { getDataSources },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { route } = await import('../shared/items/router');
		return await route.call(this, { retrieve, retrieveAndGenerate });
	}
}
