import { longTermApiKey, shortTermApiKey } from '../helpers/apiKeys';
import { DEFAULT_API_KEY, DEFAULT_USER, startEmulator, type Emulator } from './index';

/**
 * Bearer tokens (Amazon Bedrock API keys) at the emulator, sent as raw HTTP so that nothing of
 * the SDK's or the package's own auth logic takes part.
 */
describe('emulator: Amazon Bedrock API keys', () => {
	let emulator: Emulator;
	let now: Date;
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset();
		emulator.config.deny.length = 0;
		now = new Date();
		emulator.config.now = () => now;
	});

	const send = async (
		path: string,
		key: string,
		init: { method?: string; headers?: Record<string, string>; body?: string } = {},
	) => {
		const res = await fetch(`${emulator.url}${path}`, {
			method: init.method ?? 'GET',
			headers: { authorization: `Bearer ${key}`, ...init.headers },
			body: init.body,
		});
		const text = await res.text();
		return {
			status: res.status,
			type: res.headers.get('x-amzn-errortype')?.split(':')[0],
			body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
		};
	};
	const converse = (key: string, headers: Record<string, string> = {}) =>
		send('/model/amazon.nova-lite-v1%3A0/converse', key, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
		});
	const shortTerm = (extra: { region?: string; issuedAt?: Date; expiresInSeconds?: number } = {}) =>
		shortTermApiKey({
			accessKeyId: DEFAULT_USER.accessKeyId,
			secretAccessKey: DEFAULT_USER.secretAccessKey,
			region: 'us-east-1',
			issuedAt: now,
			...extra,
		});

	it('accepts a long-term key it issued, on Bedrock and Bedrock Runtime, as its IAM user', async () => {
		expect((await send('/foundation-models', DEFAULT_API_KEY.key)).status).toBe(200);
		expect((await converse(DEFAULT_API_KEY.key)).status).toBe(200);
		expect(emulator.calls.map((c) => [c.auth, c.principalArn])).toEqual([
			['bearer', DEFAULT_API_KEY.userArn],
			['bearer', DEFAULT_API_KEY.userArn],
		]);
	});

	it('accepts a short-term key: its presigned signature checks out, as the identity that made it', async () => {
		expect((await converse(shortTerm())).status).toBe(200);
		expect(emulator.calls[0].principalArn).toBe(DEFAULT_USER.arn);
	});

	it.each([
		[
			'an unknown long-term key',
			() => longTermApiKey('zz99', '111122223333', 'not-issued'),
			'UnrecognizedClientException',
			/Invalid API Key/,
		],
		[
			'a key without a known prefix',
			() => 'sk-somethingelse-0000000000',
			'UnrecognizedClientException',
			/pre-defined prefix/,
		],
		[
			'a short-term key for another region',
			() => shortTerm({ region: 'eu-west-1' }),
			'UnrecognizedClientException',
			/Invalid API Key/,
		],
		[
			'a short-term key signed with a wrong secret',
			() =>
				shortTermApiKey({
					accessKeyId: DEFAULT_USER.accessKeyId,
					secretAccessKey: 'wrong',
					region: 'us-east-1',
				}),
			'UnrecognizedClientException',
			/Invalid API Key/,
		],
	])('refuses %s with 403', async (_what, key, type, message) => {
		const out = await converse(key());
		expect([out.status, out.type]).toEqual([403, type]);
		expect(String(out.body.message)).toMatch(message);
	});

	it('refuses a short-term key past X-Amz-Date + X-Amz-Expires', async () => {
		const key = shortTerm({ issuedAt: new Date(now.getTime() - 3601_000), expiresInSeconds: 3600 });
		const out = await converse(key);
		expect([out.status, out.type]).toEqual([403, 'ExpiredTokenException']);
		expect(emulator.calls[0].reason).toMatch(/expired at/);
	});

	it('refuses a tampered short-term key (its region edited in the key)', async () => {
		const url = Buffer.from(shortTerm().slice(16), 'base64').toString('utf8');
		const edited = `bedrock-api-key-${Buffer.from(url.replace('%2Fus-east-1%2F', '%2Feu-west-1%2F')).toString('base64')}`;
		emulator.config.apiKeyRegion = 'eu-west-1';
		try {
			const out = await converse(edited);
			expect(out.status).toBe(403);
			expect(emulator.calls[0].reason).toMatch(/signature does not match/);
		} finally {
			emulator.config.apiKeyRegion = 'us-east-1';
		}
	});

	it('refuses a bearer token sent together with SigV4 headers', async () => {
		const out = await converse(DEFAULT_API_KEY.key, { 'x-amz-date': '20261130T050000Z' });
		expect(out.status).toBe(400);
		expect(String(out.body.message)).toMatch(/Only one auth mechanism allowed/);
		const withToken = await converse(DEFAULT_API_KEY.key, { 'x-amz-security-token': 'IQoJtoken' });
		expect(withToken.status).toBe(400);
	});

	it.each([
		['Bedrock Agents (ListAgents)', '/agents/', 'POST'],
		[
			'Bedrock Agent Runtime (InvokeAgent)',
			'/agents/A1/agentAliases/TSTALIASID/sessions/s1/text',
			'POST',
		],
	])(
		'refuses a bearer token on %s the way AWS does, without echoing it',
		async (_what, path, method) => {
			const out = await send(path, DEFAULT_API_KEY.key, {
				method,
				headers: { 'content-type': 'application/json' },
				body: '{}',
			});
			expect([out.status, out.type]).toEqual([403, 'IncompleteSignatureException']);
			expect(String(out.body.message)).toMatch(
				/^Authorization header requires 'Credential' parameter/,
			);
			expect(JSON.stringify(out.body)).not.toContain(DEFAULT_API_KEY.key);
		},
	);

	it('refuses an identity denied bedrock:CallWithBearerToken', async () => {
		emulator.config.deny.push({
			principalArn: DEFAULT_API_KEY.userArn,
			action: 'bedrock:CallWithBearerToken',
		});
		const out = await converse(DEFAULT_API_KEY.key);
		expect([out.status, out.type]).toEqual([403, 'AccessDeniedException']);
		expect(String(out.body.message)).toContain('bedrock:CallWithBearerToken');
		expect((await converse(shortTerm())).status).toBe(200);
	});
});
