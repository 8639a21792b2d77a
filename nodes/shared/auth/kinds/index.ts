/**
 * The credential kinds of the package, one row each: every registry and switch on the kind is
 * derived from this table. A new kind is its descriptor file here, its reader in connection/,
 * its n8n credential class in credentials/ (with its line in package.json), one row below, and
 * its row in the forms' table (nodes/shared/descriptions/authentication.ts); a test checks
 * that the two tables agree.
 */
import type { ConnectionConfig } from '../connection';
import { accessKeys } from './accessKeys';
import { apiKey } from './apiKey';
import { assumeRole } from './assumeRole';
import { rolesAnywhere } from './rolesAnywhere';
import type { CredentialKindDescriptor } from './types';

export const CREDENTIAL_KINDS = { accessKeys, assumeRole, rolesAnywhere, apiKey } as const;

export type CredentialKind = keyof typeof CREDENTIAL_KINDS;

/** The `auth` part of a connection: one member per credential kind. */
export type AuthConfig = ReturnType<(typeof CREDENTIAL_KINDS)[CredentialKind]['read']>;

/** The n8n credential type names this package defines, mapped to their kind. */
export const CREDENTIAL_TYPES: Readonly<Record<string, CredentialKind>> = Object.fromEntries(
	Object.entries(CREDENTIAL_KINDS).map(([kind, d]) => [d.credentialType, kind as CredentialKind]),
);

/** The kind of an n8n credential type; undefined for a type this package does not define. */
export function kindOfType(type: string): CredentialKind | undefined {
	return Object.hasOwn(CREDENTIAL_TYPES, type) ? CREDENTIAL_TYPES[type] : undefined;
}

/** The descriptor of a connection's kind, typed for its `auth` part. */
export function credentialKindOf<Auth extends AuthConfig>(connection: {
	auth: Auth;
}): CredentialKindDescriptor<Auth> {
	return CREDENTIAL_KINDS[connection.auth.kind] as unknown as CredentialKindDescriptor<Auth>;
}

/** Whether the connection signs with a bearer token (an API key) instead of SigV4. */
export const signsWithBearer = (connection: Pick<ConnectionConfig, 'auth'>): boolean =>
	credentialKindOf(connection).signing === 'bearer';
