import { endpointUrl } from '../../transport/endpoints';
import { ASSUME_ROLE } from '../../transport/origin';
import { fromAssumeRole } from '../assumeRole';
import { assumeRole as reader, type AssumeRoleAuth } from '../connection/assumeRole';
import { text } from '../connection/fields';
import { hostChain } from '../hostChain';
import { authRequestHandler, stsRoleAssumer, withDeadline } from '../providerTools';
import type { CredentialKindDescriptor } from './types';

/**
 * STS AssumeRole (with External ID), called with source access keys or, where the n8n admin
 * allows it, the n8n host's own identity.
 */
export const assumeRole: CredentialKindDescriptor<AssumeRoleAuth> = {
	...reader,
	credentialType: 'bedrockAssumeRoleApi',
	signing: 'sigv4',
	testStep: 'STS AssumeRole',
	usesHostIdentity: (data) => text(data.sourceCredentials) === 'hostChain',
	provider(connection, auth, { now, timeouts }) {
		const { authRegion } = connection;
		const source = auth.source;
		const endpoint = endpointUrl(connection, 'sts', authRegion);
		const provider = fromAssumeRole({
			roleArn: auth.roleArn,
			externalId: auth.externalId,
			roleSessionName: auth.roleSessionName,
			durationSeconds: auth.durationSeconds,
			sourceIdentity: auth.session?.sourceIdentity,
			tags: auth.session?.tags,
			now,
			roleAssumer: stsRoleAssumer({
				region: authRegion,
				endpoint: connection.endpoints.sts,
				useFipsEndpoint: connection.endpoints.sts ? undefined : connection.useFips,
				credentials:
					source.kind === 'hostChain'
						? hostChain(authRegion)
						: async () => ({
								accessKeyId: source.accessKeyId,
								secretAccessKey: source.secretAccessKey,
								sessionToken: source.sessionToken,
							}),
				requestHandler: authRequestHandler(connection, 'sts', endpoint, timeouts),
				maxAttempts: timeouts.maxAttempts,
			}),
		});
		return withDeadline(provider, timeouts.totalTimeoutMs, ASSUME_ROLE);
	},
	secrets: ({ source }) =>
		source.kind === 'accessKeys' ? [source.secretAccessKey, source.sessionToken] : [],
};
