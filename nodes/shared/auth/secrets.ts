/**
 * The secret values of a connection, for redaction by value wherever errors are described: what
 * the credential holds and what the cache issued for it. The label-based pass of `redact.ts`
 * catches labelled secrets; this catches a bare value an answer or a library quoted.
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
 * Every secret value of the connection: secret access keys, session tokens, the External ID,
 * passphrases and passwords, private key and bundle text (whole and line by line), and the
 * session the resolver holds for it.
 */
export function secretsOf(connection: ConnectionConfig): string[] {
	const { auth } = connection;
	const values: Array<string | undefined> = [];
	switch (auth.kind) {
		case 'accessKeys':
			values.push(auth.secretAccessKey, auth.sessionToken);
			break;
		case 'assumeRole':
			values.push(auth.externalId);
			if (auth.source.kind === 'accessKeys') {
				values.push(auth.source.secretAccessKey, auth.source.sessionToken);
			}
			break;
		case 'apiKey':
			values.push(auth.apiKey);
			break;
		case 'rolesAnywhere': {
			const { certificate } = auth;
			values.push(certificate.passphrase, certificate.pkcs12Password);
			values.push(...pieces(certificate.privateKeyPem), ...pieces(certificate.pkcs12Base64));
			break;
		}
	}
	values.push(...credentialResolver.issuedSecretsOf(connection));
	return [...new Set(values.filter((value): value is string => !!value && value.length >= 4))];
}
