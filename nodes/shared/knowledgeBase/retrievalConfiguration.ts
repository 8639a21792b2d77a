/**
 * The retrieval settings both operations share, turned into the API's
 * `KnowledgeBaseRetrievalConfiguration`: number of results, search type, metadata filter
 * (restricted to chosen data sources) and reranking with a reranking model of the region.
 */
import type {
	KnowledgeBaseRetrievalConfiguration,
	KnowledgeBaseVectorSearchConfiguration,
} from '@aws-sdk/client-bedrock-agent-runtime';

import { combineFilters, readMetadataFilter } from './filter';
import { ParameterError } from '../errors/parameterError';

/** The retrieval options of the node, as n8n hands them over. */
export interface RetrievalOptions {
	/** Chunks to retrieve, 1 to 100. Absent: the service's default (5). */
	numberOfResults?: number;
	/** `default` (absent): the vector store's own choice; else `HYBRID` or `SEMANTIC`. */
	searchType?: string;
	/** JSON text or object of a RetrievalFilter. */
	metadataFilter?: unknown;
	/** Data source IDs to search in; absent or empty: all of them. */
	dataSources?: string[] | string;
	/** Reranking model ID (`amazon.rerank-v1:0`); empty: no reranking. */
	rerankingModel?: string;
	/** How many reranked chunks to keep. Absent: all retrieved. */
	numberOfRerankedResults?: number;
}

/** Reranking models Bedrock offers for knowledge bases (Bedrock user guide, "Rerank"). */
export const RERANKING_MODELS = [
	{ name: 'Amazon Rerank 1.0', value: 'amazon.rerank-v1:0' },
	{ name: 'Cohere Rerank 3.5', value: 'cohere.rerank-v3-5:0' },
] as const;

/** `arn:<partition>:bedrock:<region>::foundation-model/<id>` */
export const foundationModelArn = (partition: string, region: string, modelId: string) =>
	`arn:${partition}:bedrock:${region}::foundation-model/${modelId}`;

function checkCount(field: string, value: number | undefined): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Number.isInteger(value) || value < 1 || value > 100) {
		throw new ParameterError(field, `${String(value)} is out of range`, 'Use 1 to 100.');
	}
	return value;
}

/**
 * The retrieval configuration of one query; undefined when every option is left at its default.
 * Checks everything locally, so a bad filter or count never reaches AWS.
 */
export function buildRetrievalConfiguration(
	options: RetrievalOptions,
	place: { partition: string; region: string },
): KnowledgeBaseRetrievalConfiguration | undefined {
	const vector: KnowledgeBaseVectorSearchConfiguration = {};
	const count = checkCount('Number of Results', options.numberOfResults);
	if (count !== undefined) vector.numberOfResults = count;
	if (options.searchType === 'HYBRID' || options.searchType === 'SEMANTIC') {
		vector.overrideSearchType = options.searchType;
	}
	const dataSources = Array.isArray(options.dataSources)
		? options.dataSources
		: String(options.dataSources ?? '').split(',');
	const filter = combineFilters(readMetadataFilter(options.metadataFilter), dataSources);
	if (filter) vector.filter = filter;
	const reranker = options.rerankingModel?.trim();
	if (reranker) {
		const kept = checkCount('Number of Reranked Results', options.numberOfRerankedResults);
		vector.rerankingConfiguration = {
			type: 'BEDROCK_RERANKING_MODEL',
			bedrockRerankingConfiguration: {
				modelConfiguration: {
					modelArn: reranker.startsWith('arn:')
						? reranker
						: foundationModelArn(place.partition, place.region, reranker),
				},
				...(kept !== undefined ? { numberOfRerankedResults: kept } : {}),
			},
		};
	}
	return Object.keys(vector).length > 0 ? { vectorSearchConfiguration: vector } : undefined;
}
