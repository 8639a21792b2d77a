import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

/* The node's list methods, loading their code (and the AWS SDK) only when first called. */

export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await (await import('./listSearch')).searchAgents.call(this, filter);
}

export async function searchAgentAliases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await (await import('./listSearch')).searchAgentAliases.call(this, filter);
}
