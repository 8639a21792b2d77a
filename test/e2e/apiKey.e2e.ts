/**
 * Amazon Bedrock API keys in a real n8n: the Test button through n8n's REST API
 * (POST /rest/credentials/test) with a long-term and a short-term key, an expired short-term key
 * refused before any call, and a Converse workflow run with each key (`n8n execute`).
 */
import { EMULATOR_SHORT_TERM_API_KEY, emulatorCredentials } from '../../scripts/lib/credentials';
import { nodeOutput, type N8n } from '../../scripts/lib/n8n';
import type { Emulator } from '../emulator';
import { DEFAULT_API_KEY, DEFAULT_USER } from '../emulator';
import { shortTermApiKey } from '../helpers/apiKeys';
import { connectN8n, startE2eEmulator } from './harness';
import { API_KEY_ITEMS, API_KEY_WORKFLOWS } from './workflows';

let n8n: N8n;
let emulator: Emulator;
let longTerm: Record<string, unknown>;
let shortTerm: Record<string, unknown>;

beforeAll(async () => {
	n8n = await connectN8n();
	emulator = await startE2eEmulator();
	const credentials = emulatorCredentials(emulator.url);
	longTerm = credentials.find((c) => c.name === 'Emulator: API Key (long-term)')!.data;
	shortTerm = credentials.find((c) => c.id === EMULATOR_SHORT_TERM_API_KEY.id)!.data;
});
afterAll(async () => {
	await emulator?.stop();
});
beforeEach(() => emulator.reset());

describe('Test button of bedrockApiKeyApi', () => {
	it('long-term key: says its kind and account, that it has no IAM identity, and lists models', async () => {
		const result = await n8n.testCredential('bedrockApiKeyApi', longTerm);
		expect(result).toEqual({
			status: 'OK',
			message: expect.stringMatching(
				/^Long-term Amazon Bedrock API key BedrockAPIKey-emu1 of account 111122223333\. An API key has no IAM identity to show: .+ Bedrock in us-east-1 answered: \d+ foundation models visible\.$/,
			),
		});
		expect(emulator.calls.map((c) => [c.action, c.auth, c.principalArn])).toEqual([
			['ListFoundationModels', 'bearer', DEFAULT_API_KEY.userArn],
		]);
	});

	it('short-term key: says the region and when it expires', async () => {
		const result = await n8n.testCredential('bedrockApiKeyApi', shortTerm);
		expect(result).toEqual({
			status: 'OK',
			message: expect.stringMatching(
				/^Short-term Amazon Bedrock API key for us-east-1, valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z \((11 h \d+|12 h 0) min left\)\. An API key has no IAM identity to show: .+ foundation models visible\.$/,
			),
		});
		expect(emulator.calls.map((c) => [c.auth, c.principalArn])).toEqual([
			['bearer', DEFAULT_USER.arn],
		]);
	});

	it('expired short-term key: refused before any call, with the time it expired', async () => {
		const apiKey = shortTermApiKey({
			accessKeyId: DEFAULT_USER.accessKeyId,
			secretAccessKey: DEFAULT_USER.secretAccessKey,
			region: 'us-east-1',
			issuedAt: new Date(Date.now() - 2 * 3600_000),
			expiresInSeconds: 3600,
		});
		const result = await n8n.testCredential('bedrockApiKeyApi', { ...shortTerm, apiKey });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^The credential is not valid: API Key: the short-term key expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z; generate a new one/,
		);
		expect(result.message).not.toContain(apiKey.slice(16, 60));
		expect(emulator.calls).toHaveLength(0);
	});
});

describe.each(Object.entries(API_KEY_WORKFLOWS))(
	'Converse with the %s API key',
	(kind, workflow) => {
		it(`runs ${API_KEY_ITEMS} items with bearer auth only, in order`, async () => {
			const run = await n8n.execute(workflow.id);
			const items = nodeOutput(run, 'Bedrock Converse');
			expect(items).toHaveLength(API_KEY_ITEMS);
			items.forEach((item, i) => expect(item.text).toContain(`item ${i}`));
			const converse = emulator.calls.filter((c) => c.action === 'Converse');
			expect(converse).toHaveLength(API_KEY_ITEMS);
			for (const call of converse) {
				expect(call.auth).toBe('bearer');
				expect(call.status).toBe(200);
				expect(call.principalArn).toBe(
					kind === 'longTerm' ? DEFAULT_API_KEY.userArn : DEFAULT_USER.arn,
				);
			}
			if (kind === 'longTerm') {
				expect(converse[0].headers.authorization).toBe(`Bearer ${DEFAULT_API_KEY.key}`);
			}
			expect(emulator.calls.filter((c) => c.service === 'sts')).toHaveLength(0);
		});
	},
);
