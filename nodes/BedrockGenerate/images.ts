/** Images and files in a Generate answer: base64 images as files, media types as extensions. */
import { evaluatePath } from './outputMapping';
import type { GeneratedFile } from './response';

/** Base64 images of image models: Titan Image / Nova Canvas (`images`), Stability (`artifacts`). */
const IMAGE_PATHS = ['$.images[*]', '$.artifacts[*].base64'];
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;

/** Images found in a body, as files `image_0`, `image_1`… */
export function imageFiles(body: unknown): GeneratedFile[] {
	if (typeof body !== 'object' || body === null) return [];
	const files: GeneratedFile[] = [];
	for (const path of IMAGE_PATHS) {
		for (const value of evaluatePath(body, path)) {
			if (typeof value !== 'string' || value.length < 8 || !BASE64.test(value)) continue;
			const data = Buffer.from(value, 'base64');
			const mimeType = sniffImage(data);
			const index = files.length;
			files.push({
				property: `image_${index}`,
				data,
				mimeType,
				fileName: `image_${index}.${extension(mimeType)}`,
			});
		}
	}
	return files;
}

/** The image type from the file's first bytes; PNG when unknown (the image models' default). */
export function sniffImage(data: Buffer): string {
	if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return 'image/png';
	}
	if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
	if (
		data.subarray(0, 4).toString('latin1') === 'RIFF' &&
		data.subarray(8, 12).toString('latin1') === 'WEBP'
	) {
		return 'image/webp';
	}
	if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
	return 'image/png';
}

export function extension(mediaType: string): string {
	const subtype = mediaType.split(';')[0].split('/')[1]?.toLowerCase() ?? '';
	const known: Record<string, string> = {
		jpeg: 'jpg',
		'svg+xml': 'svg',
		'octet-stream': 'bin',
		plain: 'txt',
		mpeg: 'mp3',
	};
	return known[subtype] ?? (/^[a-z0-9]{1,8}$/.test(subtype) ? subtype : 'bin');
}
