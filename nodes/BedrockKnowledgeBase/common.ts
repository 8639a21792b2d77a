/**
 * What both operations read the same way: the knowledge base, the query, the guardrail, and how
 * a local parameter problem becomes the item's error.
 */
import type { GuardrailConfiguration } from '@aws-sdk/client-bedrock-agent-runtime';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { ParameterError } from '../shared/errors/parameterError';
import { checkTypedId } from '../shared/parameters/typedIds';

/** Options both operations have. */
export interface CommonOptions {
	guardrailIdentifier?: string;
	guardrailVersion?: string;
	maxAttempts?: number;
	maxConcurrency?: number;
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

/** A parameter problem as the item's NodeOperationError; anything else is passed on. */
export function parameterProblem(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): unknown {
	if (!(error instanceof ParameterError)) return error;
	return new NodeOperationError(ctx.getNode(), error.message, {
		itemIndex,
		description: error.hint,
	});
}
