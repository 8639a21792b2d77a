/**
 * Amazon Nova Multimodal Embeddings over InvokeModel (`amazon.nova-2-multimodal-embeddings-*`),
 * text only: `taskType` SINGLE_EMBEDDING with `singleEmbeddingParams` (embeddingPurpose,
 * embeddingDimension 256, 384, 1,024 or 3,072, `text` with truncationMode and value); the answer
 * is `{ embeddings: [{ embeddingType: "TEXT", embedding }] }`, the emulator's word vector.
 * Reference: https://docs.aws.amazon.com/nova/latest/userguide/embeddings-schema.html
 */
import type { HandlerContext } from './context';
import { embedText, tokenCount } from './embeddings';
import { ApiError, jsonResult, type Reply } from './protocol';

const PURPOSES = [
	'GENERIC_INDEX',
	'GENERIC_RETRIEVAL',
	'TEXT_RETRIEVAL',
	'IMAGE_RETRIEVAL',
	'VIDEO_RETRIEVAL',
	'DOCUMENT_RETRIEVAL',
	'AUDIO_RETRIEVAL',
	'CLASSIFICATION',
	'CLUSTERING',
];
const DIMENSIONS = [256, 384, 1024, 3072];
const TRUNCATION = ['START', 'END', 'NONE'];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

const validation = (message: string) => new ApiError(400, 'ValidationException', message);

/** Whether a (catalog) model ID is a Nova Multimodal Embeddings model. */
export const isNovaEmbed = (modelId: string): boolean =>
	modelId.startsWith('amazon.nova-2-multimodal-embeddings');

/** `POST /model/{modelId}/invoke` for Nova Multimodal Embeddings (already resolved and allowed). */
export function novaEmbed(ctx: HandlerContext): Reply {
	const body: Json = isObject(ctx.body) ? ctx.body : {};
	if (body.taskType !== 'SINGLE_EMBEDDING') {
		throw validation('taskType must be SINGLE_EMBEDDING for InvokeModel');
	}
	const params = body.singleEmbeddingParams;
	if (!isObject(params)) throw validation('singleEmbeddingParams is required');
	if (!PURPOSES.includes(params.embeddingPurpose as string)) {
		throw validation(`embeddingPurpose ${String(params.embeddingPurpose)} is not valid`);
	}
	const dimensions = params.embeddingDimension ?? 3072;
	if (!DIMENSIONS.includes(dimensions as number)) {
		throw validation(`embeddingDimension ${String(dimensions)} is not valid`);
	}
	const text = params.text;
	if (!isObject(text) || typeof text.value !== 'string' || text.value.length === 0) {
		throw validation('text.value must be a non-empty string (only text is emulated)');
	}
	if (!TRUNCATION.includes(text.truncationMode as string)) {
		throw validation(`text.truncationMode ${String(text.truncationMode)} is not valid`);
	}
	ctx.state.quotas.admit(ctx.params.modelId, ctx.region!, tokenCount(text.value));
	return jsonResult({
		embeddings: [{ embeddingType: 'TEXT', embedding: embedText(text.value, dimensions as number) }],
	});
}
