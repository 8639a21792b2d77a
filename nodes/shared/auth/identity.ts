import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** Credentials as providers report them, plus who they belong to when the issuer said so. */
export interface ResolvedIdentity extends AwsCredentialIdentity {
	/** Assumed-role ARN from AssumeRole / CreateSession; absent for plain access keys. */
	principalArn?: string;
}

export type IdentityProvider = () => Promise<ResolvedIdentity>;

export type { AwsCredentialIdentity, AwsCredentialIdentityProvider };
