import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeListSearchResult,
} from 'n8n-workflow';

import { CREDENTIAL_TEST } from './descriptions/authentication';

/*
 * The methods n8n calls on a node outside an execution, loading their code (and the AWS SDK,
 * node-forge, the HTTP stack) only when first called: n8n loads every node at start-up.
 */

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
