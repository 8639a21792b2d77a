/**
 * The authentication parameter and the credential list of every Bedrock node, from one table
 * of the credential kinds as the forms show them (AUTHENTICATIONS). The auth layer has the
 * same kinds in its own table (auth/kinds/index.ts); authentication.test.ts checks that the rows
 * agree.
 */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

/**
 * The name under which each node registers the shared Test button (`methods.credentialTest`).
 * Node classes list their credentials literally, as n8n's lint reads them from the source.
 */
export const CREDENTIAL_TEST = 'bedrockCredentialTest';

export const AUTHENTICATIONS = [
	{ name: 'Access Keys', value: 'accessKeys', credential: 'bedrockAccessKeysApi', iam: true },
	{ name: 'Assume Role (STS)', value: 'assumeRole', credential: 'bedrockAssumeRoleApi', iam: true },
	{
		name: 'IAM Roles Anywhere (X.509)',
		value: 'rolesAnywhere',
		credential: 'bedrockRolesAnywhereApi',
		iam: true,
	},
	{ name: 'Bedrock API Key', value: 'apiKey', credential: 'bedrockApiKeyApi', iam: false },
] as const;

/**
 * The authentications with an IAM identity (SigV4), which every Bedrock service accepts. Nodes
 * that call agents or knowledge bases offer only these: AWS refuses API keys there.
 */
export const IAM_AUTHENTICATIONS = AUTHENTICATIONS.filter((a) => a.iam);

export type Authentication = (typeof AUTHENTICATIONS)[number]['value'];

export function credentialTypeOf(authentication: string) {
	return AUTHENTICATIONS.find((a) => a.value === authentication)?.credential;
}

function authenticationOf(list: ReadonlyArray<{ name: string; value: string }>): INodeProperties {
	return {
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: list.map(({ name, value }) => ({ name, value })),
		default: 'assumeRole',
	};
}

/** Every authentication: for the nodes that call only Bedrock and Bedrock Runtime. */
export const authenticationProperty = authenticationOf(AUTHENTICATIONS);

/** IAM authentications only: for nodes that call agents or knowledge bases. */
export const iamAuthenticationProperty = authenticationOf(IAM_AUTHENTICATIONS);

/**
 * The credentials of a Bedrock node: one per authentication, shown when it is chosen, each
 * tested by the shared `bedrockCredentialTest` method. n8n's lint reads `testedBy` only from a
 * literal `credentials` array; authentication.test.ts checks every node's list instead, and the lint's
 * credential-test-required rule is off for credentials/ (eslint.config.mjs says why).
 */
function credentialsOf(
	list: ReadonlyArray<{ value: string; credential: string }>,
): INodeCredentialDescription[] {
	return list.map(({ value, credential }) => ({
		name: credential,
		required: true,
		testedBy: CREDENTIAL_TEST,
		displayOptions: { show: { authentication: [value] } },
	}));
}

/** Every credential type: for nodes that call only Bedrock and Bedrock Runtime. */
export const bedrockCredentials = credentialsOf(AUTHENTICATIONS);

/**
 * The IAM credential types only, for nodes that call agents or knowledge bases: AWS accepts no
 * API key there, so n8n never offers one (the client layer refuses it too).
 */
export const iamCredentials = credentialsOf(IAM_AUTHENTICATIONS);
