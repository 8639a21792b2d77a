import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	ISupplyDataFunctions,
	SupplyData,
} from 'n8n-workflow';

import { CREDENTIAL_TEST } from './descriptions/authentication';
import type { Operations } from './items/operation';
import type { SupplyContext } from './supply';

/*
 * What n8n calls on a node, loading its code (the router, the AWS SDK, node-forge, the HTTP
 * stack) only when first called: n8n loads every node at start-up.
 */

/** A node's `execute`: the shared router over the node's operations. */
export function routeTo(
	operations: Operations,
): (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> {
	return async function execute(this: IExecuteFunctions) {
		const { route } = await import('./items/router');
		return await route.call(this, operations);
	};
}

/** What a sub-node's supplyData module exports: the object it supplies, from its supply context. */
type SupplyFromContext = (this: ISupplyDataFunctions, supply: SupplyContext) => Promise<SupplyData>;

/**
 * A sub-node's `supplyData`: reads the node's connection and options into its supply context,
 * then hands it to the node's own supplyData module, both imported on first call.
 */
export function supplyFrom(
	load: () => Promise<{ supplyData: SupplyFromContext }>,
): (this: ISupplyDataFunctions, itemIndex: number) => Promise<SupplyData> {
	return async function supplyData(this: ISupplyDataFunctions, itemIndex: number) {
		const [{ supplyData }, { supplyContext }] = await Promise.all([load(), import('./supply')]);
		return await supplyData.call(this, await supplyContext.call(this, itemIndex));
	};
}

export const credentialTest = {
	async [CREDENTIAL_TEST](
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const { testBedrockCredential } = await import('./credentialTest');
		return await testBedrockCredential.call(this, credential);
	},
};

export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await (await import('./pickers/models')).searchModels.call(this, filter);
}

export async function searchAllModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await (await import('./pickers/models')).searchAllModels.call(this, filter);
}

export async function searchEmbeddingModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await (await import('./pickers/models')).searchEmbeddingModels.call(this, filter);
}
