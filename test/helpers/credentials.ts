import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	DEFAULT_EXTERNAL_ID,
	DEFAULT_PROFILE_ARN,
	DEFAULT_ROLE_ARN,
	DEFAULT_TRUST_ANCHOR_ARN,
	DEFAULT_USER,
	pkiPem,
	type Emulator,
} from '../emulator';

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

export const CREDENTIAL_CASES = [
	{ authentication: 'accessKeys', type: 'bedrockAccessKeysApi', data: accessKeysData },
	{ authentication: 'assumeRole', type: 'bedrockAssumeRoleApi', data: assumeRoleData },
	{ authentication: 'rolesAnywhere', type: 'bedrockRolesAnywhereApi', data: rolesAnywhereData },
] as const;

/** Region of the SigV4 credential scope a recorded request was signed for. */
export function signedRegion(headers: Record<string, string>): string | undefined {
	return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(headers.authorization ?? '')?.[1];
}
