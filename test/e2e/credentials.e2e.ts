/**
 * The credential Test button, through n8n's REST API (POST /rest/credentials/test), for each
 * credential type: success against the emulator, and a failure that says what to change.
 */
import { emulatorCredentials } from '../../scripts/lib/credentials';
import type { N8n } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import { pkiPem } from '../emulator';
import { connectN8n, startE2eEmulator } from './harness';

let n8n: N8n;
let emulator: Emulator;
let credentials: Map<string, Record<string, unknown>>;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
	credentials = new Map(emulatorCredentials(emulator.url).map((c) => [c.type, c.data]));
});
afterAll(async () => {
	await emulator?.stop();
});

describe.each(['bedrockAccessKeysApi', 'bedrockAssumeRoleApi', 'bedrockRolesAnywhereApi'])(
	'Test button of %s',
	(type) => {
		it('succeeds against the emulator and names the identity and the Bedrock region', async () => {
			const result = await n8n.testCredential(type, credentials.get(type)!);
			expect(result).toEqual({
				status: 'OK',
				message: expect.stringMatching(
					/^Authenticated as arn:aws:(iam|sts)::111122223333:.+ Bedrock in us-east-1 answered/,
				),
			});
		});
	},
);

describe('Test button failures', () => {
	it('Assume Role with a wrong External ID: says the trust policy or External ID refused it', async () => {
		const result = await n8n.testCredential('bedrockAssumeRoleApi', {
			...credentials.get('bedrockAssumeRoleApi')!,
			externalId: 'not-the-external-id',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/STS AssumeRole/);
		expect(result.message).toMatch(/External ID/);
		expect(result.message).toMatch(/AWS request ID: \S+/);
		expect(result.message).not.toContain('not-the-external-id');
	});

	it('IAM Roles Anywhere with a certificate the trust anchor does not trust: says so', async () => {
		const result = await n8n.testCredential('bedrockRolesAnywhereApi', {
			...credentials.get('bedrockRolesAnywhereApi')!,
			publicCertificate: pkiPem('untrusted.cert.pem'),
			privateKey: pkiPem('untrusted.key.pem'),
			publicCertificateChain: '',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Roles Anywhere/);
		expect(result.message).toMatch(/untrusted|trust anchor/i);
	});

	it('Access Keys with a wrong secret: says the signature or secret is wrong, without the secret', async () => {
		const secret = 'wrong/secret/EXAMPLEKEY0000000000000000000';
		const result = await n8n.testCredential('bedrockAccessKeysApi', {
			...credentials.get('bedrockAccessKeysApi')!,
			secretAccessKey: secret,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/secret access key|signature/i);
		expect(result.message).not.toContain(secret);
	});
});
