import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

/* The node's list methods, loading their code (and the AWS SDK) only when first called. */

export async function searchGuardrails(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await (await import('./listSearch')).searchGuardrails.call(this, filter);
}

export async function getGuardrailVersions(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	return await (await import('./listSearch')).getGuardrailVersions.call(this);
}
