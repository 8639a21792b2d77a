/**
 * Image, document and video content blocks of Converse: the checks Bedrock Runtime makes on them
 * (formats, document names, sources, model input modalities) and how the echo model mentions
 * them (`[image/png 1234 bytes]`, `[document "Q1 report" pdf 2048 bytes]`).
 * References: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html,
 * API_runtime_DocumentBlock.html, API_runtime_VideoBlock.html
 */
import { ApiError } from './protocol';

type Json = Record<string, unknown>;

export const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'];
export const DOCUMENT_FORMATS = ['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md'];
export const VIDEO_FORMATS = ['mkv', 'mov', 'mp4', 'webm', 'flv', 'mpeg', 'mpg', 'wmv', 'three_gp'];

const VIDEO_MIME: Record<string, string> = {
	mkv: 'video/x-matroska',
	mov: 'video/quicktime',
	mp4: 'video/mp4',
	webm: 'video/webm',
	flv: 'video/x-flv',
	mpeg: 'video/mpeg',
	mpg: 'video/mpeg',
	wmv: 'video/x-ms-wmv',
	three_gp: 'video/3gpp',
};

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

const validation = (message: string) => new ApiError(400, 'ValidationException', message);

/** One constraint violation in the words of AWS's generated validation. */
const constraint = (value: unknown, field: string, rule: string) =>
	validation(
		`1 validation error detected: Value ${value === undefined ? 'null' : `'${String(value)}'`} ` +
			`at '${field}' failed to satisfy constraint: ${rule}`,
	);

/** Largest image Bedrock accepts, in bytes (3.75 MB). */
const MAX_IMAGE_BYTES = 3.75 * 1024 * 1024;

/** Decoded length of base64 text. */
const base64Length = (text: string): number => Buffer.from(text, 'base64').length;

/** Checks a source union: exactly one of the allowed members; bytes must be non-empty base64. */
function checkSource(source: unknown, field: string, allowed: string[]): Json {
	if (!isObject(source)) throw constraint(undefined, `${field}.source`, 'Member must not be null');
	const keys = Object.keys(source);
	if (keys.length !== 1 || !allowed.includes(keys[0])) {
		throw validation(
			`The source of ${field} must set exactly one of ${allowed.join(', ')}; it sets ${keys.join(', ') || 'none'}.`,
		);
	}
	if (keys[0] === 'bytes' && (typeof source.bytes !== 'string' || source.bytes.length === 0)) {
		throw constraint(
			undefined,
			`${field}.source.bytes`,
			'Member must have length greater than or equal to 1',
		);
	}
	return source;
}

/**
 * Whether a document name follows the service's rule: letters, digits, single whitespace
 * characters, hyphens, parentheses and square brackets; 1 to 200 characters.
 */
export const isValidDocumentName = (name: string): boolean =>
	name.length >= 1 &&
	name.length <= 200 &&
	/^[\p{L}\p{N}\s\-()[\]]+$/u.test(name) &&
	!/\s{2}/.test(name);

/** Checks an image, document or video block (`where` is `messages.0.content.1`). */
export function checkMediaBlock(kind: string, value: unknown, where: string): void {
	const field = `${where}.member.${kind}`;
	const formats =
		kind === 'image' ? IMAGE_FORMATS : kind === 'document' ? DOCUMENT_FORMATS : VIDEO_FORMATS;
	if (!isObject(value) || (value.format !== undefined && !formats.includes(String(value.format)))) {
		throw constraint(
			isObject(value) ? value.format : undefined,
			`${field}.format`,
			`Member must satisfy enum value set: [${formats.join(', ')}]`,
		);
	}
	if (kind !== 'document' && value.format === undefined) {
		throw constraint(undefined, `${field}.format`, 'Member must not be null');
	}
	if (kind === 'image') {
		const source = checkSource(value.source, field, ['bytes', 's3Location']);
		if (typeof source.bytes === 'string' && base64Length(source.bytes) > MAX_IMAGE_BYTES) {
			throw validation(
				`The image at ${where} is larger than 3.75 MB. Reduce its size and try again.`,
			);
		}
	}
	if (kind === 'document') {
		if (typeof value.name !== 'string' || value.name.length === 0) {
			throw constraint(undefined, `${field}.name`, 'Member must not be null');
		}
		if (!isValidDocumentName(value.name)) {
			throw validation(
				`The document name at ${where} can only contain alphanumeric characters, whitespace ` +
					'characters, hyphens, parentheses, and square brackets, with no more than one ' +
					'whitespace character in a row, and be at most 200 characters long.',
			);
		}
		checkSource(value.source, field, ['bytes', 's3Location', 'text', 'content']);
	}
	if (kind === 'video') checkSource(value.source, field, ['bytes', 's3Location']);
}

/** Size of a source for the echo: `1234 bytes`, `s3://bucket/key` or `12 chars`. */
function sourceSize(source: unknown): string {
	if (!isObject(source)) return 'no source';
	if (typeof source.bytes === 'string') return `${base64Length(source.bytes)} bytes`;
	if (typeof source.text === 'string') return `${source.text.length} chars`;
	if (isObject(source.s3Location)) return String(source.s3Location.uri);
	if (Array.isArray(source.content)) return `${source.content.length} parts`;
	return 'unknown source';
}

/** How the echo model mentions a media block, or undefined when it is not one. */
export function describeMedia(block: Json): string | undefined {
	if (isObject(block.image)) {
		return `[image/${String(block.image.format)} ${sourceSize(block.image.source)}]`;
	}
	if (isObject(block.document)) {
		const doc = block.document;
		return `[document "${String(doc.name)}" ${String(doc.format ?? 'txt')} ${sourceSize(doc.source)}]`;
	}
	if (isObject(block.video)) {
		const format = String(block.video.format);
		return `[${VIDEO_MIME[format] ?? `video/${format}`} ${sourceSize(block.video.source)}]`;
	}
	if (isObject(block.audio)) {
		return `[audio/${String(block.audio.format)} ${sourceSize(block.audio.source)}]`;
	}
	return undefined;
}

/**
 * Refuses image or video blocks for a model whose input modalities lack them, as the service
 * does.
 */
export function checkModalities(
	messages: Array<{ content: Json[] }>,
	inputModalities: string[],
): void {
	for (const [kind, modality] of [
		['image', 'IMAGE'],
		['video', 'VIDEO'],
	] as const) {
		const used = messages.some((m) => m.content.some((b) => kind in b));
		if (used && !inputModalities.includes(modality)) {
			throw validation(
				`This model doesn't support the ${kind} content block that you provided. ` +
					'Try again with a supported content block.',
			);
		}
	}
}
