import type { AssumeRoleCommandInput, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';

import { describeLocalFailure, isServiceError } from '../transport/sdkError';
import { ASSUME_ROLE } from '../transport/origin';
import { AuthError } from './errors';
import type { IdentityProvider } from './identity';

/**
 * Calls STS AssumeRole. The wiring module supplies it (an STS client with the credential's
 * source identity, region, endpoint and HTTP handler), as the AWS SDK's `fromIni` takes a
 * `roleAssumer`; tests may supply their own.
 * @param params - the AssumeRole request
 */
export type RoleAssumer = (
	params: AssumeRoleCommandInput,
) => Promise<AssumeRoleCommandOutput & { serverDate?: Date }>;

export interface AssumeRoleInit {
	roleArn: string;
	/** Sent as ExternalId; the role's trust policy compares it with its sts:ExternalId condition. */
	externalId?: string;
	roleSessionName: string;
	/** 900 to 43200, at most the role's MaxSessionDuration. */
	durationSeconds: number;
	/** Sent as SourceIdentity: CloudTrail names it on every call of the session. */
	sourceIdentity?: string;
	/** Session tags, sent as Tags. */
	tags?: Array<{ Key: string; Value: string }>;
	/** Sends the AssumeRole request; see {@link RoleAssumer}. */
	roleAssumer: RoleAssumer;
	/**
	 * The local clock; with the answer's `serverDate` it turns STS's expiration into local time,
	 * so a skewed host clock neither serves expired credentials nor calls STS again and again.
	 * Default `new Date()`.
	 */
	now?: () => Date;
}

/**
 * A provider that calls STS AssumeRole each time it is invoked. It does not cache: the resolver
 * decides when to call it.
 *
 * @example
 * const provider = fromAssumeRole({ roleArn, externalId, roleSessionName: 'n8n',
 *   durationSeconds: 3600, roleAssumer: stsRoleAssumer({ region: 'eu-west-1', ... }) });
 * const { accessKeyId, expiration, principalArn } = await provider();
 * @internal
 */
export const fromAssumeRole = (init: AssumeRoleInit): IdentityProvider => {
	return async () => {
		let output;
		try {
			output = await init.roleAssumer({
				RoleArn: init.roleArn,
				RoleSessionName: init.roleSessionName,
				DurationSeconds: init.durationSeconds,
				ExternalId: init.externalId,
				SourceIdentity: init.sourceIdentity,
				Tags: init.tags,
			});
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
		const offsetMs = output.serverDate
			? (init.now ?? (() => new Date()))().getTime() - output.serverDate.getTime()
			: 0;
		return {
			accessKeyId: credentials.AccessKeyId,
			secretAccessKey: credentials.SecretAccessKey,
			sessionToken: credentials.SessionToken,
			expiration: credentials.Expiration
				? new Date(credentials.Expiration.getTime() + offsetMs)
				: undefined,
			principalArn: output.AssumedRoleUser?.Arn,
		};
	};
};

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
