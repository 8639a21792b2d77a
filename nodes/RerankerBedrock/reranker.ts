import type { RerankCommandInput, RerankResponse } from '@aws-sdk/client-bedrock-agent-runtime';
import type { DocumentInterface } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';

/** Most sources one Rerank request takes (API reference, `sources`). */
export const MAX_SOURCES = 1000;

/** How the reranker reaches Bedrock (Rerank through the shared client and quota). */
export interface RerankTransport {
	/** Opens one call of the root node: the sender of its requests (the throttling budget counts from here). */
	open(): (input: RerankCommandInput) => Promise<RerankResponse>;
	/** The error to throw for what a request threw. */
	toError(error: unknown): unknown;
}

export interface RerankSettings {
	/** The reranking model's foundation model ARN in the credential's Bedrock region. */
	modelArn: string;
	/** How many documents to keep, best first. */
	topN: number;
}

/**
 * A LangChain document compressor on the Bedrock Rerank API (a `BaseDocumentCompressor` of n8n's
 * own @langchain/core, so n8n's log wrapper shows each call). n8n's vector stores call
 * `compressDocuments(documents, query)` and read the score from `metadata.relevanceScore`.
 * More than 1,000 documents go in several requests, whose scores are merged.
 */
export class BedrockReranker extends BaseDocumentCompressor {
	constructor(
		private readonly settings: RerankSettings,
		private readonly transport: RerankTransport,
	) {
		super();
	}

	async compressDocuments(
		documents: DocumentInterface[],
		query: string,
	): Promise<DocumentInterface[]> {
		if (documents.length === 0) return [];
		const send = this.transport.open();
		const scored: Array<{ index: number; score: number }> = [];
		try {
			for (let start = 0; start < documents.length; start += MAX_SOURCES) {
				const part = documents.slice(start, start + MAX_SOURCES);
				const out = await send(this.input(part, query, Math.min(this.settings.topN, part.length)));
				for (const r of out.results ?? []) {
					const index = r.index ?? -1;
					if (Number.isInteger(index) && index >= 0 && index < part.length) {
						scored.push({ index: start + index, score: r.relevanceScore ?? 0 });
					}
				}
			}
		} catch (error) {
			throw this.transport.toError(error);
		}
		scored.sort((a, b) => b.score - a.score || a.index - b.index);
		return scored.slice(0, this.settings.topN).map(({ index, score }) => {
			const doc = documents[index];
			return { ...doc, metadata: { ...doc.metadata, relevanceScore: score } };
		});
	}

	private input(part: DocumentInterface[], query: string, count: number): RerankCommandInput {
		return {
			queries: [{ type: 'TEXT', textQuery: { text: query } }],
			sources: part.map((doc) => ({
				type: 'INLINE',
				inlineDocumentSource: { type: 'TEXT', textDocument: { text: doc.pageContent } },
			})),
			rerankingConfiguration: {
				type: 'BEDROCK_RERANKING_MODEL',
				bedrockRerankingConfiguration: {
					numberOfResults: count,
					modelConfiguration: { modelArn: this.settings.modelArn },
				},
			},
		};
	}
}
