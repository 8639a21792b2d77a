import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

/* The node's list methods, loading their code (and the AWS SDK) only when first called. */

export async function searchKnowledgeBases(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await (await import('./listSearch')).searchKnowledgeBases.call(this, filter);
}

export async function getDataSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await (await import('./listSearch')).getDataSources.call(this);
}
