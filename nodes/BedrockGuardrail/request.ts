/**
 * The content of an ApplyGuardrail request: the text to check, and when given the grounding
 * source and the query of a contextual grounding check, and images (PNG or JPEG) from the item's
 * binary fields.
 */
import type { GuardrailContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { binaryPropertyNames, readBinary } from '../shared/parameters/binary';

/** ApplyGuardrail's image limit (Bedrock Guardrails image content filters). */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

const IMAGE_FORMATS: Readonly<Record<string, 'png' | 'jpeg'>> = {
	'image/png': 'png',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
};

export interface ContentOptions {
	groundingSource?: string;
	query?: string;
	imageProperties?: string;
}

export async function contentBlocks(
	ctx: IExecuteFunctions,
	itemIndex: number,
	text: string,
	options: ContentOptions,
): Promise<GuardrailContentBlock[]> {
	const grounding = options.groundingSource ?? '';
	const query = options.query ?? '';
	const contextual = grounding !== '' || query !== '';
	// With a grounding source or query beside it, the text is marked as the content to guard.
	const blocks: GuardrailContentBlock[] = [
		{ text: { text, ...(contextual ? { qualifiers: ['guard_content'] } : {}) } },
	];
	if (grounding) blocks.push({ text: { text: grounding, qualifiers: ['grounding_source'] } });
	if (query) blocks.push({ text: { text: query, qualifiers: ['query'] } });
	for (const name of binaryPropertyNames(options.imageProperties ?? '')) {
		const image = await readBinary(ctx, itemIndex, name, MAX_IMAGE_BYTES);
		const format = IMAGE_FORMATS[image.mimeType];
		if (!format) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Binary property "${name}" is ${image.mimeType}; guardrails check PNG and JPEG images`,
				{ itemIndex, description: 'Convert the image to PNG or JPEG first.' },
			);
		}
		blocks.push({ image: { format, source: { bytes: image.buffer } } });
	}
	return blocks;
}
