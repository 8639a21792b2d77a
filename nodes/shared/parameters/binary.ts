import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

export interface BinaryInput {
	buffer: Buffer;
	mimeType: string;
	fileName?: string;
}

/**
 * Reads one binary property of an item, refusing files over `maxBytes` before they are loaded
 * into a request (the size n8n recorded is checked first, without reading the file, then the
 * bytes).
 */
export async function readBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	maxBytes: number,
): Promise<BinaryInput> {
	const meta = ctx.helpers.assertBinaryData(itemIndex, propertyName);
	const tooLarge = (bytes: number) =>
		new NodeOperationError(
			ctx.getNode(),
			`Binary property "${propertyName}" is ${formatBytes(bytes)}; Bedrock accepts at most ${formatBytes(maxBytes)} here`,
			{ itemIndex, description: 'Send a smaller file, or split it into parts.' },
		);
	// n8n records the size as `bytes` (a number) and `fileSize` (pretty text such as "100 MB").
	const declared = typeof meta.bytes === 'number' ? meta.bytes : Number(meta.fileSize);
	if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared);
	const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	if (buffer.length > maxBytes) throw tooLarge(buffer.length);
	return { buffer, mimeType: meta.mimeType, fileName: meta.fileName };
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} bytes`;
}

/** Splits "data, image2" into property names. */
export function binaryPropertyNames(value: string): string[] {
	return value
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
}
