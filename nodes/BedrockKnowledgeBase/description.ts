import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { iamAuthenticationProperty, iamCredentials } from '../shared/descriptions/authentication';
import * as retrieve from './actions/retrieve.operation';
import * as retrieveAndGenerate from './actions/retrieveAndGenerate.operation';
import { actionNodeDescription } from '../shared/descriptions/node';
import codexFile from './BedrockKnowledgeBase.node.json';
import { locatorSubtitle } from '../shared/descriptions/model';
import { knowledgeBaseProperty } from '../shared/knowledgeBase/retrievalOptions';

const properties: INodeProperties[] = [
	iamAuthenticationProperty,
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'retrieveAndGenerate',
		options: [
			{
				name: 'Retrieve',
				value: 'retrieve',
				description: 'Find the chunks that best match a query, with their sources',
				action: 'Retrieve chunks from a knowledge base',
			},
			{
				name: 'Retrieve and Generate',
				value: 'retrieveAndGenerate',
				description: 'Answer a question from the knowledge base, with citations',
				action: 'Answer a question from a knowledge base',
			},
		],
	},
	knowledgeBaseProperty,
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.chatInput }}',
		description: 'The question or search text',
	},
	{
		// Both operations retrieve first: one field, in one place, for both.
		displayName: 'Number of Results',
		name: 'numberOfResults',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 5,
		description:
			'How many chunks to retrieve, best first (for Retrieve and Generate: the chunks the model reads)',
	},
	...retrieve.description,
	...retrieveAndGenerate.description,
];

export const description: INodeTypeDescription = actionNodeDescription({
	name: 'bedrockKnowledgeBase',
	displayName: 'Bedrock Knowledge Base',
	description:
		'Search an Amazon Bedrock knowledge base, or answer from it with citations (retrieval-augmented generation)',
	subtitle: locatorSubtitle(
		'knowledgeBase',
		'($parameter["operation"] === "retrieve" ? "Retrieve: " : "Answer: ")',
	),
	credentials: iamCredentials,
	codexFile,
	properties,
});
