/**
 * The n8n host's own AWS identity, for AssumeRole when an n8n admin allowed it: environment
 * variables, web identity (EKS IRSA), the container endpoint (ECS task role, EKS Pod Identity)
 * and EC2 instance metadata, in the AWS SDK's default order. Shared-config profiles,
 * `credential_process` and SSO are left out: n8n's rules ban them in nodes (they read files and
 * run programs of the host).
 */
import { ASSUME_ROLE } from '../transport/origin';
import { AuthError } from './errors';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from './identity';

type Link = () => Promise<AwsCredentialIdentity>;

/** Which links apply to this host, read from its environment on each use. */
function links(env: NodeJS.ProcessEnv, region: string): Array<[string, Link]> {
	const result: Array<[string, Link]> = [];
	if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
		result.push([
			'environment',
			async () => (await import('@aws-sdk/credential-provider-env')).fromEnv()(),
		]);
	}
	if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
		result.push([
			'web identity',
			async () =>
				(await import('@aws-sdk/credential-provider-web-identity')).fromTokenFile({
					clientConfig: { region },
				})(),
		]);
	}
	if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
		result.push([
			'container',
			async () => (await import('@aws-sdk/credential-provider-http')).fromHttp()(),
		]);
	} else if (!env.AWS_EC2_METADATA_DISABLED || env.AWS_EC2_METADATA_DISABLED === 'false') {
		result.push([
			'instance metadata',
			async () => (await import('@smithy/credential-provider-imds')).fromInstanceMetadata()(),
		]);
	}
	return result;
}

/**
 * A provider over the allowed host sources; the first that answers wins. Throws
 * `HostCredentialsNotFound` naming the sources it tried.
 *
 * @param region - region of the STS client that web identity uses
 * @param env - the process environment (tests pass their own)
 * @internal
 */
export function hostChain(
	region: string,
	env: NodeJS.ProcessEnv = process.env,
): AwsCredentialIdentityProvider {
	return async () => {
		const tried: string[] = [];
		for (const [name, link] of links(env, region)) {
			tried.push(name);
			try {
				return await link();
			} catch (error) {
				if ((error as { tryNextLink?: boolean }).tryNextLink === false) break;
			}
		}
		throw new AuthError(
			'authentication',
			`No AWS identity found on the n8n host (tried: ${tried.join(', ') || 'nothing applies'}): set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run n8n with a web identity, container or instance role. Shared-config profiles, credential_process and SSO are not used`,
			{ ...ASSUME_ROLE, code: 'HostCredentialsNotFound' },
		);
	};
}
