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

import { secretsOf } from '../shared/auth/secrets';
import { getClient } from '../shared/clients';
import { toNodeError } from '../shared/errors';
import { bedrockAgentSdk } from '../shared/transport/sdk';
import { getConnection } from '../shared/parameters/connection';
import { isTypedId } from '../shared/parameters/typedIds';
import { PAGE_SIZE, readPages } from '../shared/pickers/pagination';

/** Knowledge bases for the picker: name (ID), status and description, by name. */
export async function searchKnowledgeBases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await getConnection.call(this);
	const client = await getClient('bedrockAgent', connection);
	const { ListKnowledgeBasesCommand } = await bedrockAgentSdk();
	try {
		const bases = await readPages(async (nextToken) => {
			const out = await client.send(
				new ListKnowledgeBasesCommand({ maxResults: PAGE_SIZE, nextToken }),
			);
			return { items: out.knowledgeBaseSummaries ?? [], nextToken: out.nextToken };
		});
		const query = filter?.trim().toLowerCase();
		const results: INodeListSearchItems[] = bases
			.filter((kb) => kb.knowledgeBaseId)
			.map((kb) => ({
				name: `${kb.name ?? kb.knowledgeBaseId} (${kb.knowledgeBaseId})`,
				value: kb.knowledgeBaseId as string,
				description: [kb.status, kb.description].filter(Boolean).join(' · ') || undefined,
			}))
			.filter((r) => !query || `${r.name} ${r.description ?? ''}`.toLowerCase().includes(query))
			.sort((x, y) => x.name.localeCompare(y.name));
		return { results };
	} catch (error) {
		throw toNodeError(this.getNode(), error, {
			region: connection.bedrockRegion,
			secrets: secretsOf(connection),
			service: 'bedrock',
			operation: 'ListKnowledgeBases',
		});
	}
}

/** The knowledge base chosen in the node, as an ID; empty when none (or an expression). */
function chosenKnowledgeBase(ctx: ILoadOptionsFunctions): string {
	let value: unknown;
	try {
		value = ctx.getCurrentNodeParameter('knowledgeBase', { extractValue: true });
	} catch {
		value = undefined;
	}
	if (value && typeof value === 'object' && 'value' in value) value = value.value;
	const id = typeof value === 'string' ? value.trim() : '';
	return isTypedId('Knowledge Base', id) ? id : '';
}

/** Data sources of the chosen knowledge base, for the Data Sources option. */
export async function getDataSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const knowledgeBaseId = chosenKnowledgeBase(this);
	if (!knowledgeBaseId) return [];
	const connection = await getConnection.call(this);
	const client = await getClient('bedrockAgent', connection);
	const { ListDataSourcesCommand } = await bedrockAgentSdk();
	try {
		const sources = await readPages(async (nextToken) => {
			const out = await client.send(
				new ListDataSourcesCommand({ knowledgeBaseId, maxResults: PAGE_SIZE, nextToken }),
			);
			return { items: out.dataSourceSummaries ?? [], nextToken: out.nextToken };
		});
		return sources
			.filter((ds) => ds.dataSourceId)
			.map((ds) => ({
				name: `${ds.name ?? ds.dataSourceId} (${ds.dataSourceId})`,
				value: ds.dataSourceId as string,
				description: [ds.status, ds.description].filter(Boolean).join(' · ') || undefined,
			}))
			.sort((x, y) => x.name.localeCompare(y.name));
	} catch (error) {
		throw toNodeError(this.getNode(), error, {
			region: connection.bedrockRegion,
			secrets: secretsOf(connection),
			service: 'bedrock',
			operation: 'ListDataSources',
		});
	}
}
