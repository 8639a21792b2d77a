import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { RERANKING_MODELS } from '../shared/knowledgeBase/retrievalConfiguration';
import { iamAuthenticationProperty, iamCredentials } from '../shared/descriptions/authentication';
import { subNodeDescription } from '../shared/descriptions/node';
import { batchSubNodeOptions } from '../shared/descriptions/options';
import codexFile from './RerankerBedrock.node.json';

export const MODEL_IDS: readonly string[] = RERANKING_MODELS.map((m) => m.value);

const properties: INodeProperties[] = [
	iamAuthenticationProperty,
	{
		displayName: 'Reranking Model',
		name: 'rerankingModel',
		type: 'options',
		default: 'amazon.rerank-v1:0',
		description:
			'The Bedrock reranking model, called in the Bedrock region of the credential (where the region offers it)',
		options: [...RERANKING_MODELS],
	},
	{
		displayName: 'Number of Results',
		name: 'topN',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 3,
		description: 'How many documents to keep, the most relevant first',
	},
	batchSubNodeOptions([]),
];

export const description: INodeTypeDescription = subNodeDescription({
	name: 'rerankerBedrock',
	displayName: 'Bedrock Reranker',
	description:
		'Reorders documents by relevance to the query with the Amazon Bedrock Rerank API (Amazon Rerank, Cohere Rerank), with Assume Role, IAM Roles Anywhere or access keys',
	subtitle: '={{ $parameter["rerankingModel"] }}',
	credentials: iamCredentials,
	codexFile,
	properties,
	output: { type: NodeConnectionTypes.AiReranker, name: 'Reranker' },
});
