/**
 * Deterministic retrieval over the emulator's corpus: keyword scoring instead of embeddings, so a
 * test knows which chunks a query returns, in which order, with which score.
 * - SEMANTIC (and no override): score = share of the query's words found in the chunk;
 * - HYBRID: 0.7 × that share + 0.3 × a saturating count of their occurrences;
 * - a reranking model orders by the occurrence count and scores relative to the best.
 * Words are lower-case letters and digits of 3 or more characters, minus common stop words.
 */
import { CORPUS, resultMetadata, type CorpusDocument } from './knowledgeBaseCatalog';
import { matchesFilter } from './retrievalFilter';

type Json = Record<string, unknown>;

const STOP_WORDS = new Set(
	'the and for how what does with are can you your our was were has have had this that from when which who why will into about long'.split(
		' ',
	),
);

/** The scoring words of a text, in order, repeats kept. */
export function words(text: string): string[] {
	return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter(
		(w) => w.length >= 3 && !STOP_WORDS.has(w),
	);
}

/** A chunk with its score. */
export interface Scored {
	doc: CorpusDocument;
	score: number;
}

export interface SearchOptions {
	knowledgeBaseId: string;
	numberOfResults: number;
	searchType?: 'HYBRID' | 'SEMANTIC';
	filter?: Json;
	rerank?: { numberOfRerankedResults?: number };
}

const round = (n: number) => Math.round(n * 10000) / 10000;

/** The best chunks for a query, best first; ties keep corpus order. */
export function search(query: string, options: SearchOptions): Scored[] {
	const terms = [...new Set(words(query))];
	if (terms.length === 0) return [];
	const scored: Array<Scored & { hits: number }> = [];
	for (const doc of CORPUS) {
		if (doc.knowledgeBaseId !== options.knowledgeBaseId) continue;
		if (options.filter && !matchesFilter(options.filter, resultMetadata(doc))) continue;
		const docWords = words(doc.text);
		const found = terms.filter((t) => docWords.includes(t)).length;
		if (found === 0) continue;
		const hits = docWords.filter((w) => terms.includes(w)).length;
		const share = found / terms.length;
		const score = options.searchType === 'HYBRID' ? 0.7 * share + 0.3 * (hits / (hits + 2)) : share;
		scored.push({ doc, score: round(score), hits });
	}
	scored.sort((a, b) => b.score - a.score);
	let top = scored.slice(0, options.numberOfResults);
	if (options.rerank) {
		const best = Math.max(...top.map((s) => s.hits), 1);
		top = [...top]
			.sort((a, b) => b.hits - a.hits)
			.slice(0, options.rerank.numberOfRerankedResults ?? top.length)
			.map((s) => ({ ...s, score: round(s.hits / best) }));
	}
	return top.map(({ doc, score }) => ({ doc, score }));
}

/** The first sentence of a chunk: what the emulated model says about it. */
export function firstSentence(text: string): string {
	const end = text.indexOf('. ');
	return end === -1 ? text : text.slice(0, end + 1);
}
