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
 * AWS never quotes them; the secret sweeps of the hardening suite and `test/secrets.test.ts` check it.
 */
import type { ConnectionConfig } from './connection';
import { credentialResolver } from './resolver';

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
 * Every machine-made secret value of the connection: secret access keys, session tokens, the
 * API key, private key and bundle text (whole and line by line), and the session the resolver
 * holds for it.
 */
export function secretsOf(connection: ConnectionConfig): string[] {
	const { auth } = connection;
	const values: Array<string | undefined> = [];
	switch (auth.kind) {
		case 'accessKeys':
			values.push(auth.secretAccessKey, auth.sessionToken);
			break;
		case 'assumeRole':
			if (auth.source.kind === 'accessKeys') {
				values.push(auth.source.secretAccessKey, auth.source.sessionToken);
			}
			break;
		case 'apiKey':
			values.push(auth.apiKey);
			break;
		case 'rolesAnywhere': {
			const { certificate } = auth;
			values.push(...pieces(certificate.privateKeyPem), ...pieces(certificate.pkcs12Base64));
			break;
		}
	}
	values.push(...credentialResolver.issuedSecretsOf(connection));
	return [...new Set(values.filter((value): value is string => !!value && value.length >= 4))];
}
