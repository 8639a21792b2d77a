import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';

import {
	DEFAULT_API_KEY,
	DEFAULT_ROLE_ARN,
	DEFAULT_USER,
	pkiPem,
	startEmulator,
} from '../../../test/emulator';
import { longTermApiKey, shortTermApiKey } from '../../../test/helpers/apiKeys';
import {
	IAM_CREDENTIAL_CASES,
	accessKeysData,
	longTermApiKeyData,
	shortTermApiKeyData,
	assumeRoleData,
	rolesAnywhereData,
} from '../../../test/helpers/credentials';
import { useEmulator } from '../../../test/helpers/useEmulator';
import { testBedrockCredential } from './index';

describe('the Test button', () => {
	const aws = useEmulator({
		deny: [
			{
				principalArn: 'arn:aws:iam::111122223333:user/no-bedrock',
				action: 'bedrock:ListFoundationModels',
			},
		],
	});

	const test = async (type: string, data: ICredentialDataDecryptedObject) =>
		await testBedrockCredential.call({} as ICredentialTestFunctions, {
			id: 'c1',
			name: 'test',
			type,
			data,
		});

	it('says who an access key is, where it authenticated and how many models Bedrock shows', async () => {
		const result = await test(
			'bedrockAccessKeysApi',
			accessKeysData(aws.emulator, { region: 'eu-west-1', authRegion: 'us-east-1' }),
		);
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(
			/^Authenticated as arn:aws:iam::111122223333:user\/n8n-test \(STS GetCallerIdentity in us-east-1\)\. Bedrock in eu-west-1 answered: \d+ foundation models visible\.$/,
		);
		expect(aws.emulator.count('GetCallerIdentity')).toBe(1);
		expect(aws.emulator.count('ListFoundationModels')).toBe(1);
	});

	it('names the assumed role for Assume Role', async () => {
		const result = await test('bedrockAssumeRoleApi', assumeRoleData(aws.emulator));
		expect(result).toMatchObject({ status: 'OK' });
		expect(result.message).toContain(
			`assumed-role/BedrockInvoker/n8n-test (STS AssumeRole in us-east-1)`,
		);
	});

	it('names the assumed role for Roles Anywhere', async () => {
		const result = await test('bedrockRolesAnywhereApi', rolesAnywhereData(aws.emulator));
		expect(result).toMatchObject({ status: 'OK' });
		expect(result.message).toMatch(
			/assumed-role\/BedrockInvoker\/\S+ \(IAM Roles Anywhere CreateSession in us-east-1\)/,
		);
	});

	it.each(IAM_CREDENTIAL_CASES)(
		'authenticates anew on every press ($type)',
		async ({ type, data }) => {
			await test(type, data(aws.emulator));
			await test(type, data(aws.emulator));
			const authCalls = aws.emulator.calls.filter((c) =>
				['GetCallerIdentity', 'AssumeRole', 'CreateSession'].includes(c.action),
			);
			expect(authCalls).toHaveLength(2);
		},
	);

	it('says the External ID or trust policy is wrong', async () => {
		const result = await test(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, { externalId: 'wrong-external-id' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Authentication failed \(STS AssumeRole in us-east-1\): /);
		expect(result.message).toMatch(/External ID/);
		expect(result.message).toMatch(/AWS request ID: \S+/);
	});

	it("shows AWS's own code and message after the advice", async () => {
		const result = await test(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, { externalId: 'wrong-external-id' }),
		);
		const awsPart = result.message.search(
			/AccessDenied.*not authorized to perform: sts:AssumeRole/,
		);
		expect(awsPart).toBeGreaterThan(0);
		expect(result.message.indexOf('External ID')).toBeLessThan(awsPart);
		expect(result.message).not.toContain('wrong-external-id');
	});

	it('says the secret access key is wrong', async () => {
		const result = await test(
			'bedrockAccessKeysApi',
			accessKeysData(aws.emulator, { secretAccessKey: 'not-the-secret' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Authentication failed \(STS GetCallerIdentity in us-east-1\): /,
		);
		expect(result.message).toMatch(/secret access key/i);
	});

	it('says the certificate is not trusted', async () => {
		const result = await test(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, {
				publicCertificate: pkiPem('untrusted.cert.pem'),
				privateKey: pkiPem('untrusted.key.pem'),
				publicCertificateChain: '',
			}),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Authentication failed \(IAM Roles Anywhere CreateSession in us-east-1\): /,
		);
		expect(result.message).toMatch(/trust anchor/i);
	});

	it('says a missing intermediate is missing', async () => {
		const result = await test(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, { publicCertificateChain: '' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Certificate Chain/);
	});

	it('tells a Bedrock failure from an authentication failure', async () => {
		const local = await startEmulator({
			users: [{ ...DEFAULT_USER, arn: 'arn:aws:iam::111122223333:user/no-bedrock' }],
			deny: [
				{
					principalArn: 'arn:aws:iam::111122223333:user/no-bedrock',
					action: 'bedrock:ListFoundationModels',
				},
			],
		});
		try {
			const result = await test('bedrockAccessKeysApi', accessKeysData(local));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/^Authenticated as arn:aws:iam::111122223333:user\/no-bedrock \(STS GetCallerIdentity in us-east-1\), but Bedrock ListFoundationModels in us-east-1 failed: /,
			);
			expect(result.message).toContain('bedrock:ListFoundationModels');
		} finally {
			await local.stop();
		}
	});

	it('reports invalid fields before any request', async () => {
		const result = await test(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, { roleArn: DEFAULT_ROLE_ARN.replace(':role/', ':user/') }),
		);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^The credential is not valid: Role ARN: .* is not an IAM role ARN/,
			),
		});
		expect(aws.emulator.calls).toHaveLength(0);
	});

	it('reports an expired certificate before any request', async () => {
		const result = await test(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, {
				publicCertificate: pkiPem('expired.cert.pem'),
				privateKey: pkiPem('expired.key.pem'),
				publicCertificateChain: '',
			}),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/expired/i);
		expect(aws.emulator.calls).toHaveLength(0);
	});

	describe('with an Amazon Bedrock API key', () => {
		const user = {
			accessKeyId: DEFAULT_USER.accessKeyId,
			secretAccessKey: DEFAULT_USER.secretAccessKey,
		};

		it('says it is a long-term key, of which account, that it has no IAM identity, and lists models', async () => {
			const result = await test('bedrockApiKeyApi', longTermApiKeyData(aws.emulator));
			expect(result.status).toBe('OK');
			expect(result.message).toMatch(
				/^Long-term Amazon Bedrock API key BedrockAPIKey-emu1 of account 111122223333\. An API key has no IAM identity to show: only Bedrock accepts it, STS cannot say who it belongs to\. Bedrock in us-east-1 answered: \d+ foundation models visible\.$/,
			);
			expect(aws.emulator.calls.map((c) => [c.action, c.auth])).toEqual([
				['ListFoundationModels', 'bearer'],
			]);
		});

		it('says when a short-term key expires', async () => {
			const issuedAt = new Date(Date.now() - 3600_000);
			const apiKey = shortTermApiKey({ ...user, region: 'us-east-1', issuedAt });
			const expires = new Date(issuedAt.getTime() + 43200_000)
				.toISOString()
				.replace(/\.\d{3}Z$/, '');
			const result = await test('bedrockApiKeyApi', shortTermApiKeyData(aws.emulator, { apiKey }));
			expect(result.status).toBe('OK');
			expect(result.message).toMatch(
				new RegExp(
					`^Short-term Amazon Bedrock API key for us-east-1, valid until ${expires}\\.000Z \\((10 h 59|11 h 0) min left\\)\\. An API key has no IAM identity to show`,
				),
			);
		});

		it('refuses an expired short-term key without any call, saying when it expired', async () => {
			const issuedAt = new Date('2026-01-01T00:00:00Z');
			const apiKey = shortTermApiKey({
				...user,
				region: 'us-east-1',
				issuedAt,
				expiresInSeconds: 900,
			});
			const result = await test('bedrockApiKeyApi', shortTermApiKeyData(aws.emulator, { apiKey }));
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(
					/^The credential is not valid: API Key: the short-term key expired at 2026-01-01T00:15:00\.000Z; generate a new one/,
				),
			});
			expect(aws.emulator.calls).toHaveLength(0);
		});

		it('refuses a short-term key of another region without any call', async () => {
			const apiKey = shortTermApiKey({ ...user, region: 'eu-west-1' });
			const result = await test('bedrockApiKeyApi', shortTermApiKeyData(aws.emulator, { apiKey }));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/Bedrock Region: is us-east-1, but the short-term API Key was generated for eu-west-1/,
			);
			expect(aws.emulator.calls).toHaveLength(0);
		});

		it('says Bedrock refused a key it does not know, with what to check, without the key', async () => {
			const apiKey = longTermApiKey('gone', '111122223333', 'deleted/key/secret');
			const result = await test('bedrockApiKeyApi', longTermApiKeyData(aws.emulator, { apiKey }));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/^Long-term Amazon Bedrock API key BedrockAPIKey-gone of account 111122223333: Bedrock ListFoundationModels in us-east-1 failed: Bedrock does not accept the API key\. Check API Key/,
			);
			expect(result.message).toMatch(/AWS request ID: \S+/);
			expect(result.message).not.toContain(apiKey);
			expect(result.message).not.toContain('deleted/key/secret');
		});

		it('says which permission is missing when the key may not be used', async () => {
			aws.emulator.config.deny.push({
				principalArn: DEFAULT_API_KEY.userArn,
				action: 'bedrock:CallWithBearerToken',
			});
			try {
				const result = await test('bedrockApiKeyApi', longTermApiKeyData(aws.emulator));
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(/may not use API keys \(bedrock:CallWithBearerToken\)/);
			} finally {
				aws.emulator.config.deny.pop();
			}
		});
	});
});
