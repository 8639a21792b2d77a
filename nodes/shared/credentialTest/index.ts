import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { CredentialValidationError } from '../auth/errors';
import { credentialResolver } from '../auth/resolver';
import { secretsOf } from '../auth/secrets';
import type { ResolverLogger } from '../auth/scope';
import { describeAwsError } from '../errors';
import { getClient } from '../clients';
import { toConnectionConfig, type ConnectionConfig } from '../auth/connection';
import { credentialKindOf, kindOfType } from '../auth/kinds';
import { bedrockSdk, stsSdk } from '../transport/sdk';

/**
 * The Test button of every credential type: validate, authenticate in the auth region (an API key
 * has no such step), then list foundation models in the Bedrock region. Says who you are, or which step failed and why.
 */
export async function testBedrockCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let connection: ConnectionConfig;
	try {
		if (!kindOfType(credential.type)) throw new Error(`Unknown credential type ${credential.type}`);
		connection = toConnectionConfig(credential.type, credential.data ?? {});
	} catch (error) {
		return failure('The credential is not valid', error);
	}
	const kind = credentialKindOf(connection);
	const described = kind.describe?.(connection.auth);
	if (described !== undefined) return await testWithoutIdentity(connection, described);

	const authStep = kind.testStep;
	let principal: string;
	try {
		principal = await authenticate(connection, this.logger);
	} catch (error) {
		if (error instanceof CredentialValidationError)
			return failure('The credential is not valid', error);
		return failure(
			`Authentication failed (${authStep} in ${connection.authRegion})`,
			error,
			connection.authRegion,
			connection,
		);
	}

	try {
		const models = await countFoundationModels(connection);
		return {
			status: 'OK',
			message: `Authenticated as ${principal} (${authStep} in ${connection.authRegion}). Bedrock in ${connection.bedrockRegion} answered: ${models} foundation models visible.`,
		};
	} catch (error) {
		return failure(
			`Authenticated as ${principal} (${authStep} in ${connection.authRegion}), but Bedrock ListFoundationModels in ${connection.bedrockRegion} failed`,
			error,
			connection.bedrockRegion,
			connection,
		);
	}
}

/**
 * No identity call exists for a kind without an IAM identity (an API key): say what the
 * credential is, then prove Bedrock accepts it.
 */
async function testWithoutIdentity(
	connection: ConnectionConfig,
	key: string,
): Promise<INodeCredentialTestResult> {
	const noIdentity =
		'An API key has no IAM identity to show: only Bedrock accepts it, STS cannot say who it belongs to.';
	try {
		const models = await countFoundationModels(connection);
		return {
			status: 'OK',
			message: `${key}. ${noIdentity} Bedrock in ${connection.bedrockRegion} answered: ${models} foundation models visible.`,
		};
	} catch (error) {
		return failure(
			`${key}: Bedrock ListFoundationModels in ${connection.bedrockRegion} failed`,
			error,
			connection.bedrockRegion,
			connection,
		);
	}
}

async function countFoundationModels(connection: ConnectionConfig): Promise<number> {
	const bedrock = await getClient('bedrock', connection);
	const { ListFoundationModelsCommand } = await bedrockSdk();
	const { modelSummaries = [] } = await bedrock.send(new ListFoundationModelsCommand({}));
	return modelSummaries.length;
}

/** Who the credential is: the assumed-role ARN, or for access keys what STS says. */
async function authenticate(
	connection: ConnectionConfig,
	logger?: ResolverLogger,
): Promise<string> {
	const identity = await credentialResolver.refresh(connection, { logger });
	if ('principalArn' in identity && identity.principalArn) return identity.principalArn;
	const sts = await getClient('sts', connection);
	const { GetCallerIdentityCommand } = await stsSdk();
	const { Arn } = await sts.send(new GetCallerIdentityCommand({}));
	return Arn ?? 'an unnamed principal';
}

/** The step, our message, the advice, then what AWS said (code and message) and the request ID. */
function failure(
	step: string,
	error: unknown,
	region?: string,
	connection?: ConnectionConfig,
): INodeCredentialTestResult {
	const info = describeAwsError(error, {
		region,
		secrets: connection ? secretsOf(connection) : [],
	});
	const sentence = (text: string) => text.replace(/([^.!?])$/, '$1.');
	const parts = [`${step}: ${sentence(info.message)}`];
	if (info.advice) parts.push(sentence(info.advice));
	if (info.awsMessage && info.awsMessage !== info.message) {
		const source = info.httpStatus !== undefined ? 'AWS said' : 'Error';
		parts.push(`${source}${info.code ? ` (${info.code})` : ''}: ${sentence(info.awsMessage)}`);
	}
	if (info.requestId) parts.push(`AWS request ID: ${info.requestId}`);
	return { status: 'Error', message: parts.join(' ') };
}
