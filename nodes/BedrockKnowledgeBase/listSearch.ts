/**
 * The knowledge base picker (ListKnowledgeBases) and the data source choice of the chosen
 * knowledge base (ListDataSources), both of the credential's Bedrock region.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { getClient } from '../shared/clients';
import { isTypedId } from '../shared/parameters/typedIds';
import {
	byName,
	chosenParameter,
	listWith,
	matchesFilter,
	PAGE_SIZE,
	readPages,
} from '../shared/pickers/search';
import { bedrockAgentSdk } from '../shared/transport/sdk';

/** Knowledge bases for the picker: name (ID), status and description, by name. */
export async function searchKnowledgeBases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { ListKnowledgeBasesCommand } = await bedrockAgentSdk();
	const bases = await listWith(this, 'ListKnowledgeBases', async (connection) => {
		const client = await getClient('bedrockAgent', connection);
		return await readPages(async (nextToken) => {
			const out = await client.send(
				new ListKnowledgeBasesCommand({ maxResults: PAGE_SIZE, nextToken }),
			);
			return { items: out.knowledgeBaseSummaries ?? [], nextToken: out.nextToken };
		});
	});
	const results: INodeListSearchItems[] = bases
		.filter((kb) => kb.knowledgeBaseId)
		.map((kb) => ({
			name: `${kb.name ?? kb.knowledgeBaseId} (${kb.knowledgeBaseId})`,
			value: kb.knowledgeBaseId as string,
			description: [kb.status, kb.description].filter(Boolean).join(' · ') || undefined,
		}))
		.sort(byName);
	return { results: results.filter((r) => matchesFilter(filter, r)) };
}

/** Data sources of the chosen knowledge base, for the Data Sources option. */
export async function getDataSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const knowledgeBaseId = chosenParameter(this, 'knowledgeBase');
	if (!isTypedId('Knowledge Base', knowledgeBaseId)) return [];
	const { ListDataSourcesCommand } = await bedrockAgentSdk();
	const sources = await listWith(this, 'ListDataSources', async (connection) => {
		const client = await getClient('bedrockAgent', connection);
		return await readPages(async (nextToken) => {
			const out = await client.send(
				new ListDataSourcesCommand({ knowledgeBaseId, maxResults: PAGE_SIZE, nextToken }),
			);
			return { items: out.dataSourceSummaries ?? [], nextToken: out.nextToken };
		});
	});
	return sources
		.filter((ds) => ds.dataSourceId)
		.map((ds) => ({
			name: `${ds.name ?? ds.dataSourceId} (${ds.dataSourceId})`,
			value: ds.dataSourceId as string,
			description: [ds.status, ds.description].filter(Boolean).join(' · ') || undefined,
		}))
		.sort(byName);
}
