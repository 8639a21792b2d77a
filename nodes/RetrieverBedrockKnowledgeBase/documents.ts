/**
 * Retrieved chunks as LangChain documents: the chunk's text is the page content; the metadata
 * holds the chunk's own attributes, then where it came from (`source`: its S3 URI, URL, ID or
 * query; `location`: the same with its type) and its relevance `score`.
 */
import type { KnowledgeBaseRetrievalResult } from '@aws-sdk/client-bedrock-agent-runtime';
import { Document } from '@langchain/core/documents';
import type { IDataObject } from 'n8n-workflow';

import { toResult, type SourceLocation } from '../shared/knowledgeBase/results';

export function toDocument(result: KnowledgeBaseRetrievalResult): Document {
	const { text, score, location, metadata, contentType } = toResult(result);
	const where = location as unknown as SourceLocation;
	return new Document({
		pageContent: String(text),
		metadata: {
			...(metadata as IDataObject),
			source: where.uri ?? where.url ?? where.id ?? where.query ?? null,
			location: where,
			score,
			...(contentType ? { contentType } : {}),
		},
	});
}
