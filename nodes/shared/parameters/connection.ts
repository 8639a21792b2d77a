import {
	NodeOperationError,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type ISupplyDataFunctions,
} from 'n8n-workflow';

import { toConnectionConfig, type ConnectionConfig } from '../auth/connection';
import { credentialTypeOf } from '../descriptions/authentication';

/**
 * The validated connection of the node's chosen credential, read once per execution (or list
 * search). Bad credential data fails here, before any request, naming the field.
 */
export async function getConnection(
	this: IExecuteFunctions | ILoadOptionsFunctions | ISupplyDataFunctions,
): Promise<ConnectionConfig> {
	const authentication = this.getNodeParameter('authentication', 0) as string;
	const type = credentialTypeOf(authentication);
	if (!type)
		throw new NodeOperationError(this.getNode(), `Unknown authentication "${authentication}"`);
	const data = await this.getCredentials(type);
	try {
		return toConnectionConfig(type, data);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Credential: ${(error as Error).message}`, {
			description: 'Open the credential and correct the field named above, then press Test.',
		});
	}
}
