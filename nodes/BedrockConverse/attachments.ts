import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { binaryPropertyNames, readBinary } from '../shared/parameters/binary';
import { attachmentKind, ATTACHMENT_LIMITS, documentName } from '../shared/converse/media';

/** Content blocks for the binary properties named in `propertyList` ("data, image2"). */
export async function attachmentBlocks(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyList: string,
): Promise<ContentBlock[]> {
	const blocks: ContentBlock[] = [];
	const names = new Set<string>();
	for (const property of binaryPropertyNames(propertyList)) {
		const meta = ctx.helpers.assertBinaryData(itemIndex, property);
		const kind = attachmentKind(meta.mimeType, meta.fileName);
		if (!kind) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Binary property "${property}" is ${meta.mimeType}, which Converse does not take`,
				{
					itemIndex,
					description:
						'Converse takes images (PNG, JPEG, GIF, WebP), documents (PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD) and videos (MP4, MOV, MKV, WebM, FLV, MPEG, WMV, 3GP).',
				},
			);
		}
		const { buffer, fileName } = await readBinary(
			ctx,
			itemIndex,
			property,
			ATTACHMENT_LIMITS[kind.kind],
		);
		if (kind.kind === 'image')
			blocks.push({ image: { format: kind.format, source: { bytes: buffer } } });
		else if (kind.kind === 'video')
			blocks.push({ video: { format: kind.format, source: { bytes: buffer } } });
		else
			blocks.push({
				document: {
					format: kind.format,
					name: documentName(fileName, names),
					source: { bytes: buffer },
				},
			});
	}
	return blocks;
}
