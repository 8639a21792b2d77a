import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { getClient } from '../shared/clients';
import { secretsOf } from '../shared/auth/secrets';
import { toNodeError } from '../shared/errors';
import { getConnection } from '../shared/parameters/connection';
import { TEST_ALIAS_ID } from './description';
import { PAGE_SIZE, readPages } from '../shared/pickers/pagination';
import { bedrockAgentSdk } from '../shared/transport/sdk';

function matches(filter: string | undefined, item: INodeListSearchItems): boolean {
	const query = filter?.trim().toLowerCase();
	if (!query || !item.value) return true;
	return `${item.name} ${String(item.value)}`.toLowerCase().includes(query);
}

/**
 * Agents for the agent picker: every agent of the credential's Bedrock region, by name, with
 * its status (an agent must be prepared before its draft answers).
 */
export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await getConnection.call(this);
	const client = await getClient('bedrockAgent', connection);
	const { ListAgentsCommand } = await bedrockAgentSdk();
	try {
		const agents = await readPages(async (nextToken) => {
			const out = await client.send(new ListAgentsCommand({ maxResults: PAGE_SIZE, nextToken }));
			return { items: out.agentSummaries ?? [], nextToken: out.nextToken };
		});
		const results: INodeListSearchItems[] = agents
			.filter((a) => a.agentId)
			.map((a) => ({
				name: `${a.agentName ?? a.agentId} (${a.agentId})`,
				value: a.agentId as string,
				description: [a.agentStatus, a.description].filter(Boolean).join(' · ') || undefined,
			}))
			.sort((x, y) => x.name.localeCompare(y.name));
		return { results: results.filter((r) => matches(filter, r)) };
	} catch (error) {
		throw toNodeError(this.getNode(), error, {
			region: connection.bedrockRegion,
			secrets: secretsOf(connection),
			service: 'bedrock',
			operation: 'ListAgents',
		});
	}
}

/** The agent chosen in the node, as an ID; empty when none is chosen yet. */
function chosenAgentId(ctx: ILoadOptionsFunctions): string {
	const read = (value: unknown): string => {
		if (typeof value === 'string') return value.trim();
		if (value && typeof value === 'object' && 'value' in value) {
			return read((value as { value: unknown }).value);
		}
		return '';
	};
	let value = '';
	try {
		value = read(ctx.getCurrentNodeParameter('agent', { extractValue: true }));
	} catch {
		// Not in the editor's current parameters: fall back to the saved ones.
	}
	if (!value) {
		try {
			value = read(ctx.getNodeParameter('agent', undefined, { extractValue: true }));
		} catch {
			value = '';
		}
	}
	return value;
}

/**
 * Aliases of the agent chosen in the node for the alias picker, the test alias (the working
 * draft) included. Without a chosen agent the list only says to choose one.
 */
export async function searchAgentAliases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const agentId = chosenAgentId(this);
	if (!agentId || agentId.startsWith('=')) {
		return { results: [{ name: 'Choose an Agent First to List Its Aliases', value: '' }] };
	}
	const connection = await getConnection.call(this);
	const client = await getClient('bedrockAgent', connection);
	const { ListAgentAliasesCommand } = await bedrockAgentSdk();
	try {
		const aliases = await readPages(async (nextToken) => {
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
				return {
					name: `${a.agentAliasName ?? a.agentAliasId} (${a.agentAliasId})`,
					value: a.agentAliasId as string,
					description:
						[versions && `version ${versions}`, a.agentAliasStatus, a.description]
							.filter(Boolean)
							.join(' · ') || undefined,
				};
			});
		if (!results.some((r) => r.value === TEST_ALIAS_ID)) {
			results.push({
				name: `Test alias, working draft (${TEST_ALIAS_ID})`,
				value: TEST_ALIAS_ID,
				description: 'The draft version; prepare the agent after each change',
			});
		}
		return { results: results.filter((r) => matches(filter, r)) };
	} catch (error) {
		throw toNodeError(this.getNode(), error, {
			region: connection.bedrockRegion,
			secrets: secretsOf(connection),
			service: 'bedrock',
			operation: 'ListAgentAliases',
		});
	}
}
