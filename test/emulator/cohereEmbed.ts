/**
 * Cohere Embed over InvokeModel (`cohere.embed-*`): up to 96 texts a request, each embedded with
 * the emulator's word vectors (embeddings.ts), in the order sent.
 * - v3 (`cohere.embed-english-v3`, `-multilingual-v3`): 1,024 numbers; `truncate` NONE, START or
 *   END; without `embedding_types` the answer is `embeddings_floats` (a list of vectors), with it
 *   `embeddings_by_type` (`{ float: [...] }`).
 * - v4 (`cohere.embed-v4:0`): `output_dimension` 256, 512, 1,024 or 1,536 (default 1,536);
 *   `truncate` NONE, LEFT or RIGHT; always `embeddings_by_type`.
 * `input_type` is required (search_document, search_query, classification, clustering). A text
 * longer than 2,048 characters is refused when `truncate` is NONE (v3).
 * References: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html,
 * model-parameters-embed-v4.html
 */
import { randomUUID } from 'node:crypto';

import type { HandlerContext } from './context';
import { embedText, tokenCount } from './embeddings';
import { ApiError, type Reply } from './protocol';

const MAX_TEXTS = 96;
const MAX_CHARACTERS = 2048;
const INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering'];
const V3_TRUNCATE = ['NONE', 'START', 'END'];
const V4_TRUNCATE = ['NONE', 'LEFT', 'RIGHT'];
const V4_DIMENSIONS = [256, 512, 1024, 1536];

const malformed = (detail: string) =>
	new ApiError(
		400,
		'ValidationException',
		`Malformed input request: ${detail}, please reformat your input and try again.`,
	);

/** Whether a (catalog) model ID is a Cohere Embed model. */
export const isCohereEmbed = (modelId: string): boolean => modelId.startsWith('cohere.embed-');

/** `POST /model/{modelId}/invoke` for a Cohere Embed model (already resolved and allowed). */
export function cohereEmbed(ctx: HandlerContext, modelId: string): Reply {
	const body = (ctx.body ?? {}) as Record<string, unknown>;
	const v4 = modelId.startsWith('cohere.embed-v4');
	const { texts, input_type: inputType, truncate = 'NONE' } = body;
	if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
		throw malformed('#/texts: expected type: JSONArray of strings');
	}
	if (texts.length > MAX_TEXTS) {
		throw malformed(`#/texts: expected maximum item count: ${MAX_TEXTS}, found: ${texts.length}`);
	}
	if (typeof inputType !== 'string' || !INPUT_TYPES.includes(inputType)) {
		throw malformed(`#/input_type: ${String(inputType)} is not a valid enum value`);
	}
	if (typeof truncate !== 'string' || !(v4 ? V4_TRUNCATE : V3_TRUNCATE).includes(truncate)) {
		throw malformed(`#/truncate: ${String(truncate)} is not a valid enum value`);
	}
	if (!v4 && truncate === 'NONE' && texts.some((t: string) => t.length > MAX_CHARACTERS)) {
		throw malformed(`#/texts: expected maxLength: ${MAX_CHARACTERS}`);
	}
	const dimensions = v4 ? (body.output_dimension ?? 1536) : 1024;
	if (!V4_DIMENSIONS.includes(dimensions as number)) {
		throw malformed(`#/output_dimension: ${String(dimensions)} is not a valid enum value`);
	}
	const types = body.embedding_types;
	if (types !== undefined && (!Array.isArray(types) || !types.every((t) => t === 'float'))) {
		throw malformed('#/embedding_types: only float is emulated');
	}
	const tokens = (texts as string[]).reduce((sum, t) => sum + tokenCount(t), 0);
	ctx.state.quotas.admit(ctx.params.modelId, ctx.region!, tokens);
	const vectors = (texts as string[]).map((t) => embedText(t, dimensions as number));
	const byType = v4 || types !== undefined;
	return {
		status: 200,
		headers: {
			'content-type': 'application/json',
			'X-Amzn-Bedrock-Input-Token-Count': String(tokens),
			'X-Amzn-Bedrock-Output-Token-Count': '0',
			'X-Amzn-Bedrock-Invocation-Latency': String(20 + texts.length),
		},
		body: JSON.stringify({
			id: randomUUID(),
			texts,
			embeddings: byType ? { float: vectors } : vectors,
			response_type: byType ? 'embeddings_by_type' : 'embeddings_floats',
		}),
	};
}
