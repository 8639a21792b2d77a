/**
 * The knowledge base picker (ListKnowledgeBases) and the data source choice of the chosen
 * knowledge base (ListDataSources), both of the credential's Bedrock region.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { isTypedId } from '../parameters/typedIds';
import {
	byName,
	chosenParameter,
	listAgentPages,
	matchesFilter,
	namedItem,
	PAGE_SIZE,
} from '../pickers/search';
import { bedrockAgentSdk } from '../transport/sdk';

/** Knowledge bases for the picker: name (ID), status and description, by name. */
export async function searchKnowledgeBases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { ListKnowledgeBasesCommand } = await bedrockAgentSdk();
	const bases = await listAgentPages(this, 'ListKnowledgeBases', async (client, nextToken) => {
		const out = await client.send(
			new ListKnowledgeBasesCommand({ maxResults: PAGE_SIZE, nextToken }),
		);
		return { items: out.knowledgeBaseSummaries ?? [], nextToken: out.nextToken };
	});
	const results = bases
		.filter((kb) => kb.knowledgeBaseId)
		.map((kb) => namedItem(kb.name, kb.knowledgeBaseId!, kb.status, kb.description))
		.sort(byName);
	return { results: results.filter((r) => matchesFilter(filter, r)) };
}

/** Data sources of the chosen knowledge base, for the Data Sources option. */
export async function getDataSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const knowledgeBaseId = chosenParameter(this, 'knowledgeBase');
	if (!isTypedId('Knowledge Base', knowledgeBaseId)) return [];
	const { ListDataSourcesCommand } = await bedrockAgentSdk();
	const sources = await listAgentPages(this, 'ListDataSources', async (client, nextToken) => {
		const out = await client.send(
			new ListDataSourcesCommand({ knowledgeBaseId, maxResults: PAGE_SIZE, nextToken }),
		);
		return { items: out.dataSourceSummaries ?? [], nextToken: out.nextToken };
	});
	return sources
		.filter((ds) => ds.dataSourceId)
		.map((ds) => namedItem(ds.name, ds.dataSourceId!, ds.status, ds.description))
		.sort(byName);
}
