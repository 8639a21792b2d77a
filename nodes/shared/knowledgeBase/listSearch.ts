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
	chosenParameter,
	listAgentPages,
	namedItems,
	PAGE_SIZE,
	searchResult,
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
	return searchResult(
		filter,
		namedItems(bases, (kb) => [kb.name, kb.knowledgeBaseId, kb.status, kb.description]),
	);
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
	return namedItems(sources, (ds) => [ds.name, ds.dataSourceId, ds.status, ds.description]);
}
