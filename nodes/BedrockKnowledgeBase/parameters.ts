/** What both operations read the same way: the knowledge base, the query, the guardrail. */
import type { GuardrailConfiguration } from '@aws-sdk/client-bedrock-agent-runtime';
import type { IExecuteFunctions } from 'n8n-workflow';

import { ParameterError } from '../shared/errors/parameterError';
import { checkTypedId } from '../shared/parameters/typedIds';

/** Options both operations have. */
export interface CommonOptions {
	guardrailIdentifier?: string;
	guardrailVersion?: string;
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

/** Number of Results, a field of both operations (checked with the retrieval configuration). */
export function readNumberOfResults(ctx: IExecuteFunctions, itemIndex: number): number {
	return ctx.getNodeParameter('numberOfResults', itemIndex, 5) as number;
}

export function readGuardrail(options: CommonOptions): GuardrailConfiguration | undefined {
	const guardrailId = options.guardrailIdentifier?.trim();
	if (!guardrailId) return undefined;
	return { guardrailId, guardrailVersion: options.guardrailVersion?.trim() || 'DRAFT' };
}
