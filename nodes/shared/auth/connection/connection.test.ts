import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { longTermApiKey, shortTermApiKey } from '../../../../test/helpers/apiKeys';
import { CredentialValidationError } from '../errors';
import { ALLOW_HOST_CREDENTIALS_ENV, cacheKeyOf, toConnectionConfig } from './index';

const ROLE = 'arn:aws:iam::111122223333:role/BedrockInvoker';
const ANCHOR =
	'arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/a1b2c3d4-0000-4000-8000-000000000001';
const PROFILE =
	'arn:aws:rolesanywhere:us-east-1:111122223333:profile/a1b2c3d4-0000-4000-8000-000000000002';
const keys = { accessKeyId: 'AKIAEXAMPLEUSER00001', secretAccessKey: 'test-secret-EXAMPLE' };

function fails(fn: () => unknown): CredentialValidationError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(CredentialValidationError);
		return error as CredentialValidationError;
	}
	throw new Error('expected a validation error');
}

describe('toConnectionConfig', () => {
	it('normalises regions: auth region "auto" is the Bedrock region, custom fields override dropdowns', () => {
		const c = toConnectionConfig('bedrockAccessKeysApi', {
			...keys,
			region: 'eu-west-1',
			authRegion: 'auto',
		});
		expect([c.bedrockRegion, c.authRegion, c.partition]).toEqual(['eu-west-1', 'eu-west-1', 'aws']);
		const custom = toConnectionConfig('bedrockAccessKeysApi', {
			...keys,
			region: 'us-east-1',
			customRegion: 'us-gov-west-1',
			authRegion: 'us-east-1',
			authCustomRegion: 'us-gov-east-1',
		});
		expect([custom.bedrockRegion, custom.authRegion, custom.partition]).toEqual([
			'us-gov-west-1',
			'us-gov-east-1',
			'aws-us-gov',
		]);
	});

	it.each([
		['EU-West-1', 'Bedrock Custom Region'],
		['eu_west_1', 'Bedrock Custom Region'],
		['europe', 'Bedrock Custom Region'],
	])('refuses the region %s naming %s', (customRegion, field) => {
		const e = fails(() =>
			toConnectionConfig('bedrockAccessKeysApi', { ...keys, region: 'other', customRegion }),
		);
		expect(e.field).toBe(field);
		expect(e.message).toContain('like eu-west-1');
	});

	it('"Other (Type a Region)" needs a typed region, and uses it', () => {
		const e = fails(() =>
			toConnectionConfig('bedrockAccessKeysApi', { ...keys, region: 'other', customRegion: '' }),
		);
		expect(e.field).toBe('Bedrock Custom Region');
		expect(e.message).toContain('is empty');
		const c = toConnectionConfig('bedrockAccessKeysApi', {
			...keys,
			region: 'other',
			customRegion: 'eu-central-2',
			authRegion: 'other',
			authCustomRegion: 'eu-south-2',
		});
		expect([c.bedrockRegion, c.authRegion]).toEqual(['eu-central-2', 'eu-south-2']);
		expect(
			fails(() => toConnectionConfig('bedrockAccessKeysApi', { ...keys, authRegion: 'other' }))
				.field,
		).toBe('Auth Custom Region');
	});

	it('an old credential whose custom region sits next to a listed one: the custom region still wins', () => {
		const c = toConnectionConfig('bedrockAccessKeysApi', {
			...keys,
			region: 'us-east-1',
			customRegion: 'eu-central-2',
			authRegion: 'auto',
			authCustomRegion: 'eu-south-2',
		});
		expect([c.bedrockRegion, c.authRegion]).toEqual(['eu-central-2', 'eu-south-2']);
		const same = toConnectionConfig('bedrockAccessKeysApi', {
			...keys,
			region: 'us-west-2',
			customRegion: 'ap-southeast-5',
		});
		expect([same.bedrockRegion, same.authRegion]).toEqual(['ap-southeast-5', 'ap-southeast-5']);
		// Its box is hidden now, so an invalid one is reported on the dropdown the user sees.
		const e = fails(() =>
			toConnectionConfig('bedrockAccessKeysApi', {
				...keys,
				region: 'us-east-1',
				customRegion: 'EU West',
			}),
		);
		expect(e.field).toBe('Bedrock Region');
		expect(e.message).toContain('Other (Type a Region)');
	});

	it('refuses an auth region of another partition', () => {
		const e = fails(() =>
			toConnectionConfig('bedrockAccessKeysApi', {
				...keys,
				region: 'us-east-1',
				authCustomRegion: 'cn-north-1',
			}),
		);
		expect(e.field).toBe('Auth Region');
		expect(e.message).toMatch(/aws-cn.*same partition/);
	});

	it('reads timeouts in milliseconds, 0 and -1 meaning none', () => {
		const c = toConnectionConfig('bedrockAccessKeysApi', {
			...keys,
			connectionTimeout: 2500,
			readTimeout: 0,
		});
		expect([c.connectionTimeoutMs, c.readTimeoutMs]).toEqual([2500, undefined]);
		expect(
			toConnectionConfig('bedrockAccessKeysApi', { ...keys, readTimeout: -1 }).readTimeoutMs,
		).toBeUndefined();
		expect(
			fails(() => toConnectionConfig('bedrockAccessKeysApi', { ...keys, readTimeout: -5 })).field,
		).toBe('Read Timeout (Milliseconds)');
	});

	it('uses endpoint overrides only when Custom Endpoints is on, and checks them', () => {
		const data = { ...keys, bedrockRuntimeEndpoint: 'http://127.0.0.1:4599/' };
		expect(toConnectionConfig('bedrockAccessKeysApi', data).endpoints).toEqual({});
		expect(
			toConnectionConfig('bedrockAccessKeysApi', { ...data, customEndpoints: true }).endpoints,
		).toEqual({
			bedrockRuntime: 'http://127.0.0.1:4599',
		});
		const e = fails(() =>
			toConnectionConfig('bedrockAccessKeysApi', {
				...keys,
				customEndpoints: true,
				stsEndpoint: 'ftp://x',
			}),
		);
		expect(e.field).toBe('STS Endpoint');
		expect(
			fails(() =>
				toConnectionConfig('bedrockAccessKeysApi', {
					...keys,
					customEndpoints: true,
					stsEndpoint: 'https://u:p@x',
				}),
			).message,
		).toContain('user name or password');
	});

	it('requires access keys of the right shape', () => {
		expect(
			fails(() => toConnectionConfig('bedrockAccessKeysApi', { secretAccessKey: 'x' })).field,
		).toBe('Access Key ID');
		expect(
			fails(() =>
				toConnectionConfig('bedrockAccessKeysApi', {
					accessKeyId: 'akia lower',
					secretAccessKey: 'x',
				}),
			).message,
		).toContain('capital letters');
		expect(
			fails(() => toConnectionConfig('bedrockAccessKeysApi', { accessKeyId: keys.accessKeyId }))
				.field,
		).toBe('Secret Access Key');
	});

	describe('Assume Role', () => {
		const base = { ...keys, roleArn: ROLE, externalId: 'ext-123456' };

		it('defaults the session name and duration', () => {
			const c = toConnectionConfig('bedrockAssumeRoleApi', base);
			expect(c.auth).toMatchObject({
				kind: 'assumeRole',
				roleSessionName: 'n8n-nodes-bedrock-iam',
				durationSeconds: 3600,
				externalId: 'ext-123456',
			});
		});

		it.each([
			['arn:aws:iam::111122223333:user/alice', 'not an IAM role ARN'],
			['arn:aws:iam::1111:role/x', 'not an ARN'],
			['BedrockInvoker', 'not an ARN'],
			['', 'is required'],
			['arn:aws-cn:iam::111122223333:role/x', 'partition aws-cn'],
		])('refuses Role ARN %s', (roleArn, message) => {
			const e = fails(() => toConnectionConfig('bedrockAssumeRoleApi', { ...base, roleArn }));
			expect(e.field).toBe('Role ARN');
			expect(e.message).toContain(message);
		});

		it.each(['a', 'has space', 'x'.repeat(65), 'bad/slash'])(
			'refuses the session name %s',
			(roleSessionName) => {
				const e = fails(() =>
					toConnectionConfig('bedrockAssumeRoleApi', { ...base, roleSessionName }),
				);
				expect(e.field).toBe('Role Session Name');
				expect(e.message).toContain('2 to 64');
			},
		);

		it.each([899, 43201, 1000.5])('refuses the duration %s', (sessionDuration) => {
			const e = fails(() =>
				toConnectionConfig('bedrockAssumeRoleApi', { ...base, sessionDuration }),
			);
			expect(e.field).toBe('Session Duration (Seconds)');
			expect(e.message).toContain('900');
		});

		it.each(['Q', 'has space', 'y'.repeat(1225)])(
			'refuses the External ID %s without echoing it',
			(externalId) => {
				const e = fails(() => toConnectionConfig('bedrockAssumeRoleApi', { ...base, externalId }));
				expect(e.field).toBe('External ID');
				expect(e.message).toContain('2 to 1224');
				expect(e.message).not.toContain(externalId);
			},
		);

		it('refuses the host identity unless the admin allowed it', () => {
			const data = { roleArn: ROLE, sourceCredentials: 'hostChain' };
			const e = fails(() => toConnectionConfig('bedrockAssumeRoleApi', data, {}));
			expect(e.field).toBe('Source Credentials');
			expect(e.message).toContain(`${ALLOW_HOST_CREDENTIALS_ENV}=true`);
			const allowed = toConnectionConfig('bedrockAssumeRoleApi', data, {
				[ALLOW_HOST_CREDENTIALS_ENV]: 'true',
			});
			expect(allowed.auth).toMatchObject({ source: { kind: 'hostChain' } });
		});
	});

	describe('Roles Anywhere', () => {
		const base = {
			trustAnchorArn: ANCHOR,
			profileArn: PROFILE,
			roleArn: ROLE,
			publicCertificate: 'c',
			privateKey: 'k',
		};

		it('takes PEM or PKCS#12 input by the format field', () => {
			expect(toConnectionConfig('bedrockRolesAnywhereApi', base).auth).toMatchObject({
				certificate: { certificatePem: 'c', privateKeyPem: 'k' },
				roleSessionName: undefined,
			});
			const p12 = toConnectionConfig('bedrockRolesAnywhereApi', {
				...base,
				keyFormat: 'pkcs12',
				pkcs12Bundle: 'AAAA',
				pkcs12Password: ' pw ',
			});
			expect(p12.auth).toMatchObject({
				certificate: { pkcs12Base64: 'AAAA', pkcs12Password: ' pw ' },
			});
		});

		it('tells trust anchor and profile ARNs apart', () => {
			const e = fails(() =>
				toConnectionConfig('bedrockRolesAnywhereApi', { ...base, trustAnchorArn: PROFILE }),
			);
			expect(e.field).toBe('Trust Anchor ARN');
			expect(e.message).toContain('not a Roles Anywhere trust anchor ARN');
			expect(
				fails(() => toConnectionConfig('bedrockRolesAnywhereApi', { ...base, profileArn: ANCHOR }))
					.field,
			).toBe('Profile ARN');
		});

		it('requires the auth region to be the trust anchor region', () => {
			const e = fails(() =>
				toConnectionConfig('bedrockRolesAnywhereApi', { ...base, region: 'eu-west-1' }),
			);
			expect(e.field).toBe('Trust Anchor ARN');
			expect(e.message).toContain('set Auth Region to us-east-1');
			const ok = toConnectionConfig('bedrockRolesAnywhereApi', {
				...base,
				region: 'eu-west-1',
				authRegion: 'us-east-1',
			});
			expect([ok.bedrockRegion, ok.authRegion]).toEqual(['eu-west-1', 'us-east-1']);
		});
	});

	it('derives the cache key from every field, secrets included, without containing them', () => {
		const a = cacheKeyOf('bedrockAccessKeysApi', { ...keys });
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(
			cacheKeyOf('bedrockAccessKeysApi', {
				secretAccessKey: keys.secretAccessKey,
				accessKeyId: keys.accessKeyId,
			}),
		).toBe(a);
		expect(cacheKeyOf('bedrockAccessKeysApi', { ...keys, secretAccessKey: 'other' })).not.toBe(a);
		expect(cacheKeyOf('bedrockAssumeRoleApi', { ...keys })).not.toBe(a);
		expect(a).not.toContain(keys.secretAccessKey);
	});

	it('keys the cache with a per-process HMAC, so a logged or leaked key cannot be brute-forced', () => {
		const data = { ...keys, externalId: 'weak-guess' };
		const canonical = JSON.stringify([
			'bedrockAssumeRoleApi',
			Object.keys(data)
				.sort()
				.map((key) => [key, data[key as keyof typeof data]]),
		]);
		const key = cacheKeyOf('bedrockAssumeRoleApi', data);
		// The unsalted hash anyone could compute for a guessed External ID.
		expect(key).not.toBe(createHash('sha256').update(canonical).digest('hex'));
		// Another process (a fresh module instance) keys the same credential differently.
		let elsewhere = '';
		jest.isolateModules(() => {
			const fresh = jest.requireActual<typeof import('./index')>('./index');
			elsewhere = fresh.cacheKeyOf('bedrockAssumeRoleApi', data);
		});
		expect(elsewhere).toMatch(/^[0-9a-f]{64}$/);
		expect(elsewhere).not.toBe(key);
		expect(cacheKeyOf('bedrockAssumeRoleApi', { ...data })).toBe(key);
	});
});

describe('API key credential', () => {
	const USER = { accessKeyId: 'AKIAEXAMPLEUSER00001', secretAccessKey: 'user/secret/EXAMPLE' };
	const NOW = new Date('2026-11-30T05:30:00Z');
	const shortTerm = (region: string, issuedAt = new Date('2026-11-30T05:00:00Z')) =>
		shortTermApiKey({ ...USER, region, issuedAt, expiresInSeconds: 3600 });
	const read = (data: ICredentialDataDecryptedObject) =>
		toConnectionConfig('bedrockApiKeyApi', data, {}, () => NOW);

	it('reads a long-term key; the auth region is the Bedrock region (nothing to exchange)', () => {
		const apiKey = longTermApiKey('xq4a', '111122223333', 'c2VjcmV0');
		const c = read({ apiKey: ` ${apiKey} `, region: 'eu-west-1' });
		expect(c.auth).toEqual({
			kind: 'apiKey',
			apiKey,
			info: { type: 'longTerm', keyId: 'BedrockAPIKey-xq4a', accountId: '111122223333' },
		});
		expect([c.bedrockRegion, c.authRegion]).toEqual(['eu-west-1', 'eu-west-1']);
	});

	it('reads a short-term key with its region and expiry', () => {
		const c = read({ apiKey: shortTerm('eu-west-1'), region: 'eu-west-1' });
		expect(c.auth).toMatchObject({
			kind: 'apiKey',
			info: { type: 'shortTerm', region: 'eu-west-1', expiresAt: new Date('2026-11-30T06:00:00Z') },
		});
	});

	it('refuses an expired short-term key locally, with the time it expired', () => {
		const e = fails(() =>
			read({
				apiKey: shortTerm('us-east-1', new Date('2026-11-30T04:00:00Z')),
				region: 'us-east-1',
			}),
		);
		expect(e.field).toBe('API Key');
		expect(e.code).toBe('ExpiredApiKey');
		expect(e.message).toContain('expired at 2026-11-30T05:00:00.000Z');
	});

	it('refuses a short-term key of another region than the Bedrock region', () => {
		const e = fails(() => read({ apiKey: shortTerm('eu-west-1'), region: 'us-east-1' }));
		expect(e.field).toBe('Bedrock Region');
		expect(e.code).toBe('RegionMismatch');
		expect(e.message).toContain('generated for eu-west-1');
		expect(e.message).toContain('set Bedrock Region to eu-west-1');
		const custom = fails(() =>
			read({ apiKey: shortTerm('eu-west-1'), region: 'eu-west-1', customRegion: 'eu-west-3' }),
		);
		expect(custom.message).toMatch(/^Bedrock Region: is eu-west-3/);
	});

	it('keys the cache by a hash of the key, never the key', () => {
		const a = cacheKeyOf('bedrockApiKeyApi', {
			apiKey: longTermApiKey('a1', '111122223333', 's1'),
		});
		const b = cacheKeyOf('bedrockApiKeyApi', {
			apiKey: longTermApiKey('a1', '111122223333', 's2'),
		});
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(a).not.toBe(b);
	});
});
