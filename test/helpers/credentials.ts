import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	DEFAULT_API_KEY,
	DEFAULT_EXTERNAL_ID,
	DEFAULT_PROFILE_ARN,
	DEFAULT_ROLE_ARN,
	DEFAULT_TRUST_ANCHOR_ARN,
	DEFAULT_USER,
	pkiPem,
	type Emulator,
} from '../emulator';
import { shortTermApiKey } from './apiKeys';

/** Every endpoint of a credential pointed at the emulator. */
export function emulatorEndpoints(emulator: Emulator): ICredentialDataDecryptedObject {
	return {
		customEndpoints: true,
		stsEndpoint: emulator.url,
		rolesAnywhereEndpoint: emulator.url,
		bedrockEndpoint: emulator.url,
		bedrockRuntimeEndpoint: emulator.url,
		bedrockAgentEndpoint: emulator.url,
		bedrockAgentRuntimeEndpoint: emulator.url,
		connectionTimeout: 2000,
		readTimeout: 5000,
	};
}

export function accessKeysData(emulator: Emulator, extra: ICredentialDataDecryptedObject = {}) {
	return {
		accessKeyId: DEFAULT_USER.accessKeyId,
		secretAccessKey: DEFAULT_USER.secretAccessKey,
		region: 'us-east-1',
		...emulatorEndpoints(emulator),
		...extra,
	};
}

export function assumeRoleData(emulator: Emulator, extra: ICredentialDataDecryptedObject = {}) {
	return {
		roleArn: DEFAULT_ROLE_ARN,
		externalId: DEFAULT_EXTERNAL_ID,
		roleSessionName: 'n8n-test',
		sessionDuration: 3600,
		sourceCredentials: 'accessKeys',
		accessKeyId: DEFAULT_USER.accessKeyId,
		secretAccessKey: DEFAULT_USER.secretAccessKey,
		region: 'us-east-1',
		...emulatorEndpoints(emulator),
		...extra,
	};
}

export function rolesAnywhereData(emulator: Emulator, extra: ICredentialDataDecryptedObject = {}) {
	return {
		trustAnchorArn: DEFAULT_TRUST_ANCHOR_ARN,
		profileArn: DEFAULT_PROFILE_ARN,
		roleArn: DEFAULT_ROLE_ARN,
		keyFormat: 'pem',
		publicCertificate: pkiPem('rsa.cert.pem'),
		privateKey: pkiPem('rsa.key.pem'),
		publicCertificateChain: pkiPem('intermediate.cert.pem'),
		sessionDuration: 3600,
		region: 'us-east-1',
		...emulatorEndpoints(emulator),
		...extra,
	};
}

/** The Bedrock and Bedrock Runtime endpoints only: all an API key credential has. */
function bedrockEndpoints(emulator: Emulator): ICredentialDataDecryptedObject {
	return {
		customEndpoints: true,
		bedrockEndpoint: emulator.url,
		bedrockRuntimeEndpoint: emulator.url,
		connectionTimeout: 2000,
		readTimeout: 5000,
	};
}

/** The emulator's default long-term API key. */
export function longTermApiKeyData(emulator: Emulator, extra: ICredentialDataDecryptedObject = {}) {
	return {
		apiKey: DEFAULT_API_KEY.key,
		region: 'us-east-1',
		...bedrockEndpoints(emulator),
		...extra,
	};
}

/** A short-term API key for us-east-1, presigned now by the default user's access key. */
export function shortTermApiKeyData(
	emulator: Emulator,
	extra: ICredentialDataDecryptedObject = {},
) {
	const apiKey = shortTermApiKey({
		accessKeyId: DEFAULT_USER.accessKeyId,
		secretAccessKey: DEFAULT_USER.secretAccessKey,
		region: 'us-east-1',
	});
	return { apiKey, region: 'us-east-1', ...bedrockEndpoints(emulator), ...extra };
}

/** The credential types with an IAM identity, which every service (agents too) accepts. */
export const IAM_CREDENTIAL_CASES = [
	{ authentication: 'accessKeys', type: 'bedrockAccessKeysApi', data: accessKeysData },
	{ authentication: 'assumeRole', type: 'bedrockAssumeRoleApi', data: assumeRoleData },
	{ authentication: 'rolesAnywhere', type: 'bedrockRolesAnywhereApi', data: rolesAnywhereData },
] as const;

/** Amazon Bedrock API keys, long-term and short-term: Bedrock and Bedrock Runtime only. */
export const API_KEY_CASES = [
	{ authentication: 'apiKey', type: 'bedrockApiKeyApi', data: longTermApiKeyData },
	{ authentication: 'apiKey', type: 'bedrockApiKeyApi', data: shortTermApiKeyData },
] as const;

/** Every credential case of the model nodes (Converse, Generate). */
export const CREDENTIAL_CASES = [...IAM_CREDENTIAL_CASES, ...API_KEY_CASES] as const;

/** Region of the SigV4 credential scope a recorded request was signed for. */
export function signedRegion(headers: Record<string, string>): string | undefined {
	return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(headers.authorization ?? '')?.[1];
}
