/**
 * The Bedrock Agents the emulator knows, in every region and account: a support agent and a code
 * agent, each with the test alias `TSTALIASID` (pointing at the working draft, as every agent
 * has) and one published alias.
 */

/** An alias of an emulated agent. */
export interface CatalogAgentAlias {
	agentAliasId: string;
	agentAliasName: string;
	description: string;
	/** Agent version the alias routes to (`DRAFT` for the test alias). */
	agentVersion: string;
	createdAt: string;
	updatedAt: string;
}

/** An emulated agent. */
export interface CatalogAgent {
	agentId: string;
	agentName: string;
	description: string;
	agentStatus: 'PREPARED' | 'NOT_PREPARED';
	latestAgentVersion: string;
	updatedAt: string;
	/** Whether the agent has the code interpreter enabled (informational: any agent answers code interpreter input files). */
	codeInterpreter: boolean;
	aliases: CatalogAgentAlias[];
}

/** Alias ID of the test alias every agent has. */
export const TEST_ALIAS_ID = 'TSTALIASID';

/** ID of the support agent (published alias {@link SUPPORT_AGENT_ALIAS_ID}). */
export const SUPPORT_AGENT_ID = 'AGENTSUPRT';
export const SUPPORT_AGENT_ALIAS_ID = 'PRODALIAS1';

/** ID of the code agent (published alias {@link CODE_AGENT_ALIAS_ID}). */
export const CODE_AGENT_ID = 'AGENTCODER';
export const CODE_AGENT_ALIAS_ID = 'LIVEALIAS1';

const CREATED = '2025-01-15T09:30:00Z';
const UPDATED = '2025-03-02T14:00:00Z';

const testAlias = (): CatalogAgentAlias => ({
	agentAliasId: TEST_ALIAS_ID,
	agentAliasName: 'AgentTestAlias',
	description: 'Test Alias for Agent',
	agentVersion: 'DRAFT',
	createdAt: CREATED,
	updatedAt: UPDATED,
});

/** The agents, in the order ListAgents returns them. */
export const AGENTS: readonly CatalogAgent[] = Object.freeze([
	{
		agentId: SUPPORT_AGENT_ID,
		agentName: 'n8n-support-agent',
		description: 'Answers questions about orders, with a knowledge base and an action group',
		agentStatus: 'PREPARED',
		latestAgentVersion: '2',
		updatedAt: UPDATED,
		codeInterpreter: false,
		aliases: [
			testAlias(),
			{
				agentAliasId: SUPPORT_AGENT_ALIAS_ID,
				agentAliasName: 'production',
				description: 'Version 2 for production workflows',
				agentVersion: '2',
				createdAt: CREATED,
				updatedAt: UPDATED,
			},
		],
	},
	{
		agentId: CODE_AGENT_ID,
		agentName: 'n8n-code-agent',
		description: 'Runs Python with the code interpreter and returns files',
		agentStatus: 'PREPARED',
		latestAgentVersion: '1',
		updatedAt: UPDATED,
		codeInterpreter: true,
		aliases: [
			testAlias(),
			{
				agentAliasId: CODE_AGENT_ALIAS_ID,
				agentAliasName: 'live',
				description: 'Version 1',
				agentVersion: '1',
				createdAt: CREATED,
				updatedAt: UPDATED,
			},
		],
	},
]);

/** `arn:aws:bedrock:<region>:<account>:agent/<agentId>` */
export const agentArn = (partition: string, region: string, account: string, agentId: string) =>
	`arn:${partition}:bedrock:${region}:${account}:agent/${agentId}`;

/** `arn:aws:bedrock:<region>:<account>:agent-alias/<agentId>/<aliasId>` */
export const agentAliasArn = (
	partition: string,
	region: string,
	account: string,
	agentId: string,
	aliasId: string,
) => `arn:${partition}:bedrock:${region}:${account}:agent-alias/${agentId}/${aliasId}`;

export const findAgent = (agentId: string): CatalogAgent | undefined =>
	AGENTS.find((a) => a.agentId === agentId);

export const findAlias = (agent: CatalogAgent, aliasId: string): CatalogAgentAlias | undefined =>
	agent.aliases.find((a) => a.agentAliasId === aliasId);
