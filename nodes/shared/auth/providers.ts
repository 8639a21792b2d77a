import type { ConnectionConfig } from './connection';
import { endpointUrl } from '../transport/endpoints';
import { createRequestHandler } from '../transport/http';
import { ASSUME_ROLE } from '../transport/origin';
import { fromAssumeRole } from './assumeRole';
import { AuthError } from './errors';
import type { AwsCredentialIdentityProvider, IdentityProvider } from './identity';
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
): IdentityProvider {
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
				region: authRegion,
				endpoint: connection.endpoints.sts,
				useFips: connection.useFips,
				roleArn: auth.roleArn,
				externalId: auth.externalId,
				roleSessionName: auth.roleSessionName,
				durationSeconds: auth.durationSeconds,
				sourceCredentials:
					source.kind === 'hostChain'
						? hostChain()
						: async () => ({
								accessKeyId: source.accessKeyId,
								secretAccessKey: source.secretAccessKey,
								sessionToken: source.sessionToken,
							}),
				requestHandler: createRequestHandler(connection, endpoint),
			});
		}
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
