import { Embeddings } from '@langchain/core/embeddings';

import type { EmbeddingFamily, EmbeddingSettings, Purpose } from './families';

type Json = Record<string, unknown>;

/** How the embeddings reach Bedrock Runtime (InvokeModel through the shared client and quota). */
export interface EmbeddingTransport {
	/**
	 * Opens one call of the root node (a batch of documents, or a query): the sender of its
	 * requests, whose throttling budget counts from here. Each request's answer, parsed.
	 */
	open(): (body: Json) => Promise<Json>;
	/** Most requests of one call in flight at once. */
	concurrency: number;
	/** The error to throw for what a request threw. */
	toError(error: unknown): unknown;
}

/** Thrown when an answer does not hold one vector of numbers per text sent. */
export class EmbeddingAnswerError extends Error {}

/** The vectors of one answer, checked: `count` lists of numbers, all of one length. */
function readVectors(found: unknown, count: number): number[][] {
	if (!Array.isArray(found) || found.length !== count) {
		throw new EmbeddingAnswerError(
			`Bedrock answered ${Array.isArray(found) ? found.length : 'no'} vectors for ${count} texts`,
		);
	}
	for (const vector of found) {
		if (
			!Array.isArray(vector) ||
			vector.length === 0 ||
			vector.length !== (found[0] as unknown[]).length ||
			!vector.every((n) => typeof n === 'number' && Number.isFinite(n))
		) {
			throw new EmbeddingAnswerError('Bedrock answered a vector that is not a list of numbers');
		}
	}
	return found as number[][];
}

/**
 * LangChain embeddings on Bedrock (an `Embeddings` of n8n's own @langchain/core, so n8n's log
 * wrapper shows each call's input and output). Texts go in as few requests as the model takes
 * (96 for Cohere Embed, one for Titan and Nova), up to `concurrency` at once; the vectors come
 * back in the order of the texts whatever order the answers arrive in.
 */
export class BedrockEmbeddings extends Embeddings {
	constructor(
		private readonly family: EmbeddingFamily,
		private readonly settings: EmbeddingSettings,
		private readonly transport: EmbeddingTransport,
	) {
		super({});
	}

	async embedDocuments(texts: string[]): Promise<number[][]> {
		return await this.embed(texts, 'document');
	}

	async embedQuery(text: string): Promise<number[]> {
		return (await this.embed([text], 'query'))[0];
	}

	private async embed(texts: readonly string[], purpose: Purpose): Promise<number[][]> {
		const size = this.family.batchSize;
		const starts = Array.from({ length: Math.ceil(texts.length / size) }, (_, i) => i * size);
		const vectors: number[][] = new Array(texts.length);
		const send = this.transport.open();
		let next = 0;
		let failed = false;
		const worker = async () => {
			while (!failed && next < starts.length) {
				const start = starts[next++];
				const batch = texts.slice(start, start + size);
				const answer = await send(this.family.body(batch, purpose, this.settings));
				readVectors(this.family.vectors(answer), batch.length).forEach((v, i) => {
					vectors[start + i] = v;
				});
			}
		};
		const workers = Array.from(
			{ length: Math.min(this.transport.concurrency, starts.length) },
			() =>
				worker().catch((error: unknown) => {
					failed = true;
					throw error;
				}),
		);
		const outcomes = await Promise.allSettled(workers);
		const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
		if (rejected) throw this.transport.toError(rejected.reason);
		return vectors;
	}
}
