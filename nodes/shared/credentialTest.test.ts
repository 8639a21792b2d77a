import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';

import {
	DEFAULT_ROLE_ARN,
	DEFAULT_USER,
	pkiPem,
	startEmulator,
	type Emulator,
} from '../../test/emulator';
import {
	CREDENTIAL_CASES,
	accessKeysData,
	assumeRoleData,
	rolesAnywhereData,
} from '../../test/helpers/credentials';
import { credentialResolver } from './auth/resolver';
import { clearClients } from './clients';
import { testBedrockCredential } from './credentialTest';

describe('the Test button', () => {
	let emulator: Emulator;
	beforeAll(
		async () =>
			(emulator = await startEmulator({
				deny: [
					{
						principalArn: 'arn:aws:iam::111122223333:user/no-bedrock',
						action: 'bedrock:ListFoundationModels',
					},
				],
			})),
	);
	afterAll(async () => await emulator.stop());
	beforeEach(() => {
		emulator.reset();
		credentialResolver.clear();
		clearClients();
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
			accessKeysData(emulator, { region: 'eu-west-1', authRegion: 'us-east-1' }),
		);
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(
			/^Authenticated as arn:aws:iam::111122223333:user\/n8n-test \(STS GetCallerIdentity in us-east-1\)\. Bedrock in eu-west-1 answered: \d+ foundation models visible\.$/,
		);
		expect(emulator.count('GetCallerIdentity')).toBe(1);
		expect(emulator.count('ListFoundationModels')).toBe(1);
	});

	it('names the assumed role for Assume Role', async () => {
		const result = await test('bedrockAssumeRoleApi', assumeRoleData(emulator));
		expect(result).toMatchObject({ status: 'OK' });
		expect(result.message).toContain(
			`assumed-role/BedrockInvoker/n8n-test (STS AssumeRole in us-east-1)`,
		);
	});

	it('names the assumed role for Roles Anywhere', async () => {
		const result = await test('bedrockRolesAnywhereApi', rolesAnywhereData(emulator));
		expect(result).toMatchObject({ status: 'OK' });
		expect(result.message).toMatch(
			/assumed-role\/BedrockInvoker\/\S+ \(IAM Roles Anywhere CreateSession in us-east-1\)/,
		);
	});

	it.each(CREDENTIAL_CASES)('authenticates anew on every press ($type)', async ({ type, data }) => {
		await test(type, data(emulator));
		await test(type, data(emulator));
		const authCalls = emulator.calls.filter((c) =>
			['GetCallerIdentity', 'AssumeRole', 'CreateSession'].includes(c.action),
		);
		expect(authCalls).toHaveLength(2);
	});

	it('says the External ID or trust policy is wrong', async () => {
		const result = await test(
			'bedrockAssumeRoleApi',
			assumeRoleData(emulator, { externalId: 'wrong-external-id' }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Authentication failed \(STS AssumeRole in us-east-1\): /);
		expect(result.message).toMatch(/External ID/);
		expect(result.message).toMatch(/AWS request ID: \S+/);
	});

	it('says the secret access key is wrong', async () => {
		const result = await test(
			'bedrockAccessKeysApi',
			accessKeysData(emulator, { secretAccessKey: 'not-the-secret' }),
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
			rolesAnywhereData(emulator, {
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
			rolesAnywhereData(emulator, { publicCertificateChain: '' }),
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
			assumeRoleData(emulator, { roleArn: DEFAULT_ROLE_ARN.replace(':role/', ':user/') }),
		);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^The credential is not valid: Role ARN: .* is not an IAM role ARN/,
			),
		});
		expect(emulator.calls).toHaveLength(0);
	});

	it('reports an expired certificate before any request', async () => {
		const result = await test(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(emulator, {
				publicCertificate: pkiPem('expired.cert.pem'),
				privateKey: pkiPem('expired.key.pem'),
				publicCertificateChain: '',
			}),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/expired/i);
		expect(emulator.calls).toHaveLength(0);
	});
});
