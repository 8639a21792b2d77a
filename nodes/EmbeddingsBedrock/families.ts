/**
 * The InvokeModel request and answer of each embedding model family: how many texts one request
 * carries, the body for documents or a query, and where the vectors are in the answer.
 * References (Bedrock user guide): model-parameters-titan-embed-text.html,
 * model-parameters-embed-v3.html, model-parameters-embed-v4.html; Nova user guide:
 * embeddings-schema.html.
 */

/** What the texts are for: stored documents, or the query searched with. */
export type Purpose = 'document' | 'query';

/** Where a text too long for the model is cut; NONE makes Bedrock refuse it. */
export type Truncate = 'NONE' | 'START' | 'END';

/** The node's settings, as the family's request needs them. */
export interface EmbeddingSettings {
	/** Length of each vector; undefined: the model's default. */
	dimensions?: number;
	/** Titan Text Embeddings V2: unit-length vectors. */
	normalize: boolean;
	truncate: Truncate;
}

type Json = Record<string, unknown>;

export interface EmbeddingFamily {
	/** Shown in errors: "Cohere Embed v3 takes …". */
	name: string;
	/** Most texts one request carries. */
	batchSize: number;
	/** Vector lengths the model offers; empty: it has one, not chosen. */
	dimensions: readonly number[];
	body(texts: readonly string[], purpose: Purpose, settings: EmbeddingSettings): Json;
	/** The vectors of an answer, one per text sent; undefined when the answer has no such list. */
	vectors(answer: Json): unknown;
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object';

const titanV2: EmbeddingFamily = {
	name: 'Titan Text Embeddings V2',
	batchSize: 1,
	dimensions: [256, 512, 1024],
	body: ([text], _purpose, s) => ({
		inputText: text,
		...(s.dimensions ? { dimensions: s.dimensions } : {}),
		normalize: s.normalize,
	}),
	vectors: (answer) => [answer.embedding],
};

const titanV1: EmbeddingFamily = {
	name: 'Titan Embeddings G1 - Text',
	batchSize: 1,
	dimensions: [],
	body: ([text]) => ({ inputText: text }),
	vectors: (answer) => [answer.embedding],
};

/** Cohere answers `embeddings_floats` (a list) or `embeddings_by_type` (`{ float: list }`). */
const cohereVectors = (answer: Json): unknown =>
	Array.isArray(answer.embeddings)
		? answer.embeddings
		: isObject(answer.embeddings)
			? answer.embeddings.float
			: undefined;

const INPUT_TYPE: Record<Purpose, string> = {
	document: 'search_document',
	query: 'search_query',
};

const cohereV3: EmbeddingFamily = {
	name: 'Cohere Embed v3',
	batchSize: 96,
	dimensions: [],
	body: (texts, purpose, s) => ({
		texts,
		input_type: INPUT_TYPE[purpose],
		truncate: s.truncate,
		embedding_types: ['float'],
	}),
	vectors: cohereVectors,
};

/** Embed v4 names the ends of a text LEFT and RIGHT. */
const V4_TRUNCATE: Record<Truncate, string> = { NONE: 'NONE', START: 'LEFT', END: 'RIGHT' };

const cohereV4: EmbeddingFamily = {
	name: 'Cohere Embed v4',
	batchSize: 96,
	dimensions: [256, 512, 1024, 1536],
	body: (texts, purpose, s) => ({
		texts,
		input_type: INPUT_TYPE[purpose],
		truncate: V4_TRUNCATE[s.truncate],
		embedding_types: ['float'],
		...(s.dimensions ? { output_dimension: s.dimensions } : {}),
	}),
	vectors: cohereVectors,
};

const NOVA_PURPOSE: Record<Purpose, string> = {
	document: 'GENERIC_INDEX',
	query: 'TEXT_RETRIEVAL',
};

const novaMultimodal: EmbeddingFamily = {
	name: 'Nova Multimodal Embeddings',
	batchSize: 1,
	dimensions: [256, 384, 1024, 3072],
	body: ([text], purpose, s) => ({
		taskType: 'SINGLE_EMBEDDING',
		singleEmbeddingParams: {
			embeddingPurpose: NOVA_PURPOSE[purpose],
			// Sent every time: the vector length must not depend on a default that may change.
			embeddingDimension: s.dimensions ?? 3072,
			text: { truncationMode: s.truncate, value: text },
		},
	}),
	vectors: (answer) =>
		Array.isArray(answer.embeddings)
			? answer.embeddings.map((e) => (isObject(e) ? e.embedding : undefined))
			: undefined,
};

/** Model ID prefixes (after any geography of an inference profile) and their family. */
const FAMILIES: ReadonlyArray<readonly [string, EmbeddingFamily]> = [
	['amazon.titan-embed-text-v2', titanV2],
	['amazon.titan-embed-text-v1', titanV1],
	['amazon.titan-embed-g1-text', titanV1],
	['cohere.embed-english-v3', cohereV3],
	['cohere.embed-multilingual-v3', cohereV3],
	['cohere.embed-v4', cohereV4],
	['amazon.nova-2-multimodal-embeddings', novaMultimodal],
];

/**
 * The family of a model ID, inference profile ID (`us.cohere.embed-v4:0`) or foundation model or
 * profile ARN naming one; undefined for an application inference profile ARN or another model.
 */
export function embeddingFamily(modelId: string): EmbeddingFamily | undefined {
	const id = modelId.slice(modelId.lastIndexOf('/') + 1);
	return FAMILIES.find(
		([prefix]) => id.startsWith(prefix) || id.slice(id.indexOf('.') + 1).startsWith(prefix),
	)?.[1];
}

/** The families the node supports, for the error that names them. */
export const SUPPORTED_MODELS =
	'Titan Text Embeddings (V2, G1), Cohere Embed (v3 English and Multilingual, v4) and Nova Multimodal Embeddings';
