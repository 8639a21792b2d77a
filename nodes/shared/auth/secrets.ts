/**
 * The secret values of a connection, for redaction by value wherever errors are described: what
 * the credential holds and what the cache issued for it. The label-based pass of `redact.ts`
 * catches labelled secrets; this catches a bare value an answer or a library quoted.
 *
 * Only secrets a machine made are listed (secret keys, session tokens, API keys, key material):
 * guessing one is as hard as stealing it. Secrets people choose (External ID, passphrase,
 * PKCS#12 password) are left out on purpose: an error quotes what a user typed (a model ID, a
 * prompt AWS echoes), and redacting a chosen secret there would answer a guess of it with
 * `[redacted]`. Those never reach a message by construction: no message is built from them and
 * AWS never quotes them; the secret sweeps of the hardening suite and
 * `test/secrets.emulator.test.ts` check it.
 */
import type { ConnectionConfig } from './connection';
import { credentialKindOf } from './kinds';
import { credentialResolver } from './resolver';

/**
 * Every machine-made secret value of the connection: those its kind names (secret access keys,
 * session tokens, the API key, private key and bundle text) and the session the resolver holds
 * for it.
 */
export function secretsOf(connection: ConnectionConfig): string[] {
	const values = [
		...credentialKindOf(connection).secrets(connection.auth),
		...credentialResolver.issuedSecretsOf(connection),
	];
	return [...new Set(values.filter((value): value is string => !!value && value.length >= 4))];
}
