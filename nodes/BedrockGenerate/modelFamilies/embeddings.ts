import type { ModelFamilyDescriptor } from './types';

/** Embedding models answer in one piece: a stream of one chunk is the body itself. */
const oneChunk: ModelFamilyDescriptor['assemble'] = (chunks) =>
	chunks.length === 1 ? chunks[0] : {};

/** Amazon Titan Embeddings. */
export const titanEmbed: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'amazon' && /^titan-embed/.test(model),
	defaultPaths: {
		embedding: '$.embedding',
		inputTokens: '$.inputTextTokenCount',
	},
	readStream: () => ({}),
	finalEvent: false,
	example: { inputText: '{{prompt}}' },
	assemble: oneChunk,
};

/** Cohere Embed. */
export const cohereEmbed: ModelFamilyDescriptor = {
	matches: (provider, model) => provider === 'cohere' && model.startsWith('embed'),
	defaultPaths: {
		embedding: '$.embeddings',
	},
	readStream: () => ({}),
	finalEvent: false,
	example: { texts: ['{{prompt}}'], input_type: 'search_document' },
	assemble: oneChunk,
};
