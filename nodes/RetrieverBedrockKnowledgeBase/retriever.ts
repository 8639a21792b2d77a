import { BaseRetriever } from '@langchain/core/retrievers';
import type { Document } from '@langchain/core/documents';

/**
 * A retriever over a Bedrock knowledge base, for n8n's Question and Answer Chain and the other
 * nodes that take an `ai_retriever`. It extends the `BaseRetriever` of the `@langchain/core` n8n
 * runs (a peer dependency), so the root node's LangChain runs, callbacks and tracing treat it as
 * one of their own; `search` does the Retrieve call and records it in the sub-node's logs.
 */
export class KnowledgeBaseRetriever extends BaseRetriever {
	lc_namespace = ['n8n-nodes-bedrock-iam', 'retrievers', 'bedrock_knowledge_base'];

	constructor(private readonly search: (query: string) => Promise<Document[]>) {
		super();
	}

	async _getRelevantDocuments(query: string): Promise<Document[]> {
		return await this.search(query);
	}
}
