/**
 * What Converse makes of a file: image, document or video, its format and its size limit, and
 * document names as Converse accepts them. Shared by Bedrock Converse (binary attachments) and
 * the Bedrock Chat Model (files in the agent's messages).
 */
import type { DocumentFormat, ImageFormat, VideoFormat } from '@aws-sdk/client-bedrock-runtime';

const MB = 1024 * 1024;

/** Converse limits for content sent as bytes (Bedrock user guide, "Converse API"). */
export const ATTACHMENT_LIMITS = { image: 3.75 * MB, document: 4.5 * MB, video: 25 * MB } as const;

const IMAGE: Record<string, ImageFormat> = {
	'image/png': 'png',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/gif': 'gif',
	'image/webp': 'webp',
};
const DOCUMENT: Record<string, DocumentFormat> = {
	'application/pdf': 'pdf',
	'text/csv': 'csv',
	'application/msword': 'doc',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'text/html': 'html',
	'text/plain': 'txt',
	'text/markdown': 'md',
};
const VIDEO: Record<string, VideoFormat> = {
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/x-matroska': 'mkv',
	'video/webm': 'webm',
	'video/x-flv': 'flv',
	'video/mpeg': 'mpeg',
	'video/x-ms-wmv': 'wmv',
	'video/3gpp': 'three_gp',
};
const BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	pdf: 'application/pdf',
	csv: 'text/csv',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	html: 'text/html',
	htm: 'text/html',
	txt: 'text/plain',
	md: 'text/markdown',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	mkv: 'video/x-matroska',
	webm: 'video/webm',
	flv: 'video/x-flv',
	mpeg: 'video/mpeg',
	mpg: 'video/mpeg',
	wmv: 'video/x-ms-wmv',
	'3gp': 'video/3gpp',
};

/** What Converse makes of a file: the MIME type decides, the file extension when it is generic. */
export function attachmentKind(mimeType: string, fileName?: string) {
	let mime = mimeType.split(';')[0].trim().toLowerCase();
	if (!IMAGE[mime] && !DOCUMENT[mime] && !VIDEO[mime]) {
		mime = BY_EXTENSION[fileName?.split('.').pop()?.toLowerCase() ?? ''] ?? mime;
	}
	if (IMAGE[mime]) return { kind: 'image', format: IMAGE[mime] } as const;
	if (DOCUMENT[mime]) return { kind: 'document', format: DOCUMENT[mime] } as const;
	if (VIDEO[mime]) return { kind: 'video', format: VIDEO[mime] } as const;
	return undefined;
}

/**
 * A document name as Converse accepts it: letters, digits, single spaces, hyphens, parentheses
 * and square brackets; no extension; unique within the message.
 */
export function documentName(fileName: string | undefined, taken: Set<string>): string {
	const base = (fileName ?? 'document').replace(/\.[^.]*$/, '');
	let name =
		base
			.replace(/[^A-Za-z0-9\s\-()[\]]/g, '-')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 200) || 'document';
	for (let n = 2; taken.has(name); n++) name = `${name.replace(/ \(\d+\)$/, '')} (${n})`;
	taken.add(name);
	return name;
}
