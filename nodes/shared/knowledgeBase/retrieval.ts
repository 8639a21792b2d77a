/**
 * What every knowledge base retrieval reads the same way (the Knowledge Base node's two
 * operations and the Knowledge Base Retriever sub-node): the knowledge base, the query, how to
 * retrieve and the guardrail, and the Retrieve request built from them. Every check runs here,
 * before any request.
 */
import type {
	GuardrailConfiguration,
	KnowledgeBaseRetrievalConfiguration,
	RetrieveCommandInput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { IDataObject } from 'n8n-workflow';

import type { ConnectionConfig } from '../auth/connection';
import { ParameterError } from '../errors/parameterError';
import { checkTypedId } from '../parameters/typedIds';
import { buildRetrievalConfiguration, type RetrievalOptions } from './retrievalConfiguration';

/** The retrieval options of the Options collection (retrievalOptions.ts) and the guardrail. */
export interface CommonOptions extends RetrievalOptions {
	guardrailIdentifier?: string;
	guardrailVersion?: string;
}

/** Where the parameters come from: an action node's or a sub-node's context. */
export interface ParameterSource {
	getNodeParameter(
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: { extractValue?: boolean },
	): unknown;
}

/** How to retrieve, without the query: what a retriever reads once and uses for every query. */
export interface RetrievalSettings {
	knowledgeBaseId: string;
	retrievalConfiguration: KnowledgeBaseRetrievalConfiguration | undefined;
	guardrail: GuardrailConfiguration | undefined;
}

/** One retrieval: the settings and the query. */
export interface Retrieval extends RetrievalSettings {
	query: string;
}

/** The most characters of a query (Retrieve's `retrievalQuery.text` takes at most 20,000). */
export const MAX_QUERY_LENGTH = 20000;

/** Reads and checks the knowledge base, the number of results, the search options, the guardrail. */
export function readRetrievalSettings(
	ctx: ParameterSource,
	itemIndex: number,
	options: IDataObject,
	connection: Pick<ConnectionConfig, 'partition' | 'bedrockRegion'>,
): RetrievalSettings {
	const common = options as CommonOptions;
	return {
		knowledgeBaseId: readKnowledgeBaseId(ctx, itemIndex),
		retrievalConfiguration: buildRetrievalConfiguration(
			{
				...common,
				numberOfResults: ctx.getNodeParameter('numberOfResults', itemIndex, 5) as number,
			},
			{ partition: connection.partition, region: connection.bedrockRegion },
		),
		guardrail: readGuardrail(common),
	};
}

/** The settings and the Query parameter of an item (the Knowledge Base node's operations). */
export function readRetrieval(
	ctx: ParameterSource,
	itemIndex: number,
	options: IDataObject,
	connection: Pick<ConnectionConfig, 'partition' | 'bedrockRegion'>,
): Retrieval {
	return {
		...readRetrievalSettings(ctx, itemIndex, options, connection),
		query: checkQuery(ctx.getNodeParameter('query', itemIndex, '')),
	};
}

export function readKnowledgeBaseId(ctx: ParameterSource, itemIndex: number): string {
	return checkTypedId(
		'Knowledge Base',
		String(ctx.getNodeParameter('knowledgeBase', itemIndex, '', { extractValue: true }) ?? ''),
	);
}

/** The query, checked: not blank, at most {@link MAX_QUERY_LENGTH} characters. */
export function checkQuery(value: unknown): string {
	const query = String(value ?? '');
	if (!query.trim()) {
		throw new ParameterError(
			'Query',
			'empty',
			'Enter the question to search the knowledge base for.',
		);
	}
	if (query.length > MAX_QUERY_LENGTH) {
		throw new ParameterError(
			'Query',
			`${query.length} characters`,
			'Use at most 20,000 characters.',
		);
	}
	return query;
}

export function readGuardrail(options: CommonOptions): GuardrailConfiguration | undefined {
	const guardrailId = options.guardrailIdentifier?.trim();
	if (!guardrailId) return undefined;
	return { guardrailId, guardrailVersion: options.guardrailVersion?.trim() || 'DRAFT' };
}

/** The Retrieve request of a retrieval. */
export const retrieveInput = (retrieval: Retrieval): RetrieveCommandInput => ({
	knowledgeBaseId: retrieval.knowledgeBaseId,
	retrievalQuery: { text: retrieval.query },
	retrievalConfiguration: retrieval.retrievalConfiguration,
	guardrailConfiguration: retrieval.guardrail,
});

/** Retrieve's quota: the account's requests per second in the region, whatever the credential. */
export const retrieveQuota = (region: string) => ({
	region,
	target: 'knowledge-base/Retrieve',
	perAccount: true,
});

/** Where a Retrieve error comes from, for the advice mapper. */
export const retrieveOrigin = (region: string) => ({
	region,
	service: 'bedrock-agent-runtime',
	operation: 'Retrieve',
});
