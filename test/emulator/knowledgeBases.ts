/**
 * Agents for Amazon Bedrock, control plane for knowledge bases (REST-JSON, signing name
 * `bedrock`): ListKnowledgeBases (`POST /knowledgebases/`) and ListDataSources
 * (`POST /knowledgebases/{knowledgeBaseId}/datasources/`), paginated, over
 * {@link KNOWLEDGE_BASES}.
 * Reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent_ListKnowledgeBases.html
 */
import { checkAllowed } from './access';
import { partitionOf } from './catalog';
import type { HandlerContext } from './context';
import { findKnowledgeBase, knowledgeBaseArn, KNOWLEDGE_BASES } from './knowledgeBaseCatalog';
import { paginate } from './pagination';
import { ApiError, jsonResult, type Reply } from './protocol';

type Json = Record<string, unknown>;

const bodyOf = (ctx: HandlerContext): Json =>
	ctx.body !== null && typeof ctx.body === 'object' ? (ctx.body as Json) : {};

/** One page of a list, no larger than the configured page size. */
function page<T>(ctx: HandlerContext, items: T[]) {
	const { maxResults, nextToken } = bodyOf(ctx);
	const cap = ctx.state.config.knowledgeBasePageSize;
	const size =
		cap !== undefined && (maxResults === undefined || Number(maxResults) > cap) ? cap : maxResults;
	return paginate(items, size, nextToken);
}

/** Checks a knowledge base ID (10 letters or digits), as a path parameter or a body field. */
export function checkKnowledgeBaseId(id: unknown): string {
	if (typeof id !== 'string' || !/^[0-9a-zA-Z]{10}$/.test(id)) {
		throw new ApiError(
			400,
			'ValidationException',
			`1 validation error detected: Value '${String(id)}' at 'knowledgeBaseId' failed to satisfy constraint: ` +
				'Member must satisfy regular expression pattern: [0-9a-zA-Z]{10}',
		);
	}
	return id;
}

/** The knowledge base of an ID, or the ResourceNotFoundException AWS answers. */
export function knowledgeBaseOrThrow(id: string) {
	const kb = findKnowledgeBase(id);
	if (!kb) {
		throw new ApiError(
			404,
			'ResourceNotFoundException',
			`Knowledge base with id ${id} does not exist`,
		);
	}
	return kb;
}

/** `POST /knowledgebases/` */
export function listKnowledgeBases(ctx: HandlerContext): Reply {
	checkAllowed(ctx, 'bedrock:ListKnowledgeBases', '*');
	const { page: entries, nextToken: next } = page(ctx, [...KNOWLEDGE_BASES]);
	return jsonResult({
		knowledgeBaseSummaries: entries.map((kb) => ({
			knowledgeBaseId: kb.knowledgeBaseId,
			name: kb.name,
			description: kb.description,
			status: kb.status,
			updatedAt: kb.updatedAt,
		})),
		nextToken: next,
	});
}

/** `POST /knowledgebases/{knowledgeBaseId}/datasources/` */
export function listDataSources(ctx: HandlerContext): Reply {
	const id = checkKnowledgeBaseId(ctx.params.knowledgeBaseId);
	const region = ctx.region!;
	checkAllowed(
		ctx,
		'bedrock:ListDataSources',
		knowledgeBaseArn(partitionOf(region), region, ctx.caller!.account, id),
	);
	const kb = knowledgeBaseOrThrow(id);
	const { page: entries, nextToken: next } = page(ctx, kb.dataSources);
	return jsonResult({
		dataSourceSummaries: entries.map((ds) => ({
			knowledgeBaseId: id,
			dataSourceId: ds.dataSourceId,
			name: ds.name,
			description: ds.description,
			status: ds.status,
			updatedAt: kb.updatedAt,
		})),
		nextToken: next,
	});
}
