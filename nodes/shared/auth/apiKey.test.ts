import { longTermApiKey, shortTermApiKey } from '../../../test/helpers/apiKeys';
import { fromApiKey, parseApiKey } from './apiKey';
import { CredentialValidationError } from './errors';

const USER = { accessKeyId: 'AKIAEXAMPLEUSER00001', secretAccessKey: 'user/secret/EXAMPLE' };
const LONG = longTermApiKey('xq4a', '111122223333', 'c2VjcmV0LXBhcnQtb2YtdGhlLWtleQ==');
const ISSUED = new Date('2026-11-30T05:00:00Z');

function refusal(key: string): CredentialValidationError {
	try {
		parseApiKey(key);
	} catch (error) {
		expect(error).toBeInstanceOf(CredentialValidationError);
		const e = error as CredentialValidationError;
		expect(e.field).toBe('API Key');
		if (key.length > 8) expect(e.message).not.toContain(key.slice(4, 24));
		return e;
	}
	throw new Error('expected a refusal');
}

/** A short-term key whose presigned URL says `url` (to build malformed ones). */
const shortTermOf = (url: string) => `bedrock-api-key-${Buffer.from(url).toString('base64')}`;
const decoded = (key: string) =>
	Buffer.from(key.slice('bedrock-api-key-'.length), 'base64').toString('utf8');

describe('parseApiKey', () => {
	it('reads a long-term key: its ID and account, nothing of its secret', () => {
		const info = parseApiKey(LONG);
		expect(info).toEqual({
			type: 'longTerm',
			keyId: 'BedrockAPIKey-xq4a',
			accountId: '111122223333',
		});
		expect(JSON.stringify(info)).not.toContain('c2VjcmV0');
	});

	it('reads a short-term key: the region of its scope and X-Amz-Date + X-Amz-Expires', () => {
		const key = shortTermApiKey({
			...USER,
			sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE+/token==',
			region: 'eu-central-1',
			issuedAt: ISSUED,
			expiresInSeconds: 3600,
		});
		expect(decoded(key)).toMatch(
			/^bedrock\.amazonaws\.com\/\?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLEUSER00001%2F20261130%2Feu-central-1%2Fbedrock%2Faws4_request&X-Amz-Date=20261130T050000Z&X-Amz-Expires=3600&X-Amz-Security-Token=.+&X-Amz-Signature=[0-9a-f]{64}&Version=1$/,
		);
		expect(parseApiKey(key)).toEqual({
			type: 'shortTerm',
			region: 'eu-central-1',
			issuedAt: ISSUED,
			expiresAt: new Date('2026-11-30T06:00:00Z'),
		});
	});

	it.each([
		['an empty key', '', /is required/],
		['a key with Bearer in front', 'Bearer ABSKQmVkcm9ja0FQSUtleS14', /without "Bearer "/],
		[
			'an access key ID',
			'AKIAEXAMPLEUSER00001',
			/long-term key starts with ABSK, a short-term key with bedrock-api-key-/,
		],
		["another vendor's key", 'sk-proj-abcdefghijklmnopqrstuvwxyz', /not an Amazon Bedrock API key/],
		['a key with spaces', 'ABSK not base64!', /spaces/],
		['a long-term key that is not base64', 'ABSK%%%%', /not base64/],
		[
			'a long-term key of another content',
			`ABSK${Buffer.from('SomethingElse-xq4a-at-111122223333:secret').toString('base64')}`,
			/BedrockAPIKey-<id>-at-<account>:<secret>/,
		],
		[
			'a long-term key with a short account',
			`ABSK${Buffer.from('BedrockAPIKey-xq4a-at-1111:secret').toString('base64')}`,
			/BedrockAPIKey-<id>-at-<account>/,
		],
		['a 9000-character key', `ABSK${'A'.repeat(9000)}`, /longer than 8192/],
	])('refuses %s without echoing it', (_what, key, message) => {
		expect(refusal(key).message).toMatch(message);
	});

	it.each([
		[
			'another action',
			(u: string) => u.replace('CallWithBearerToken', 'GetCallerIdentity'),
			/CallWithBearerToken/,
		],
		['no signature', (u: string) => u.replace(/&X-Amz-Signature=[0-9a-f]+/, ''), /not signed/],
		[
			'another service in the scope',
			(u: string) => u.replace('%2Fbedrock%2F', '%2Fsts%2F'),
			/credential scope/,
		],
		[
			'a date not matching the scope',
			(u: string) => u.replace('X-Amz-Date=20261130', 'X-Amz-Date=20261201'),
			/X-Amz-Date/,
		],
		[
			'a lifetime over 12 hours',
			(u: string) => u.replace('X-Amz-Expires=43200', 'X-Amz-Expires=43201'),
			/1 to 43200 seconds/,
		],
		['no query at all', () => 'bedrock.amazonaws.com/', /presigned CallWithBearerToken/],
	])('refuses a short-term key with %s', (_what, edit, message) => {
		const url = decoded(shortTermApiKey({ ...USER, region: 'us-east-1', issuedAt: ISSUED }));
		expect(refusal(shortTermOf(edit(url))).message).toMatch(message);
	});
});

describe('fromApiKey', () => {
	it('hands the key over as a bearer identity with the short-term expiry', async () => {
		const expiresAt = new Date('2026-11-30T17:00:00Z');
		const provider = fromApiKey({
			apiKey: 'k',
			expiresAt,
			now: () => new Date('2026-11-30T16:59:00Z'),
		});
		await expect(provider()).resolves.toEqual({
			kind: 'bearer',
			token: 'k',
			expiration: expiresAt,
		});
		await expect(fromApiKey({ apiKey: LONG })()).resolves.toEqual({
			kind: 'bearer',
			token: LONG,
			expiration: undefined,
		});
	});

	it('refuses a short-term key once expired, saying when, without a call', async () => {
		const expiresAt = new Date('2026-11-30T17:00:00Z');
		const provider = fromApiKey({ apiKey: 'k', expiresAt, now: () => expiresAt });
		await expect(provider()).rejects.toMatchObject({
			code: 'ExpiredApiKey',
			field: 'API Key',
			message: expect.stringContaining('expired at 2026-11-30T17:00:00.000Z'),
		});
	});
});
