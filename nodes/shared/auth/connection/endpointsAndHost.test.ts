import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AuthError, CredentialValidationError } from '../errors';
import { hostChain } from '../hostChain';
import { resolveEndpoint } from '../rolesAnywhere';
import {
	ALLOW_HOST_CREDENTIALS_ENV,
	ALLOWED_ENDPOINT_HOSTS_ENV,
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

	it.each([
		['bedrockEndpoint', 'Bedrock Endpoint'],
		['bedrockRuntimeEndpoint', 'Bedrock Runtime Endpoint'],
		['bedrockAgentEndpoint', 'Bedrock Agent Endpoint'],
		['bedrockAgentRuntimeEndpoint', 'Bedrock Agent Runtime Endpoint'],
	])(
		'refuses http:// off loopback for %s too: signed requests and answers in cleartext',
		(name, field) => {
			const e = refused(() =>
				toConnectionConfig('bedrockAccessKeysApi', {
					...keys,
					customEndpoints: true,
					[name]: 'http://bedrock.internal.example.com',
				}),
			);
			expect(e).toMatchObject({ field, code: 'InsecureEndpoint' });
			expect(e.message).toContain('https://');
		},
	);

	it('fromRolesAnywhere refuses an http endpoint off loopback too', () => {
		expect(() =>
			resolveEndpoint({ region: 'us-east-1', endpoint: 'http://ra.example.com' }),
		).toThrow(CredentialValidationError);
		expect(resolveEndpoint({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' }).href).toBe(
			'http://127.0.0.1:9/sessions',
		);
	});
});

describe('endpoints never point at link-local or instance metadata addresses', () => {
	it.each([
		'https://169.254.169.254',
		'https://169.254.170.2:8080',
		'https://2852039166',
		'https://0xa9fea9fe',
		'https://[::ffff:169.254.169.254]',
		'https://[fd00:ec2::254]',
		'https://[fe80::1]',
		'http://169.254.169.254',
	])('refuses %s for every endpoint field', (url) => {
		for (const [name, field] of [
			['stsEndpoint', 'STS Endpoint'],
			['rolesAnywhereEndpoint', 'Roles Anywhere Endpoint'],
			['bedrockRuntimeEndpoint', 'Bedrock Runtime Endpoint'],
			['bedrockAgentRuntimeEndpoint', 'Bedrock Agent Runtime Endpoint'],
		]) {
			const e = refused(() =>
				toConnectionConfig('bedrockAccessKeysApi', { ...keys, customEndpoints: true, [name]: url }),
			);
			expect(e.field).toBe(field);
			expect(e.message).toMatch(/link-local|metadata/);
		}
	});
});

describe('API keys go only to AWS Bedrock host names', () => {
	const apiKey = 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlLWF0LTExMTEyMjIyMzMzMzpzZWNyZXQ=';
	const data = (url: string) => ({
		apiKey,
		customEndpoints: true,
		bedrockRuntimeEndpoint: url,
	});

	it.each([
		'https://bedrock.attacker.example',
		'https://bedrock-runtime.us-east-1.amazonaws.com.attacker.example',
		'https://abc123.execute-api.us-east-1.amazonaws.com',
		'https://my-lb-1234.us-east-1.elb.amazonaws.com',
		'https://bedrock-runtime.amazonaws.com',
		'https://10.0.0.5',
	])('refuses %s, naming the admin switch', (url) => {
		const e = refused(() => toConnectionConfig('bedrockApiKeyApi', data(url), {}));
		expect(e).toMatchObject({ field: 'Bedrock Runtime Endpoint', code: 'EndpointNotAllowed' });
		expect(e.message).toContain(ALLOWED_ENDPOINT_HOSTS_ENV);
	});

	it.each([
		'https://bedrock-runtime.us-east-1.amazonaws.com',
		'https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com',
		'https://bedrock-runtime.cn-north-1.amazonaws.com.cn',
		'https://vpce-0a1b2c3d4e5f-abcdefgh.bedrock-runtime.us-east-1.vpce.amazonaws.com',
		'https://vpce-0a1b2c3d4e5f-abcdefgh-us-east-1a.bedrock-runtime.us-east-1.vpce.amazonaws.com',
		'http://127.0.0.1:4599',
		'http://localhost:4599',
	])('accepts %s', (url) => {
		expect(toConnectionConfig('bedrockApiKeyApi', data(url), {}).endpoints.bedrockRuntime).toBe(
			url,
		);
	});

	it('accepts more hosts when an n8n admin lists them', () => {
		const env = { [ALLOWED_ENDPOINT_HOSTS_ENV]: 'gateway.corp.example, *.llm.corp.example' };
		for (const url of ['https://gateway.corp.example', 'https://eu.llm.corp.example:8443']) {
			expect(toConnectionConfig('bedrockApiKeyApi', data(url), env).endpoints.bedrockRuntime).toBe(
				url,
			);
		}
		expect(() =>
			toConnectionConfig('bedrockApiKeyApi', data('https://llm.corp.example'), env),
		).toThrow(/N8N_BEDROCK_ALLOWED_ENDPOINT_HOSTS/);
	});

	it('leaves signing credentials free to use any https endpoint (a proxy, a gateway)', () => {
		expect(
			toConnectionConfig('bedrockAccessKeysApi', {
				...keys,
				customEndpoints: true,
				bedrockRuntimeEndpoint: 'https://bedrock.gateway.corp.example',
			}).endpoints.bedrockRuntime,
		).toBe('https://bedrock.gateway.corp.example');
	});
});

describe('with n8n Host Identity, STS only at AWS STS host names', () => {
	const env = { [ALLOW_HOST_CREDENTIALS_ENV]: 'true' };
	const data = (url: string) => ({
		roleArn: ROLE,
		sourceCredentials: 'hostChain',
		customEndpoints: true,
		stsEndpoint: url,
	});

	it.each([
		'https://sts.attacker.example',
		'https://sts.us-east-1.amazonaws.com.attacker.example',
		'https://bedrock-runtime.us-east-1.amazonaws.com',
		'https://abc.execute-api.us-east-1.amazonaws.com',
		'https://[fd12::1]',
	])('refuses %s', (url) => {
		const e = refused(() => toConnectionConfig('bedrockAssumeRoleApi', data(url), env));
		expect(e).toMatchObject({ field: 'STS Endpoint', code: 'EndpointNotAllowed' });
		expect(e.message).toContain('n8n Host Identity');
	});

	it.each([
		'https://sts.amazonaws.com',
		'https://sts.eu-west-1.amazonaws.com',
		'https://sts-fips.us-east-1.amazonaws.com',
		'https://sts.cn-northwest-1.amazonaws.com.cn',
		'https://sts.us-east-1.api.aws',
		'https://vpce-0a1b2c3d4e5f-abcdefgh.sts.us-east-1.vpce.amazonaws.com',
		'http://127.0.0.1:4599',
	])('accepts %s', (url) => {
		expect(toConnectionConfig('bedrockAssumeRoleApi', data(url), env).endpoints.sts).toBe(url);
	});

	it('with access keys as the source, any https STS endpoint is accepted', () => {
		expect(
			toConnectionConfig('bedrockAssumeRoleApi', {
				...keys,
				roleArn: ROLE,
				customEndpoints: true,
				stsEndpoint: 'https://sts.gateway.corp.example',
			}).endpoints.sts,
		).toBe('https://sts.gateway.corp.example');
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
