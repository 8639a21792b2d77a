import type { STSClient } from '@aws-sdk/client-sts';
import type { NodeHttpHandler } from '@smithy/node-http-handler';

import { describeLocalFailure, isServiceError } from '../transport/sdkError';
import { ASSUME_ROLE } from '../transport/origin';
import { AuthError } from './errors';
import type { AwsCredentialIdentityProvider, IdentityProvider } from './identity';
import { stsSdk } from '../transport/sdk';

export interface AssumeRoleInit {
	/** STS region (the credential's auth region); the regional endpoint sts.<region>.amazonaws.com. */
	region: string;
	/** Endpoint override (VPC endpoint, emulator). Absent: the SDK's regional endpoint. */
	endpoint?: string;
	/** Call sts-fips.<region>.amazonaws.com. Ignored when `endpoint` is set. */
	useFips?: boolean;
	roleArn: string;
	/** Sent as ExternalId; the role's trust policy compares it with its sts:ExternalId condition. */
	externalId?: string;
	roleSessionName: string;
	/** 900 to 43200, at most the role's MaxSessionDuration. */
	durationSeconds: number;
	/** Who calls AssumeRole: access keys or the host's default chain. */
	sourceCredentials: AwsCredentialIdentityProvider;
	/** Timeouts and proxy; shared with the credential's other clients. */
	requestHandler: NodeHttpHandler;
}

/**
 * A provider that calls STS AssumeRole each time it is invoked. It does not cache: the resolver
 * decides when to call it. The STS client is built on first use and reused.
 *
 * @example
 * const provider = fromAssumeRole({ region: 'eu-west-1', roleArn, externalId, roleSessionName: 'n8n',
 *   durationSeconds: 3600, sourceCredentials, requestHandler });
 * const { accessKeyId, expiration, principalArn } = await provider();
 * @internal
 */
export const fromAssumeRole = (init: AssumeRoleInit): IdentityProvider => {
	let client: Promise<STSClient> | undefined;
	return async () => {
		client ??= createClient(init);
		const { AssumeRoleCommand } = await stsSdk();
		let output;
		try {
			output = await (
				await client
			).send(
				new AssumeRoleCommand({
					RoleArn: init.roleArn,
					RoleSessionName: init.roleSessionName,
					DurationSeconds: init.durationSeconds,
					ExternalId: init.externalId,
				}),
			);
		} catch (error) {
			throw toAuthError(error, init.roleArn);
		}
		const credentials = output.Credentials;
		if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
			throw new AuthError(
				'authentication',
				`STS AssumeRole for ${init.roleArn} returned no credentials`,
				{
					...ASSUME_ROLE,
					code: 'InvalidResponse',
					requestId: output.$metadata.requestId,
				},
			);
		}
		return {
			accessKeyId: credentials.AccessKeyId,
			secretAccessKey: credentials.SecretAccessKey,
			sessionToken: credentials.SessionToken,
			expiration: credentials.Expiration,
			principalArn: output.AssumedRoleUser?.Arn,
		};
	};
};

async function createClient(init: AssumeRoleInit): Promise<STSClient> {
	const { STSClient } = await stsSdk();
	return new STSClient({
		region: init.region,
		endpoint: init.endpoint,
		useFipsEndpoint: init.endpoint ? undefined : init.useFips,
		credentials: init.sourceCredentials,
		requestHandler: init.requestHandler,
	});
}

/** Keeps the AWS code, message and request ID; drops the SDK's response object. */
export function toAuthError(error: unknown, subject: string): AuthError {
	if (error instanceof AuthError) return error;
	const e = error as {
		name?: string;
		message?: string;
		$metadata?: { requestId?: string; httpStatusCode?: number };
	};
	if (isServiceError(error)) {
		return new AuthError('authentication', `${subject}: ${e.message ?? String(error)}`, {
			...ASSUME_ROLE,
			code: e.name,
			requestId: e.$metadata?.requestId,
			httpStatus: e.$metadata?.httpStatusCode,
		});
	}
	// No STS error answer (network failure, unreadable body): Node's code, not the SDK's status.
	const local = describeLocalFailure(error);
	return new AuthError('authentication', `${subject}: ${local.message}`, {
		...ASSUME_ROLE,
		code: local.code,
		requestId: e.$metadata?.requestId,
	});
}
