/**
 * Secret scrubbing for text that leaves the package (error messages, descriptions, output items).
 *
 * Defence in depth only: the code that builds a message must already leave secrets out. This pass
 * catches what slips through, such as an AWS answer or a library message that echoes a value.
 */
import { boundText, stripTrailing } from '../transport/boundedText';

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Labels after which AWS credentials appear in SDK answers, headers, query strings, XML (the STS
 * `<SecretAccessKey>` element), JSON and INI/env files.
 */
const SECRET_LABEL =
	/((?:aws_?)?secret_?access_?key|(?:aws_?)?session_?token|x-amz-security-token)(\s*(?:["']\s*)?[:=>]\s*(?:["']\s*)?|\s+)([A-Za-z0-9+/=%_-]{16,})/gi;

/**
 * Amazon Bedrock API keys, with or without a label: long-term `ABSK…`, short-term
 * `bedrock-api-key-…`, and any `Authorization: Bearer …` value.
 */
const API_KEY_SHAPE = /\b(?:ABSK|bedrock-api-key-)[A-Za-z0-9+/]{16,}={0,2}/g;
const BEARER_VALUE = /\b(Bearer\s+)[A-Za-z0-9+/=._~-]{8,}/gi;

/** The forms a secret can take once it has been through an encoder on the way to the text. */
function encodedForms(secret: string): string[] {
	const forms = new Set<string>([secret]);
	const base64 = Buffer.from(secret, 'utf8').toString('base64');
	forms.add(base64);
	forms.add(stripTrailing(base64, '='));
	forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
	forms.add(encodeURIComponent(secret));
	// Inside a JSON string, quotes, backslashes and newlines (PEM keys) are escaped.
	forms.add(JSON.stringify(secret).slice(1, -1));
	// Longest first, so a shorter form never leaves part of a longer one behind.
	return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of each non-empty secret, and of its base64, base64url,
 * URL-encoded and JSON-escaped forms, with `[redacted]`; then replaces values that follow a
 * `SecretAccessKey`, `SessionToken` or `X-Amz-Security-Token` label or `Bearer`, whatever they
 * are, and anything shaped like a Bedrock API key.
 *
 * @param text - The text to scrub.
 * @param secrets - Known secret values (access key secret, session token, passphrase…). Empty
 *   strings are ignored.
 * @returns The scrubbed text.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
	let result = text;
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret.length === 0) continue;
		for (const form of encodedForms(secret)) {
			if (result.includes(form)) result = result.split(form).join(REDACTED);
		}
	}
	// Known values first, on the whole text, so the cut cannot leave part of one behind.
	return boundText(result)
		.replace(SECRET_LABEL, (_match, label: string, separator: string) => {
			return `${label}${separator}${REDACTED}`;
		})
		.replace(BEARER_VALUE, `$1${REDACTED}`)
		.replace(API_KEY_SHAPE, REDACTED);
}
