import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ConnectionConfig } from '../connection';
import type { CredentialKindReader } from '../connection/types';
import type { AnyIdentityProvider } from '../identity';
import type { ProviderContext } from '../providerTools';

/**
 * Everything the auth layer knows of one credential kind, in the kind's own file: its n8n
 * credential type, how its fields are read, how requests are signed, how credentials are
 * fetched, which of its values are secrets, and what the Test button says. Every registry and
 * switch on the kind is derived from the table of these (index.ts).
 */
export interface CredentialKindDescriptor<Auth extends { kind: string }>
	extends CredentialKindReader<Auth> {
	/** The n8n credential type's `name` (its class in credentials/ and its line in package.json). */
	credentialType: string;
	/**
	 * How requests are signed: SigV4, which every Bedrock service accepts, or a bearer token,
	 * which AWS accepts for Amazon Bedrock and Amazon Bedrock Runtime only.
	 */
	signing: 'sigv4' | 'bearer';
	/** The authentication step the Test button names (`STS AssumeRole`). */
	testStep: string;
	/**
	 * For a kind without an IAM identity to show: what the Test button says of the credential
	 * instead (an API key describes itself). Absent: the Test shows who it authenticated as.
	 */
	describe?(auth: Auth): string;
	/** Whether the credential sends the n8n host's own identity (custom endpoints are limited). */
	usesHostIdentity?(data: ICredentialDataDecryptedObject): boolean;
	/** The uncached provider of a validated connection; only createProvider calls it. */
	provider(
		connection: ConnectionConfig,
		auth: Auth,
		context: ProviderContext,
	): AnyIdentityProvider | Promise<AnyIdentityProvider>;
	/** The machine-made secret values of the auth part, for redaction by value. */
	secrets(auth: Auth): Array<string | undefined>;
}
