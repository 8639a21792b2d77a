import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { CredentialValidationError } from './auth/errors';
import { credentialResolver } from './auth/resolver';
import { describeAwsError } from './errors';
import { getClient } from './clients';
import {
	CREDENTIAL_TYPES,
	toConnectionConfig,
	type ConnectionConfig,
	type CredentialTypeName,
} from './auth/connection';
import { bedrockSdk, stsSdk } from './transport/sdk';

/**
 * The Test button of all three credential types: validate, authenticate in the auth region, then
 * list foundation models in the Bedrock region. Says who you are, or which step failed and why.
 */
export async function testBedrockCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const type = credential.type as CredentialTypeName;
	let connection: ConnectionConfig;
	try {
		if (!(type in CREDENTIAL_TYPES)) throw new Error(`Unknown credential type ${credential.type}`);
		connection = toConnectionConfig(type, credential.data ?? {});
	} catch (error) {
		return failure('The credential is not valid', error);
	}

	const authStep = authStepName(connection);
	let principal: string;
	try {
		principal = await authenticate(connection);
	} catch (error) {
		if (error instanceof CredentialValidationError)
			return failure('The credential is not valid', error);
		return failure(
			`Authentication failed (${authStep} in ${connection.authRegion})`,
			error,
			connection.authRegion,
		);
	}

	try {
		const bedrock = await getClient('bedrock', connection);
		const { ListFoundationModelsCommand } = await bedrockSdk();
		const { modelSummaries = [] } = await bedrock.send(new ListFoundationModelsCommand({}));
		return {
			status: 'OK',
			message: `Authenticated as ${principal} (${authStep} in ${connection.authRegion}). Bedrock in ${connection.bedrockRegion} answered: ${modelSummaries.length} foundation models visible.`,
		};
	} catch (error) {
		return failure(
			`Authenticated as ${principal} (${authStep} in ${connection.authRegion}), but Bedrock ListFoundationModels in ${connection.bedrockRegion} failed`,
			error,
			connection.bedrockRegion,
		);
	}
}

function authStepName({ auth }: ConnectionConfig): string {
	return {
		accessKeys: 'STS GetCallerIdentity',
		assumeRole: 'STS AssumeRole',
		rolesAnywhere: 'IAM Roles Anywhere CreateSession',
	}[auth.kind];
}

/** Who the credential is: the assumed-role ARN, or for access keys what STS says. */
async function authenticate(connection: ConnectionConfig): Promise<string> {
	const identity = await credentialResolver.refresh(connection);
	if (identity.principalArn) return identity.principalArn;
	const sts = await getClient('sts', connection);
	const { GetCallerIdentityCommand } = await stsSdk();
	const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
	return Arn ?? 'an unnamed principal';
}

function failure(step: string, error: unknown, region?: string): INodeCredentialTestResult {
	const info = describeAwsError(error, { region });
	const parts = [`${step}: ${info.message.replace(/([^.!?])$/, '$1.')}`];
	if (info.advice) parts.push(info.advice);
	if (info.requestId) parts.push(`AWS request ID: ${info.requestId}`);
	return { status: 'Error', message: parts.join(' ') };
}
