import { endpointUrl } from '../../transport/endpoints';
import { CREATE_SESSION } from '../../transport/origin';
import { rolesAnywhere as reader, type RolesAnywhereAuth } from '../connection/rolesAnywhere';
import { authRequestHandler, withDeadline } from '../providerTools';
import { withRetries } from '../retry';
import { fromRolesAnywhere } from '../rolesAnywhere';
import { loadCertificateMaterial } from '../x509';
import type { CredentialKindDescriptor } from './types';

/** Lines of a PEM or base64 field long enough to be key material, besides the whole text. */
function pieces(text: string | undefined): string[] {
	if (!text) return [];
	const lines = text
		.split(/\r?\n|\\n|\s+/)
		.map((line) => line.trim())
		.filter((line) => line.length >= 16 && !line.startsWith('-----'));
	return [text, ...lines];
}

/**
 * IAM Roles Anywhere CreateSession, signed with an X.509 certificate's key. The material is
 * loaded and checked (in a worker thread) before any network call.
 */
export const rolesAnywhere: CredentialKindDescriptor<RolesAnywhereAuth> = {
	...reader,
	credentialType: 'bedrockRolesAnywhereApi',
	signing: 'sigv4',
	testStep: 'IAM Roles Anywhere CreateSession',
	async provider(connection, auth, { now, timeouts }) {
		const material = await loadCertificateMaterial(auth.certificate, now());
		const { authRegion } = connection;
		const endpoint = endpointUrl(connection, 'rolesanywhere', authRegion);
		// CreateSession is a plain HTTP call without the SDK's retry: add it (throttling, 5xx).
		const provider = withRetries(
			fromRolesAnywhere({
				region: authRegion,
				endpoint,
				useFips: connection.useFips,
				trustAnchorArn: auth.trustAnchorArn,
				profileArn: auth.profileArn,
				roleArn: auth.roleArn,
				roleSessionName: auth.roleSessionName,
				durationSeconds: auth.durationSeconds,
				material,
				requestHandler: authRequestHandler(connection, 'rolesAnywhere', endpoint, timeouts),
				now,
			}),
			{ maxAttempts: timeouts.maxAttempts },
		);
		return withDeadline(provider, timeouts.totalTimeoutMs, CREATE_SESSION);
	},
	// The private key and the PKCS#12 bundle, whole and line by line.
	secrets: ({ certificate }) => [
		...pieces(certificate.privateKeyPem),
		...pieces(certificate.pkcs12Base64),
	],
};
