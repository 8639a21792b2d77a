/**
 * The request checks Retrieve and RetrieveAndGenerate make on the retrieval configuration:
 * `vectorSearchConfiguration` (numberOfResults 1-100, overrideSearchType, filter, reranking with
 * a reranking model of the region) and the guardrail configuration.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_KnowledgeBaseVectorSearchConfiguration.html
 */
import { foundationModelArn } from './catalog';
import { ApiError } from './protocol';
import { checkFilter } from './retrievalFilter';
import type { SearchOptions } from './knowledgeBaseSearch';

type Json = Record<string, unknown>;

/** Reranking models the emulated regions offer. */
export const RERANKING_MODELS = ['amazon.rerank-v1:0', 'cohere.rerank-v3-5:0'];

/** Words in a query that make an attached guardrail intervene. */
export const GUARDRAIL_TRIGGER = /\bconfidential\b/i;

export const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

export const validation = (message: string) => new ApiError(400, 'ValidationException', message);

/** Search options of a `retrievalConfiguration` (absent: 5 results, no filter). */
export function readRetrievalConfiguration(
	value: unknown,
	knowledgeBaseId: string,
	region: string,
): SearchOptions {
	const options: SearchOptions = { knowledgeBaseId, numberOfResults: 5 };
	if (value === undefined) return options;
	const vector = isObject(value) ? value.vectorSearchConfiguration : undefined;
	if (!isObject(vector)) {
		throw validation('retrievalConfiguration must contain vectorSearchConfiguration');
	}
	if (vector.numberOfResults !== undefined) {
		const n = vector.numberOfResults;
		if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100) {
			throw validation(
				`1 validation error detected: Value '${String(n)}' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and 100`,
			);
		}
		options.numberOfResults = n;
	}
	const type = vector.overrideSearchType;
	if (type !== undefined) {
		if (type !== 'HYBRID' && type !== 'SEMANTIC') {
			throw validation(
				`1 validation error detected: Value '${String(type)}' at 'retrievalConfiguration.vectorSearchConfiguration.overrideSearchType' failed to satisfy enum value set: [HYBRID, SEMANTIC]`,
			);
		}
		options.searchType = type;
	}
	if (vector.filter !== undefined) {
		checkFilter(vector.filter);
		options.filter = vector.filter as Json;
	}
	if (vector.rerankingConfiguration !== undefined) {
		options.rerank = readReranking(vector.rerankingConfiguration, region);
	}
	return options;
}

function readReranking(value: unknown, region: string): SearchOptions['rerank'] {
	const bedrock = isObject(value) ? value.bedrockRerankingConfiguration : undefined;
	if (!isObject(value) || value.type !== 'BEDROCK_RERANKING_MODEL' || !isObject(bedrock)) {
		throw validation(
			'rerankingConfiguration needs type BEDROCK_RERANKING_MODEL and bedrockRerankingConfiguration',
		);
	}
	const modelArn = isObject(bedrock.modelConfiguration)
		? bedrock.modelConfiguration.modelArn
		: undefined;
	const offered = RERANKING_MODELS.map((id) => foundationModelArn(region, id));
	if (typeof modelArn !== 'string' || !offered.includes(modelArn)) {
		throw validation(
			`The reranking model ${String(modelArn)} is not supported in ${region}. Use one of: ${offered.join(', ')}`,
		);
	}
	const n = bedrock.numberOfRerankedResults;
	if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 100)) {
		throw validation('numberOfRerankedResults must be between 1 and 100');
	}
	return { numberOfRerankedResults: n as number | undefined };
}

/** A `guardrailConfiguration`: both fields, or absent. */
export function readGuardrail(value: unknown): { guardrailId: string } | undefined {
	if (value === undefined) return undefined;
	if (
		!isObject(value) ||
		typeof value.guardrailId !== 'string' ||
		typeof value.guardrailVersion !== 'string' ||
		!/^[a-z0-9]+$/.test(value.guardrailId) ||
		!/^(DRAFT|[1-9][0-9]{0,7})$/.test(value.guardrailVersion)
	) {
		throw validation(
			'guardrailConfiguration needs guardrailId (lower-case letters and digits) and guardrailVersion (DRAFT or a number)',
		);
	}
	return { guardrailId: value.guardrailId };
}
