import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { iamAuthenticationProperty, iamCredentials } from '../shared/descriptions/authentication';
import { locatorSubtitle } from '../shared/descriptions/model';
import { subNodeDescription } from '../shared/descriptions/node';
import { subNodeOptions } from '../shared/descriptions/options';
import { knowledgeBaseProperty, retrievalOptions } from '../shared/knowledgeBase/retrievalOptions';
import codexFile from './RetrieverBedrockKnowledgeBase.node.json';

/** The retriever's options: the Knowledge Base node's retrieval options; a budget per query. */
const options = subNodeOptions(retrievalOptions);

export const description: INodeTypeDescription = subNodeDescription({
	name: 'retrieverBedrockKnowledgeBase',
	displayName: 'Bedrock Knowledge Base Retriever',
	description:
		'Retrieve documents from an Amazon Bedrock knowledge base for the Question and Answer Chain and other retriever users, with Assume Role, IAM Roles Anywhere or access keys',
	subtitle: locatorSubtitle('knowledgeBase'),
	credentials: iamCredentials,
	codexFile,
	properties: [
		iamAuthenticationProperty,
		knowledgeBaseProperty,
		{
			displayName: 'Number of Results',
			name: 'numberOfResults',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 5,
			description: 'How many chunks to retrieve for each query, best first',
		},
		options,
	],
	output: { type: NodeConnectionTypes.AiRetriever, name: 'Retriever' },
});
