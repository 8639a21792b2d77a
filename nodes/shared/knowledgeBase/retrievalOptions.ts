/**
 * The fields of a knowledge base retrieval, for the Knowledge Base node and the Knowledge Base
 * Retriever: the knowledge base picker, and the options of the Options collection (search type,
 * metadata filter, data sources, reranking, guardrail).
 */
import type { INodeProperties } from 'n8n-workflow';

import { guardrailIdentifierOption, guardrailVersionOption } from '../descriptions/modelOptions';
import { typedIdValidation } from '../parameters/typedIds';
import { RERANKING_MODELS } from './retrievalConfiguration';

/** The knowledge base picker: ListKnowledgeBases of the credential's region, or an ID. */
export const knowledgeBaseProperty: INodeProperties = {
	displayName: 'Knowledge Base',
	name: 'knowledgeBase',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The knowledge base to query, in the Bedrock region of the credential',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchKnowledgeBases', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. AB12CD34EF',
			validation: typedIdValidation('Knowledge Base'),
		},
	],
};

export const searchTypeOption: INodeProperties = {
	displayName: 'Search Type',
	name: 'searchType',
	type: 'options',
	default: 'default',
	description: 'How the vector store matches the query against the chunks',
	options: [
		{
			name: 'Default',
			value: 'default',
			description: 'The vector store decides (semantic for most stores)',
		},
		{
			name: 'Hybrid',
			value: 'HYBRID',
			description: 'Meaning and keywords together; needs a store with a filterable text field',
		},
		{ name: 'Semantic', value: 'SEMANTIC', description: 'By meaning (vector embeddings) only' },
	],
};

export const metadataFilterOption: INodeProperties = {
	displayName: 'Metadata Filter (JSON)',
	name: 'metadataFilter',
	type: 'json',
	default: '{}',
	description:
		'Only chunks whose metadata matches, as a RetrievalFilter, e.g. {"andAll": [{"equals": {"key": "category", "value": "shipping"}}, {"greaterThanOrEquals": {"key": "year", "value": 2024}}]}. Checked before the request.',
};

export const dataSourcesOption: INodeProperties = {
	displayName: 'Data Source Names or IDs',
	name: 'dataSources',
	type: 'multiOptions',
	typeOptions: {
		loadOptionsMethod: 'getDataSources',
		loadOptionsDependsOn: ['knowledgeBase.value'],
	},
	default: [],
	description:
		'Search only these data sources of the knowledge base (a filter on the data source of each chunk, combined with the Metadata Filter). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const rerankingModelOption: INodeProperties = {
	displayName: 'Reranking Model',
	name: 'rerankingModel',
	type: 'options',
	default: '',
	description:
		'Reorder the retrieved chunks by relevance with a reranking model of the Bedrock region (where the region offers it)',
	options: [{ name: 'None', value: '' }, ...RERANKING_MODELS],
};

export const numberOfRerankedResultsOption: INodeProperties = {
	displayName: 'Number of Reranked Results',
	name: 'numberOfRerankedResults',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: 5,
	description: 'How many chunks to keep after reranking (with a Reranking Model only)',
};

/** The options both operations offer: all of the above and the guardrail. */
export const retrievalOptions: INodeProperties[] = [
	dataSourcesOption,
	guardrailIdentifierOption,
	guardrailVersionOption,
	metadataFilterOption,
	numberOfRerankedResultsOption,
	rerankingModelOption,
	searchTypeOption,
];
