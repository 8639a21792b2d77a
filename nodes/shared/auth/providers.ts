/**
 * The one module that wires providers together: credential kind -> provider, with the STS client,
 * HTTP handler and certificate material each provider is given.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import type { NodeHttpHandler } from '@smithy/node-http-handler';

import { endpointUrl } from '../transport/endpoints';
import { createRequestHandler } from '../transport/http';
import { ASSUME_ROLE } from '../transport/origin';
import { stsSdk } from '../transport/sdk';
import type { ConnectionConfig } from './connection';
import { fromAssumeRole, type RoleAssumer } from './assumeRole';
import { AuthError } from './errors';
import { fromApiKey } from './apiKey';
import type { AnyIdentityProvider, AwsCredentialIdentityProvider } from './identity';
import { withRetries } from './retry';
import { fromRolesAnywhere } from './rolesAnywhere';
import { loadCertificateMaterial } from './x509';

/**
 * Builds the uncached provider for a validated connection. Certificate material is loaded (and
 * checked) here, before any network call. Only the resolver calls this.
 */
export function createProvider(
	connection: ConnectionConfig,
	now: () => Date = () => new Date(),
): AnyIdentityProvider {
	const { auth, authRegion } = connection;
	switch (auth.kind) {
		case 'accessKeys': {
			const identity = {
				accessKeyId: auth.accessKeyId,
				secretAccessKey: auth.secretAccessKey,
				sessionToken: auth.sessionToken,
			};
			return async () => identity;
		}
		case 'assumeRole': {
			const source = auth.source;
			const endpoint = endpointUrl(connection, 'sts', authRegion);
			return fromAssumeRole({
				roleArn: auth.roleArn,
				externalId: auth.externalId,
				roleSessionName: auth.roleSessionName,
				durationSeconds: auth.durationSeconds,
				roleAssumer: stsRoleAssumer({
					region: authRegion,
					endpoint: connection.endpoints.sts,
					useFipsEndpoint: connection.endpoints.sts ? undefined : connection.useFips,
					credentials:
						source.kind === 'hostChain'
							? hostChain()
							: async () => ({
									accessKeyId: source.accessKeyId,
									secretAccessKey: source.secretAccessKey,
									sessionToken: source.sessionToken,
								}),
					requestHandler: createRequestHandler(connection, endpoint),
				}),
			});
		}
		case 'apiKey':
			return fromApiKey({
				apiKey: auth.apiKey,
				expiresAt: auth.info.type === 'shortTerm' ? auth.info.expiresAt : undefined,
				now,
			});
		case 'rolesAnywhere': {
			const endpoint = endpointUrl(connection, 'rolesanywhere', authRegion);
			// CreateSession is a plain HTTP call without the SDK's retry: add it (throttling, 5xx).
			return withRetries(
				fromRolesAnywhere({
					region: authRegion,
					endpoint,
					useFips: connection.useFips,
					trustAnchorArn: auth.trustAnchorArn,
					profileArn: auth.profileArn,
					roleArn: auth.roleArn,
					roleSessionName: auth.roleSessionName,
					durationSeconds: auth.durationSeconds,
					material: loadCertificateMaterial(auth.certificate, now()),
					requestHandler: createRequestHandler(connection, endpoint),
					now,
				}),
			);
		}
	}
}

/** The STS client settings of an AssumeRole credential: who calls, where, through what. */
interface StsClientSettings {
	region: string;
	/** Endpoint override (VPC endpoint, emulator). Absent: the SDK's regional endpoint. */
	endpoint?: string;
	useFipsEndpoint?: boolean;
	/** The source identity that calls AssumeRole: access keys or the host's default chain. */
	credentials: AwsCredentialIdentityProvider;
	/** Timeouts and proxy; shared with the credential's other clients. */
	requestHandler: NodeHttpHandler;
}

/** AssumeRole through an STS client built on first use (the SDK loads lazily) and reused. */
function stsRoleAssumer(settings: StsClientSettings): RoleAssumer {
	let client: Promise<STSClient> | undefined;
	return async (params) => {
		// SigV4 pinned: no host setting (AWS_AUTH_SCHEME_PREFERENCE) picks another scheme.
		client ??= stsSdk().then(
			({ STSClient }) => new STSClient({ ...settings, authSchemePreference: ['sigv4'] }),
		);
		const { AssumeRoleCommand } = await stsSdk();
		return await (await client).send(new AssumeRoleCommand(params));
	};
}

/** The n8n host's default AWS chain, loaded only when an admin allowed it (see connection.ts). */
function hostChain(): AwsCredentialIdentityProvider {
	let chain: AwsCredentialIdentityProvider | undefined;
	return async () => {
		if (!chain) {
			const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
			chain = defaultProvider();
		}
		try {
			return await chain();
		} catch (error) {
			throw new AuthError(
				'authentication',
				`No AWS identity found on the n8n host (${(error as Error).name}): set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run n8n with an instance or container role`,
				{ ...ASSUME_ROLE, code: 'HostCredentialsNotFound' },
			);
		}
	};
}
