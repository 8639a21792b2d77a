/**
 * Bedrock Rerank (`POST /rerank`, Agents for Amazon Bedrock Runtime): scores each inline source
 * against the one query by the words they share (knowledgeBaseSearch's `words`), so a test knows
 * the order: 0.8 × the share of the query's words found in the source + 0.2 × a saturating count
 * of their occurrences, rounded to 4 places; best first, ties in the order sent. Answers
 * `numberOfResults` results (all when absent), each with its index, score and document.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_Rerank.html
 */
import { checkAllowed } from './access';
import { foundationModelArn } from './catalog';
import type { HandlerContext } from './context';
import { tokenCount } from './embeddings';
import { isObject, RERANKING_MODELS, validation } from './knowledgeBaseRequest';
import { words } from './knowledgeBaseSearch';
import { jsonResult, type Reply } from './protocol';

type Json = Record<string, unknown>;

const MAX_SOURCES = 1000;
const MAX_TEXT = 32000;

function textOf(value: unknown, field: string): string {
	const text = isObject(value) ? value.text : undefined;
	if (typeof text !== 'string' || text.length < 1 || text.length > MAX_TEXT) {
		throw validation(`${field}.text must be 1 to ${MAX_TEXT} characters`);
	}
	return text;
}

/** The text a source is scored by, and the document the answer returns for it. */
function readSource(value: unknown, i: number): { text: string; document: Json } {
	const inline = isObject(value) ? value.inlineDocumentSource : undefined;
	if (!isObject(value) || value.type !== 'INLINE' || !isObject(inline)) {
		throw validation(`sources.${i + 1}: type must be INLINE with an inlineDocumentSource`);
	}
	if (inline.type === 'TEXT') {
		const text = textOf(inline.textDocument, `sources.${i + 1}.inlineDocumentSource.textDocument`);
		return { text, document: { type: 'TEXT', textDocument: { text } } };
	}
	if (inline.type === 'JSON' && inline.jsonDocument !== undefined) {
		return {
			text: JSON.stringify(inline.jsonDocument),
			document: { type: 'JSON', jsonDocument: inline.jsonDocument },
		};
	}
	throw validation(`sources.${i + 1}.inlineDocumentSource.type must be TEXT or JSON`);
}

function readModel(ctx: HandlerContext, value: unknown): { modelId: string; count?: number } {
	const bedrock = isObject(value) ? value.bedrockRerankingConfiguration : undefined;
	if (!isObject(value) || value.type !== 'BEDROCK_RERANKING_MODEL' || !isObject(bedrock)) {
		throw validation(
			'rerankingConfiguration needs type BEDROCK_RERANKING_MODEL and bedrockRerankingConfiguration',
		);
	}
	const modelArn = isObject(bedrock.modelConfiguration)
		? bedrock.modelConfiguration.modelArn
		: undefined;
	const region = ctx.region!;
	const modelId = RERANKING_MODELS.find((id) => foundationModelArn(region, id) === modelArn);
	if (!modelId) {
		throw validation(
			`The reranking model ${String(modelArn)} is not supported in ${region}. Use one of: ${RERANKING_MODELS.map((id) => foundationModelArn(region, id)).join(', ')}`,
		);
	}
	const n = bedrock.numberOfResults;
	if (
		n !== undefined &&
		(!Number.isInteger(n) || (n as number) < 1 || (n as number) > MAX_SOURCES)
	) {
		throw validation(`numberOfResults must be between 1 and ${MAX_SOURCES}`);
	}
	return { modelId, count: n as number | undefined };
}

const round = (n: number) => Math.round(n * 10000) / 10000;

/** The relevance of a text to the query's words, in [0, 1]. */
export function relevance(terms: readonly string[], text: string): number {
	if (terms.length === 0) return 0;
	const docWords = words(text);
	const found = terms.filter((t) => docWords.includes(t)).length;
	const hits = docWords.filter((w) => terms.includes(w)).length;
	return round(0.8 * (found / terms.length) + 0.2 * (hits / (hits + 2)));
}

/** `POST /rerank` */
export function rerank(ctx: HandlerContext): Reply {
	checkAllowed(ctx, 'bedrock:Rerank', '*');
	const body: Json = isObject(ctx.body) ? ctx.body : {};
	const { queries, sources } = body;
	if (!Array.isArray(queries) || queries.length !== 1) {
		throw validation('queries must hold exactly 1 query');
	}
	const query = queries[0] as unknown;
	if (!isObject(query) || query.type !== 'TEXT') throw validation('queries.1.type must be TEXT');
	const queryText = textOf(query.textQuery, 'queries.1.textQuery');
	if (!Array.isArray(sources) || sources.length < 1 || sources.length > MAX_SOURCES) {
		throw validation(`sources must hold 1 to ${MAX_SOURCES} sources`);
	}
	const read = sources.map(readSource);
	const { modelId, count } = readModel(ctx, body.rerankingConfiguration);
	const tokens = read.reduce((sum, s) => sum + tokenCount(s.text), tokenCount(queryText));
	ctx.state.quotas.admit(modelId, ctx.region!, tokens);
	const terms = [...new Set(words(queryText))];
	const results = read
		.map((s, index) => ({ index, relevanceScore: relevance(terms, s.text), document: s.document }))
		.sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index)
		.slice(0, count ?? read.length);
	return jsonResult({ results });
}
