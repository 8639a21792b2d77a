/**
 * Amazon Bedrock API keys: what a key says about itself, read before any call, and the provider
 * that hands it to the Bedrock clients as a bearer token.
 *
 * - Long-term key: `ABSK` + base64 of `BedrockAPIKey-<id>-at-<account>:<secret>`, a
 *   service-specific credential of an IAM user; it expires on a date IAM knows, not the key.
 * - Short-term key: `bedrock-api-key-` + base64 of a SigV4 presigned URL without its scheme,
 *   `bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-…&Version=1`: its credential scope
 *   names the one region it works in, and X-Amz-Date + X-Amz-Expires is when it stops working.
 *
 * Spec: Amazon Bedrock user guide, "API keys" and "API keys reference"; AWS's token generators.
 * No message here ever contains the key or any part of its secret.
 */
import { CredentialValidationError } from './errors';
import type { AnyIdentityProvider } from './identity';

export const API_KEY_FIELD = 'API Key';

const LONG_TERM_PREFIX = 'ABSK';
const SHORT_TERM_PREFIX = 'bedrock-api-key-';
/** Longest key read; a short-term key with a session token is about 2 KB. */
const MAX_KEY_LENGTH = 8192;
/** Short-term keys live at most 12 hours. */
const MAX_SHORT_TERM_SECONDS = 43200;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const LONG_TERM_BODY = /^BedrockAPIKey-([A-Za-z0-9]{1,64})-at-(\d{12}):\S+$/;
const CREDENTIAL_SCOPE =
	/^[A-Z0-9]{16,128}\/(\d{8})\/([a-z]{2}(?:-[a-z0-9]+){1,3}-\d{1,2})\/bedrock\/aws4_request$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export type ApiKeyInfo =
	| {
			type: 'longTerm';
			/** The key's ID as IAM lists it (`BedrockAPIKey-<id>`), not secret. */
			keyId: string;
			/** Account of the IAM user the key belongs to. */
			accountId: string;
	  }
	| {
			type: 'shortTerm';
			/** The only region the key works in: the region of its credential scope. */
			region: string;
			issuedAt: Date;
			expiresAt: Date;
	  };

const invalid = (message: string, code = 'InvalidApiKey') =>
	new CredentialValidationError(API_KEY_FIELD, message, code);

function decodeBase64(text: string, what: string): string {
	if (!BASE64.test(text)) throw invalid(`${what} is not base64 text; paste the key as generated`);
	return Buffer.from(text, 'base64').toString('utf8');
}

/**
 * Reads what a key says about itself, checking its shape: which type, and for a short-term key
 * its region and expiry. Throws a CredentialValidationError naming the API Key field.
 */
export function parseApiKey(key: string): ApiKeyInfo {
	if (!key) throw invalid('is required', 'MissingField');
	if (key.length > MAX_KEY_LENGTH) throw invalid(`is longer than ${MAX_KEY_LENGTH} characters`);
	if (/^bearer\s/i.test(key)) throw invalid('paste the key alone, without "Bearer "');
	if (/\s/.test(key)) throw invalid('must not contain spaces or line breaks');
	if (key.startsWith(LONG_TERM_PREFIX)) return parseLongTerm(key.slice(LONG_TERM_PREFIX.length));
	if (key.startsWith(SHORT_TERM_PREFIX)) return parseShortTerm(key.slice(SHORT_TERM_PREFIX.length));
	throw invalid(
		`is not an Amazon Bedrock API key: a long-term key starts with ${LONG_TERM_PREFIX}, a short-term key with ${SHORT_TERM_PREFIX}`,
	);
}

function parseLongTerm(body: string): ApiKeyInfo {
	const match = LONG_TERM_BODY.exec(decodeBase64(body, 'the long-term key'));
	if (!match) {
		throw invalid(
			'is not a long-term Amazon Bedrock API key: its content must be BedrockAPIKey-<id>-at-<account>:<secret>',
		);
	}
	return { type: 'longTerm', keyId: `BedrockAPIKey-${match[1]}`, accountId: match[2] };
}

function parseShortTerm(body: string): ApiKeyInfo {
	const url = decodeBase64(body, 'the short-term key');
	const query = /^[a-z0-9.-]+\/\?(.+)$/.exec(url)?.[1];
	const params = new URLSearchParams(query ?? '');
	const notPresigned = (what: string) =>
		invalid(`is not a short-term Amazon Bedrock API key: ${what}`);
	if (!query || params.get('Action') !== 'CallWithBearerToken') {
		throw notPresigned('it does not hold a presigned CallWithBearerToken request');
	}
	if (params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !params.get('X-Amz-Signature')) {
		throw notPresigned('its request is not signed with AWS4-HMAC-SHA256');
	}
	const scope = CREDENTIAL_SCOPE.exec(params.get('X-Amz-Credential') ?? '');
	if (!scope) throw notPresigned('its credential scope is not <key>/<date>/<region>/bedrock');
	const date = AMZ_DATE.exec(params.get('X-Amz-Date') ?? '');
	if (!date || `${date[1]}${date[2]}${date[3]}` !== scope[1]) {
		throw notPresigned('its X-Amz-Date is missing or does not match its credential scope');
	}
	const expires = Number(params.get('X-Amz-Expires'));
	if (!Number.isInteger(expires) || expires < 1 || expires > MAX_SHORT_TERM_SECONDS) {
		throw notPresigned(`its lifetime is not 1 to ${MAX_SHORT_TERM_SECONDS} seconds`);
	}
	const [, y, mo, d, h, mi, s] = date.map(Number);
	const issuedAt = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
	return {
		type: 'shortTerm',
		region: scope[2],
		issuedAt,
		expiresAt: new Date(issuedAt.getTime() + expires * 1000),
	};
}

/** The refusal of a short-term key past its expiry, with the time it expired. */
export function expiredApiKeyError(expiresAt: Date): CredentialValidationError {
	return invalid(
		`the short-term key expired at ${expiresAt.toISOString()}; generate a new one (short-term keys live at most 12 hours) or use a long-term key`,
		'ExpiredApiKey',
	);
}

/** Options of {@link fromApiKey}. */
export interface ApiKeyInit {
	/** The key, sent as `Authorization: Bearer <key>`. */
	apiKey: string;
	/** End of a short-term key's life; absent for long-term keys (IAM knows their expiry). */
	expiresAt?: Date;
	/** Clock, for tests. Default: the system clock. */
	now?: () => Date;
}

/**
 * A provider of the key as a bearer identity. It makes no call; it refuses a short-term key
 * once expired, so a workflow that outlives its key fails before the request, saying when.
 *
 * @example `const provider = fromApiKey({ apiKey, expiresAt }); const { token } = await provider();`
 * @internal
 */
export const fromApiKey =
	({ apiKey, expiresAt, now = () => new Date() }: ApiKeyInit): AnyIdentityProvider =>
	async () => {
		if (expiresAt && expiresAt.getTime() <= now().getTime()) throw expiredApiKeyError(expiresAt);
		return { kind: 'bearer', token: apiKey, expiration: expiresAt };
	};
