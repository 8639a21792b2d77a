/**
 * The agent picker (ListAgents) and the alias picker of the chosen agent (ListAgentAliases),
 * both of the credential's Bedrock region.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import {
	chosenParameter,
	listAgentPages,
	namedItem,
	namedItems,
	PAGE_SIZE,
	searchResult,
} from '../shared/pickers/search';
import { bedrockAgentSdk } from '../shared/transport/sdk';
import { TEST_ALIAS_ID } from './description';

/**
 * Agents for the agent picker: every agent of the credential's Bedrock region, by name, with
 * its status (an agent must be prepared before its draft answers).
 */
export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { ListAgentsCommand } = await bedrockAgentSdk();
	const agents = await listAgentPages(this, 'ListAgents', async (client, nextToken) => {
		const out = await client.send(new ListAgentsCommand({ maxResults: PAGE_SIZE, nextToken }));
		return { items: out.agentSummaries ?? [], nextToken: out.nextToken };
	});
	return searchResult(
		filter,
		namedItems(agents, (a) => [a.agentName, a.agentId, a.agentStatus, a.description]),
	);
}

/**
 * Aliases of the agent chosen in the node for the alias picker, the test alias (the working
 * draft) included. Without a chosen agent the list only says to choose one.
 */
export async function searchAgentAliases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const agentId = chosenParameter(this, 'agent');
	if (!agentId || agentId.startsWith('=')) {
		return { results: [{ name: 'Choose an Agent First to List Its Aliases', value: '' }] };
	}
	const { ListAgentAliasesCommand } = await bedrockAgentSdk();
	const aliases = await listAgentPages(this, 'ListAgentAliases', async (client, nextToken) => {
		const out = await client.send(
			new ListAgentAliasesCommand({ agentId, maxResults: PAGE_SIZE, nextToken }),
		);
		return { items: out.agentAliasSummaries ?? [], nextToken: out.nextToken };
	});
	const results: INodeListSearchItems[] = aliases
		.filter((a) => a.agentAliasId)
		.map((a) => {
			const versions = (a.routingConfiguration ?? [])
				.map((r) => r.agentVersion)
				.filter(Boolean)
				.join(', ');
			const version = versions ? `version ${versions}` : undefined;
			return namedItem(
				a.agentAliasName,
				a.agentAliasId!,
				version,
				a.agentAliasStatus,
				a.description,
			);
		});
	if (!results.some((r) => r.value === TEST_ALIAS_ID)) {
		results.push({
			name: `Test alias, working draft (${TEST_ALIAS_ID})`,
			value: TEST_ALIAS_ID,
			description: 'The draft version; prepare the agent after each change',
		});
	}
	return searchResult(filter, results);
}
