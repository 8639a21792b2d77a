/**
 * Amazon Bedrock API keys for tests, made the way AWS makes them, with node:crypto alone (the
 * emulator checks them with @smithy/signature-v4, so a mistake here cannot hide behind the same
 * mistake there).
 *
 * - long-term: `ABSK` + base64 of `BedrockAPIKey-<id>-at-<account>:<secret>`
 * - short-term: `bedrock-api-key-` + base64 of a SigV4 presigned `POST
 *   https://bedrock.amazonaws.com/?Action=CallWithBearerToken` without its scheme, plus
 *   `&Version=1` (AWS's token generators)
 */
import { createHash, createHmac } from 'node:crypto';

const HOST = 'bedrock.amazonaws.com';

/** A long-term key of the given ID, account and secret. */
export function longTermApiKey(id: string, accountId: string, secret: string): string {
	return `ABSK${Buffer.from(`BedrockAPIKey-${id}-at-${accountId}:${secret}`).toString('base64')}`;
}

export interface ShortTermKeyInit {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	/** The region the key is for (its credential scope). */
	region: string;
	/** When the key was made. Default: now. */
	issuedAt?: Date;
	/** Lifetime in seconds, at most 43200. Default 43200. */
	expiresInSeconds?: number;
}

const rfc3986 = (text: string) =>
	encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);

const hmac = (key: Buffer | string, data: string) =>
	createHmac('sha256', key).update(data).digest();

/** A short-term key presigned with the given AWS credentials. */
export function shortTermApiKey(init: ShortTermKeyInit): string {
	const amzDate = (init.issuedAt ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
	const day = amzDate.slice(0, 8);
	const scope = `${day}/${init.region}/bedrock/aws4_request`;
	const query: Record<string, string> = {
		Action: 'CallWithBearerToken',
		'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
		'X-Amz-Credential': `${init.accessKeyId}/${scope}`,
		'X-Amz-Date': amzDate,
		'X-Amz-Expires': String(init.expiresInSeconds ?? 43200),
		'X-Amz-SignedHeaders': 'host',
	};
	if (init.sessionToken) query['X-Amz-Security-Token'] = init.sessionToken;
	const canonicalQuery = Object.keys(query)
		.sort()
		.map((k) => `${rfc3986(k)}=${rfc3986(query[k])}`)
		.join('&');
	const canonicalRequest = [
		'POST',
		'/',
		canonicalQuery,
		`host:${HOST}\n`,
		'host',
		createHash('sha256').update('').digest('hex'),
	].join('\n');
	const stringToSign = [
		'AWS4-HMAC-SHA256',
		amzDate,
		scope,
		createHash('sha256').update(canonicalRequest).digest('hex'),
	].join('\n');
	let key = hmac(`AWS4${init.secretAccessKey}`, day);
	for (const part of [init.region, 'bedrock', 'aws4_request']) key = hmac(key, part);
	const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
	const url = `${HOST}/?${canonicalQuery}&X-Amz-Signature=${signature}&Version=1`;
	return `bedrock-api-key-${Buffer.from(url).toString('base64')}`;
}
