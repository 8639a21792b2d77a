/**
 * Agents for Amazon Bedrock, control plane (REST-JSON, signing name `bedrock`): ListAgents
 * (`POST /agents/`) and ListAgentAliases (`POST /agents/{agentId}/agentaliases/`), paginated,
 * over the catalog of {@link AGENTS}.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent_ListAgents.html
 */
import { checkAllowed } from './access';
import { AGENTS, agentArn, findAgent } from './agentCatalog';
import { partitionOf } from './catalog';
import type { HandlerContext } from './context';
import { paginate } from './pagination';
import { ApiError, jsonResult, type Reply } from './protocol';

type Json = Record<string, unknown>;

const bodyOf = (ctx: HandlerContext): Json =>
	ctx.body !== null && typeof ctx.body === 'object' ? (ctx.body as Json) : {};

/** Checks an agent ID path parameter (10 letters or digits). */
export function checkAgentId(agentId: string): void {
	if (!/^[0-9a-zA-Z]{10}$/.test(agentId)) {
		throw new ApiError(
			400,
			'ValidationException',
			`1 validation error detected: Value '${agentId}' at 'agentId' failed to satisfy constraint: ` +
				'Member must satisfy regular expression pattern: ^[0-9a-zA-Z]{10}$',
		);
	}
}

/** `POST /agents/` */
export function listAgents(ctx: HandlerContext): Reply {
	checkAllowed(ctx, 'bedrock:ListAgents', '*');
	const { maxResults, nextToken } = bodyOf(ctx);
	const { page, nextToken: next } = paginate([...AGENTS], maxResults, nextToken);
	return jsonResult({
		agentSummaries: page.map((a) => ({
			agentId: a.agentId,
			agentName: a.agentName,
			agentStatus: a.agentStatus,
			description: a.description,
			updatedAt: a.updatedAt,
			latestAgentVersion: a.latestAgentVersion,
		})),
		nextToken: next,
	});
}

/** `POST /agents/{agentId}/agentaliases/` */
export function listAgentAliases(ctx: HandlerContext): Reply {
	const agentId = ctx.params.agentId;
	checkAgentId(agentId);
	const region = ctx.region!;
	checkAllowed(
		ctx,
		'bedrock:ListAgentAliases',
		agentArn(partitionOf(region), region, ctx.caller!.account, agentId),
	);
	const agent = findAgent(agentId);
	if (!agent) {
		throw new ApiError(404, 'ResourceNotFoundException', `Agent ${agentId} doesn't exist.`);
	}
	const { maxResults, nextToken } = bodyOf(ctx);
	const { page, nextToken: next } = paginate(agent.aliases, maxResults, nextToken);
	return jsonResult({
		agentAliasSummaries: page.map((a) => ({
			agentAliasId: a.agentAliasId,
			agentAliasName: a.agentAliasName,
			description: a.description,
			routingConfiguration: [{ agentVersion: a.agentVersion }],
			agentAliasStatus: 'PREPARED',
			createdAt: a.createdAt,
			updatedAt: a.updatedAt,
			aliasInvocationState: 'ACCEPT_INVOCATIONS',
		})),
		nextToken: next,
	});
}
