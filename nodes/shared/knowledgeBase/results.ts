/**
 * Retrieved chunks and citations as n8n items: the text, the score, one flat location
 * (`{ type, uri | url | id | query }`) whatever the source, and the metadata.
 *
 * Reference: Agents for Amazon Bedrock Runtime API, KnowledgeBaseRetrievalResult,
 * RetrievalResultLocation, Citation.
 */
import type {
	Citation,
	KnowledgeBaseRetrievalResult,
	RetrievalResultContent,
	RetrievalResultLocation,
	RetrievedReference,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { IDataObject } from 'n8n-workflow';

/** Where a chunk came from, flattened. */
export interface SourceLocation {
	/** `S3`, `WEB`, `CONFLUENCE`, `SALESFORCE`, `SHAREPOINT`, `CUSTOM`, `KENDRA`, `SQL`, … */
	type: string;
	uri?: string;
	url?: string;
	id?: string;
	query?: string;
}

/** Each location member of the API and the field of it that names the source. */
const LOCATION_FIELDS: Array<[keyof RetrievalResultLocation, 'uri' | 'url' | 'id' | 'query']> = [
	['s3Location', 'uri'],
	['webLocation', 'url'],
	['confluenceLocation', 'url'],
	['salesforceLocation', 'url'],
	['sharePointLocation', 'url'],
	['customDocumentLocation', 'id'],
	['kendraDocumentLocation', 'uri'],
	['sqlLocation', 'query'],
	['oneDriveLocation', 'url'],
	['googleDriveLocation', 'url'],
];

export function toLocation(location: RetrievalResultLocation | undefined): SourceLocation {
	const out: SourceLocation = { type: location?.type ?? 'UNKNOWN' };
	for (const [member, field] of LOCATION_FIELDS) {
		const value = (location?.[member] as Record<string, unknown> | undefined)?.[field];
		if (typeof value === 'string') {
			out[field] = value;
			break;
		}
	}
	return out;
}

/** The text of a chunk; table rows as `column: value` lines, media as their transcript. */
function contentText(content: RetrievalResultContent | undefined): string {
	if (!content) return '';
	if (content.text !== undefined) return content.text;
	if (content.row) {
		return content.row.map((c) => `${c.columnName ?? ''}: ${c.columnValue ?? ''}`).join('\n');
	}
	return content.audio?.transcription ?? content.video?.summary ?? '';
}

/** A JSON copy of metadata values (documents: strings, numbers, booleans, lists). */
const metadataOf = (metadata: Record<string, unknown> | undefined): IDataObject =>
	JSON.parse(JSON.stringify(metadata ?? {})) as IDataObject;

function sourceOf(reference: RetrievedReference | KnowledgeBaseRetrievalResult): IDataObject {
	const json: IDataObject = {
		text: contentText(reference.content),
		location: toLocation(reference.location) as unknown as IDataObject,
		metadata: metadataOf(reference.metadata),
	};
	const type = reference.content?.type;
	if (type && type !== 'TEXT') json.contentType = type;
	return json;
}

/** One retrieved chunk: text, score, location, metadata. */
export function toResult(result: KnowledgeBaseRetrievalResult): IDataObject {
	const { text, ...rest } = sourceOf(result);
	return { text, score: result.score ?? null, ...rest };
}

/** One cited part of a generated answer. */
export interface CitationItem extends IDataObject {
	/** The generated text the references support. */
	text: string;
	/** Where that text sits in the answer, as the API gives it. */
	span: IDataObject;
	/** The chunks it was generated from. */
	references: IDataObject[];
}

/**
 * The citations of an answer. A citation without a span gets the position of its text in the
 * answer, so every span can be read as `output.slice(start, end + 1)`.
 */
export function toCitations(citations: Citation[] | undefined, output: string): CitationItem[] {
	let searchFrom = 0;
	return (citations ?? []).map((citation) => {
		const part = citation.generatedResponsePart?.textResponsePart;
		const text = part?.text ?? '';
		let span: IDataObject;
		if (part?.span?.start !== undefined && part.span.end !== undefined) {
			span = { start: part.span.start, end: part.span.end };
		} else {
			const start = text ? output.indexOf(text, searchFrom) : -1;
			span = start >= 0 ? { start, end: start + text.length - 1 } : {};
			if (start >= 0) searchFrom = start + text.length;
		}
		return { text, span, references: (citation.retrievedReferences ?? []).map(sourceOf) };
	});
}
