import type {
	AwsCredentialIdentity,
	AwsCredentialIdentityProvider,
	TokenIdentity,
} from '@smithy/types';

/** Credentials as providers report them, plus who they belong to when the issuer said so. */
export interface ResolvedIdentity extends AwsCredentialIdentity {
	/** Assumed-role ARN from AssumeRole / CreateSession; absent for plain access keys. */
	principalArn?: string;
}

/**
 * An Amazon Bedrock API key, sent as `Authorization: Bearer …` instead of a SigV4 signature.
 * `expiration` is the end of a short-term key's presigned URL; absent for long-term keys.
 */
export interface BearerIdentity extends TokenIdentity {
	kind: 'bearer';
}

/** What the resolver caches: SigV4 credentials, or an API key for the Bedrock services. */
export type AnyIdentity = ResolvedIdentity | BearerIdentity;

export const isBearer = (identity: AnyIdentity): identity is BearerIdentity =>
	'kind' in identity && identity.kind === 'bearer';

/** A provider of SigV4 credentials (static keys, AssumeRole, Roles Anywhere). */
export type IdentityProvider = () => Promise<ResolvedIdentity>;

/** What the resolver calls: a SigV4 credentials provider or an API key provider. */
export type AnyIdentityProvider = () => Promise<AnyIdentity>;

export type { AwsCredentialIdentity, AwsCredentialIdentityProvider, TokenIdentity };
