import {
	NodeOperationError,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type ISupplyDataFunctions,
} from 'n8n-workflow';

import { toConnectionConfig, type ConnectionConfig } from '../auth/connection';
import { withProject } from '../auth/connection/sessionAttributes';
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
	const data = withProject(await this.getCredentials(type), projectIdOf(this));
	try {
		return toConnectionConfig(type, data);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), `Credential: ${(error as Error).message}`, {
			description: 'Open the credential and correct the field named above, then press Test.',
		});
	}
}

/**
 * The n8n project of the running workflow. n8n 2.41 gives nodes no method for it; the execution's
 * additional data that n8n hands every node context holds it (`projectId`, set from the
 * workflow's owner project when the execution starts). Undefined where it is absent.
 */
function projectIdOf(ctx: object): unknown {
	return (ctx as { additionalData?: { projectId?: unknown } }).additionalData?.projectId;
}
