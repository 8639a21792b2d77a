/**
 * What both operations read the same way: the knowledge base, the query, how to retrieve and
 * the guardrail. Every check runs here, before any request.
 */
import type {
	GuardrailConfiguration,
	KnowledgeBaseRetrievalConfiguration,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { IExecuteFunctions } from 'n8n-workflow';

import { ParameterError } from '../shared/errors/parameterError';
import type { ItemContext } from '../shared/items/operation';
import { checkTypedId } from '../shared/parameters/typedIds';
import { buildRetrievalConfiguration, type RetrievalOptions } from './retrievalConfiguration';

/** Options both operations have. */
export interface CommonOptions extends RetrievalOptions {
	guardrailIdentifier?: string;
	guardrailVersion?: string;
}

/** The retrieval both operations start with. */
export interface Retrieval {
	knowledgeBaseId: string;
	query: string;
	retrievalConfiguration: KnowledgeBaseRetrievalConfiguration | undefined;
	guardrail: GuardrailConfiguration | undefined;
}

/** Reads and checks the item's retrieval: knowledge base, query, search options, guardrail. */
export function readRetrieval(ctx: IExecuteFunctions, item: ItemContext): Retrieval {
	const i = item.itemIndex;
	const options = item.options as CommonOptions;
	return {
		knowledgeBaseId: readKnowledgeBaseId(ctx, i),
		query: readQuery(ctx, i),
		retrievalConfiguration: buildRetrievalConfiguration(
			{ ...options, numberOfResults: ctx.getNodeParameter('numberOfResults', i, 5) as number },
			{ partition: item.connection.partition, region: item.connection.bedrockRegion },
		),
		guardrail: readGuardrail(options),
	};
}

export function readKnowledgeBaseId(ctx: IExecuteFunctions, itemIndex: number): string {
	return checkTypedId(
		'Knowledge Base',
		String(ctx.getNodeParameter('knowledgeBase', itemIndex, '', { extractValue: true }) ?? ''),
	);
}

export function readQuery(ctx: IExecuteFunctions, itemIndex: number): string {
	const query = String(ctx.getNodeParameter('query', itemIndex, '') ?? '');
	if (!query.trim()) {
		throw new ParameterError(
			'Query',
			'empty',
			'Enter the question to search the knowledge base for.',
		);
	}
	if (query.length > 20000) {
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
