import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AuthError, CredentialValidationError } from '../errors';
import { hostChain } from '../hostChain';
import { resolveEndpoint } from '../rolesAnywhere';
import {
	ALLOW_HOST_CREDENTIALS_ENV,
	N8N_SYSTEM_CREDENTIALS_ENV,
	toConnectionConfig,
} from './index';

const keys = { accessKeyId: 'AKIAEXAMPLEUSER00001', secretAccessKey: 'test-secret-EXAMPLE' };
const ROLE = 'arn:aws:iam::111122223333:role/BedrockInvoker';

function refused(fn: () => unknown): CredentialValidationError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(CredentialValidationError);
		return error as CredentialValidationError;
	}
	throw new Error('expected a validation error');
}

describe('endpoints that issue credentials: http only on loopback', () => {
	it.each([
		['stsEndpoint', 'STS Endpoint', 'http://sts.internal.example.com'],
		['rolesAnywhereEndpoint', 'Roles Anywhere Endpoint', 'http://10.0.0.5:8080'],
		['stsEndpoint', 'STS Endpoint', 'http://127.example.com'],
		['stsEndpoint', 'STS Endpoint', 'http://[::2]:80'],
	])('refuses %s = %s before any call', (name, field, url) => {
		const e = refused(() =>
			toConnectionConfig('bedrockAccessKeysApi', { ...keys, customEndpoints: true, [name]: url }),
		);
		expect(e.field).toBe(field);
		expect(e.message).toContain('https://');
		expect(e.message).toMatch(/loopback|127\.0\.0\.1/);
	});

	it.each([
		'http://127.0.0.1:4566',
		'http://127.1.2.3',
		'http://localhost:4566',
		'http://[::1]:4566',
		'https://sts.internal.example.com',
	])('accepts %s', (url) => {
		const c = toConnectionConfig('bedrockAccessKeysApi', {
			...keys,
			customEndpoints: true,
			stsEndpoint: url,
			rolesAnywhereEndpoint: url,
		});
		expect(c.endpoints.sts).toBe(url);
	});

	it('keeps http:// for Bedrock endpoints, as n8n core does', () => {
		const c = toConnectionConfig('bedrockAccessKeysApi', {
			...keys,
			customEndpoints: true,
			bedrockRuntimeEndpoint: 'http://bedrock.internal.example.com',
		});
		expect(c.endpoints.bedrockRuntime).toBe('http://bedrock.internal.example.com');
	});

	it('fromRolesAnywhere refuses an http endpoint off loopback too', () => {
		expect(() =>
			resolveEndpoint({ region: 'us-east-1', endpoint: 'http://ra.example.com' }),
		).toThrow(CredentialValidationError);
		expect(resolveEndpoint({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' }).href).toBe(
			'http://127.0.0.1:9/sessions',
		);
	});
});

describe('host identity gate', () => {
	const data = { roleArn: ROLE, sourceCredentials: 'hostChain' };

	it.each([ALLOW_HOST_CREDENTIALS_ENV, N8N_SYSTEM_CREDENTIALS_ENV])(
		'is opened by %s=true',
		(name) => {
			expect(
				toConnectionConfig('bedrockAssumeRoleApi', data, { [name]: 'true' }).auth,
			).toMatchObject({ source: { kind: 'hostChain' } });
		},
	);

	it('stays closed otherwise, naming both switches', () => {
		const e = refused(() =>
			toConnectionConfig('bedrockAssumeRoleApi', data, { [N8N_SYSTEM_CREDENTIALS_ENV]: 'false' }),
		);
		expect(e.message).toContain(ALLOW_HOST_CREDENTIALS_ENV);
		expect(e.message).toContain(N8N_SYSTEM_CREDENTIALS_ENV);
	});

	describe('the host chain', () => {
		let dir: string;
		beforeAll(() => {
			dir = mkdtempSync(join(tmpdir(), 'host-chain-'));
			writeFileSync(
				join(dir, 'credentials'),
				'[default]\naws_access_key_id = AKIAFROMPROFILE00001\naws_secret_access_key = profile-secret\n',
			);
			writeFileSync(
				join(dir, 'config'),
				`[default]\ncredential_process = ${process.execPath} -e "console.log(JSON.stringify({Version:1,AccessKeyId:'AKIAFROMPROCESS00001',SecretAccessKey:'x'}))"\n`,
			);
		});
		afterAll(() => rmSync(dir, { recursive: true, force: true }));

		const profileOnly = () => ({
			AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
			AWS_CONFIG_FILE: join(dir, 'config'),
			AWS_PROFILE: 'default',
			AWS_EC2_METADATA_DISABLED: 'true',
		});

		it('ignores shared-config profiles and credential_process', async () => {
			const error = await hostChain('us-east-1', profileOnly())().then(
				() => undefined,
				(e: unknown) => e,
			);
			expect(error).toBeInstanceOf(AuthError);
			expect(error).toMatchObject({ code: 'HostCredentialsNotFound' });
			expect((error as Error).message).toContain(
				'profiles, credential_process and SSO are not used',
			);
		});

		it('takes environment variables', async () => {
			const previous = { ...process.env };
			process.env.AWS_ACCESS_KEY_ID = 'AKIAFROMENVIRONMENT1';
			process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
			try {
				await expect(
					hostChain('us-east-1', { ...profileOnly(), ...process.env })(),
				).resolves.toMatchObject({ accessKeyId: 'AKIAFROMENVIRONMENT1' });
			} finally {
				process.env = previous;
			}
		});
	});
});
