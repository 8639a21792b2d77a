import { createPrivateKey } from 'node:crypto';
import { inspect } from 'node:util';
import type { ICredentialDataDecryptedObject, ICredentialTestFunctions } from 'n8n-workflow';

import { BedrockConverse } from '../nodes/BedrockConverse/BedrockConverse.node';
import { testBedrockCredential } from '../nodes/shared/credentialTest';
import { DEFAULT_API_KEY, DEFAULT_API_KEY_SECRET, DEFAULT_USER, pkiPem } from './emulator';
import { longTermApiKey, shortTermApiKey } from './helpers/apiKeys';
import {
	API_KEY_CASES,
	CREDENTIAL_CASES,
	accessKeysData,
	assumeRoleData,
	longTermApiKeyData,
	rolesAnywhereData,
	shortTermApiKeyData,
} from './helpers/credentials';
import { locator, RecordingLogger } from './helpers/nodeContext';
import { runNode, useEmulator } from './helpers/useEmulator';

const PASSPHRASE = 'correct horse battery staple 42';
const P12_PASSWORD = 'p12-test-password';
const EXTERNAL_ID = 'ext-123456';
/** API keys the failure cases use: refused, expired, of another region, mistyped. */
const UNKNOWN_API_KEY_SECRET = 'unknown/apikey/secret/0000000000000000=';
const UNKNOWN_API_KEY = longTermApiKey('gone', '111122223333', UNKNOWN_API_KEY_SECRET);
const user = {
	accessKeyId: DEFAULT_USER.accessKeyId,
	secretAccessKey: DEFAULT_USER.secretAccessKey,
};
const EXPIRED_API_KEY = shortTermApiKey({
	...user,
	region: 'us-east-1',
	issuedAt: new Date('2026-01-01T00:00:00Z'),
	expiresInSeconds: 900,
});
const OTHER_REGION_API_KEY = shortTermApiKey({ ...user, region: 'eu-west-1' });
const WRONG_SIGNATURE_API_KEY = shortTermApiKey({
	...user,
	secretAccessKey: 'wrong',
	region: 'us-east-1',
});

/**
 * Runs the failure cases of the package (Test button and node, every credential type) and
 * collects everything a user, a log or an execution record could see: messages, descriptions,
 * serialised and inspected errors, output items, console output. No secret may be in any of it.
 */
describe('no secret leaves the package', () => {
	const aws = useEmulator();
	const node = new BedrockConverse();
	const seen: string[] = [];
	const logged: string[] = [];
	/** Every API key a request carried (the short-term ones are made per case). */
	const bearerKeys = new Set<string>();
	const keepBearerKeys = () => {
		for (const call of aws.emulator.calls) {
			const key = /^Bearer (.+)$/.exec(call.headers.authorization ?? '')?.[1];
			if (key) bearerKeys.add(key);
		}
	};
	const spies: jest.SpyInstance[] = [];

	beforeAll(() => {
		for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
			spies.push(
				jest
					.spyOn(console, method)
					.mockImplementation(
						(...args: unknown[]) =>
							void logged.push(args.map((a) => inspect(a, { depth: 6 })).join(' ')),
					),
			);
		}
	});
	afterAll(() => spies.forEach((s) => s.mockRestore()));

	function record(error: unknown) {
		const e = error as { message?: string; description?: string; stack?: string };
		seen.push(
			String(e?.message),
			String(e?.description),
			String(e?.stack),
			inspect(error, { depth: 6 }),
		);
		try {
			seen.push(JSON.stringify(error));
		} catch {
			// circular: inspect() above covers it
		}
	}

	/** n8n's logger of the Test button and the nodes: its lines are swept too. */
	const logger = new RecordingLogger();

	const pressTest = async (type: string, data: ICredentialDataDecryptedObject) => {
		const result = await testBedrockCredential.call(
			{ logger } as unknown as ICredentialTestFunctions,
			{
				id: 'c',
				name: 'n',
				type,
				data,
			},
		);
		seen.push(JSON.stringify(result));
	};

	const encryptedKey = () =>
		createPrivateKey(pkiPem('rsa.key.pem'))
			.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE })
			.toString();

	it('Test button failures', async () => {
		await pressTest(
			'bedrockAccessKeysApi',
			accessKeysData(aws.emulator, { secretAccessKey: `${DEFAULT_USER.secretAccessKey}x` }),
		);
		await pressTest(
			'bedrockAccessKeysApi',
			accessKeysData(aws.emulator, { sessionToken: 'FwoGZXIvYXdzEXAMPLETOKENTHATISNOTVALID0000' }),
		);
		await pressTest(
			'bedrockAccessKeysApi',
			accessKeysData(aws.emulator, {
				accessKeyId: 'not valid',
				secretAccessKey: DEFAULT_USER.secretAccessKey,
			}),
		);
		await pressTest(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, { externalId: 'wrong-external-id' }),
		);
		await pressTest(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, { sessionDuration: 50000 }),
		);
		await pressTest(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, { secretAccessKey: 'wrong' }),
		);
		await pressTest(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, {
				privateKey: encryptedKey(),
				passphrase: 'wrong passphrase',
			}),
		);
		await pressTest(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, { privateKey: encryptedKey(), passphrase: '' }),
		);
		await pressTest(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, { privateKey: pkiPem('p256.key.pem') }),
		);
		await pressTest(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, { publicCertificate: pkiPem('rsa.key.pem') }),
		);
		await pressTest(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, { publicCertificateChain: '' }),
		);
		await pressTest(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, {
				keyFormat: 'pkcs12',
				pkcs12Bundle: pkiPem('rsa.p12.b64'),
				pkcs12Password: `${P12_PASSWORD}-wrong`,
			}),
		);
		await pressTest(
			'bedrockRolesAnywhereApi',
			rolesAnywhereData(aws.emulator, {
				keyFormat: 'pkcs12',
				pkcs12Bundle: 'bm90IGEgYnVuZGxl',
				pkcs12Password: P12_PASSWORD,
			}),
		);
		for (const apiKey of [
			UNKNOWN_API_KEY,
			EXPIRED_API_KEY,
			OTHER_REGION_API_KEY,
			WRONG_SIGNATURE_API_KEY,
			`${DEFAULT_API_KEY.key}x`,
			`Bearer ${DEFAULT_API_KEY.key}`,
		]) {
			await pressTest('bedrockApiKeyApi', longTermApiKeyData(aws.emulator, { apiKey }));
		}
		aws.emulator.injectFault({ action: 'ListFoundationModels', kind: 'malformed', times: 1 });
		await pressTest('bedrockApiKeyApi', shortTermApiKeyData(aws.emulator));
		keepBearerKeys();
		aws.emulator.injectFault({ action: 'AssumeRole', kind: 'malformed', times: 5 });
		await pressTest('bedrockAssumeRoleApi', assumeRoleData(aws.emulator));
		aws.emulator.reset();
		await pressTest(
			'bedrockAccessKeysApi',
			accessKeysData(aws.emulator, { stsEndpoint: 'http://127.0.0.1:1' }),
		);
		expect(seen.filter((s) => s.includes('"status":"Error"'))).toHaveLength(22);
	});

	it.each(CREDENTIAL_CASES)('node failures through $type', async (credential) => {
		const models = [
			'amazon.no-such-model-v9:0',
			'anthropic.claude-sonnet-4-20250514-v1:0',
			'amazon.titan-embed-text-v2:0',
			'amazon.nova-lite-v1:0',
		];
		const [out] = await runNode(node, aws.emulator, {
			parameters: (i) => ({
				model: locator(models[i]),
				prompt: `item ${i}`,
				options: { maxConcurrency: 1 },
			}),
			credential,
			items: 4,
			continueOnFail: true,
			logger,
		}).result;
		keepBearerKeys();
		aws.emulator.reset();
		seen.push(JSON.stringify(out), inspect(out, { depth: 8 }));
		expect(out.filter((o) => o.json.error)).not.toHaveLength(0);

		aws.emulator.expireSessions();
		await runNode(node, aws.emulator, {
			parameters: { model: locator('amazon.nova-lite-v1:0'), prompt: 'x', options: {} },
			credential,
			items: [{ json: {} }],
			logger,
		}).result.then((r) => seen.push(JSON.stringify(r)), record);
	});

	it.each([
		['pasted with Bearer in front', `Bearer ${DEFAULT_API_KEY.key}`],
		['expired', EXPIRED_API_KEY],
		['of another region', OTHER_REGION_API_KEY],
		['unknown to Bedrock', UNKNOWN_API_KEY],
	])('node failures with an API key %s', async (_what, apiKey) => {
		await runNode(node, aws.emulator, {
			parameters: { model: locator('amazon.nova-lite-v1:0'), prompt: 'x', options: {} },
			credential: API_KEY_CASES[0],
			data: longTermApiKeyData(aws.emulator, { apiKey }),
			items: [{ json: {} }],
		}).result.then((r) => seen.push(JSON.stringify(r)), record);
		expect(seen.at(-1)).not.toMatch(/^\[\[/);
	});

	it('none of it contains a secret, in plain, base64 or URL-encoded form', () => {
		const keyLines = ['rsa.key.pem', 'p256.key.pem']
			.flatMap((f) => pkiPem(f).split('\n'))
			.filter((line) => line.length > 20 && !line.startsWith('-----'));
		const secrets = [
			DEFAULT_USER.secretAccessKey,
			PASSPHRASE,
			P12_PASSWORD,
			EXTERNAL_ID,
			pkiPem('rsa.p12.b64').trim().slice(0, 64),
			...aws.emulator.issuedSessions.flatMap((s) => [s.secretAccessKey, s.sessionToken]),
			...keyLines,
			DEFAULT_API_KEY.key,
			DEFAULT_API_KEY_SECRET,
			UNKNOWN_API_KEY,
			UNKNOWN_API_KEY_SECRET,
			EXPIRED_API_KEY,
			OTHER_REGION_API_KEY,
			WRONG_SIGNATURE_API_KEY,
			...bearerKeys,
		];
		expect(bearerKeys.size).toBeGreaterThanOrEqual(3);
		expect(aws.emulator.issuedSessions.length).toBeGreaterThanOrEqual(2);
		expect(logger.lines.length).toBeGreaterThan(0);
		const haystack = [...seen, ...logged, logger.text()].join('\n');
		expect(haystack.length).toBeGreaterThan(5000);
		for (const secret of secrets) {
			for (const form of [
				secret,
				Buffer.from(secret).toString('base64'),
				encodeURIComponent(secret),
			]) {
				if (haystack.includes(form))
					throw new Error(`a secret appeared in what users see: ${form.slice(0, 6)}…`);
			}
		}
	});
});
