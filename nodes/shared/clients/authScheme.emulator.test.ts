import { DEFAULT_API_KEY, DEFAULT_USER } from '../../../test/emulator';
import {
	accessKeysData,
	assumeRoleData,
	longTermApiKeyData,
	shortTermApiKeyData,
} from '../../../test/helpers/credentials';
import { useEmulator } from '../../../test/helpers/useEmulator';
import { toConnectionConfig } from '../auth/connection';
import { bedrockRuntimeSdk, bedrockSdk } from '../transport/sdk';
import { getClient } from './index';

/** A token the n8n host's environment holds: it must never reach Bedrock through our clients. */
const HOST_TOKEN = 'bedrock-api-key-SE9TVC1UT0tFTi1PRi1USEUtbjhuLUhPU1Q=';

const ENV_NAMES = ['AWS_BEARER_TOKEN_BEDROCK', 'AWS_AUTH_SCHEME_PREFERENCE'] as const;

describe('auth scheme of our clients, whatever the n8n host environment says', () => {
	const aws = useEmulator();
	const saved: Partial<Record<(typeof ENV_NAMES)[number], string>> = {};
	beforeAll(() => {
		for (const name of ENV_NAMES) saved[name] = process.env[name];
	});
	afterEach(() => {
		for (const name of ENV_NAMES) {
			if (saved[name] === undefined) delete process.env[name];
			else process.env[name] = saved[name];
		}
	});

	const authorizations = () => aws.emulator.calls.map((c) => c.headers.authorization ?? '');

	it.each([
		['AWS_BEARER_TOKEN_BEDROCK', { AWS_BEARER_TOKEN_BEDROCK: HOST_TOKEN }],
		['AWS_AUTH_SCHEME_PREFERENCE', { AWS_AUTH_SCHEME_PREFERENCE: 'httpBearerAuth,sigv4' }],
	])(
		'an access-key credential signs with SigV4 when the host sets %s',
		async (_name, env: Record<string, string>) => {
			Object.assign(process.env, env);
			const connection = toConnectionConfig('bedrockAccessKeysApi', accessKeysData(aws.emulator));
			const bedrock = await getClient('bedrock', connection);
			const { ListFoundationModelsCommand } = await bedrockSdk();
			await bedrock.send(new ListFoundationModelsCommand({}));
			const runtime = await getClient('bedrockRuntime', connection);
			const { ConverseCommand } = await bedrockRuntimeSdk();
			await runtime.send(
				new ConverseCommand({
					modelId: 'amazon.nova-lite-v1:0',
					messages: [{ role: 'user', content: [{ text: 'hi' }] }],
				}),
			);
			expect(authorizations()).toHaveLength(2);
			for (const authorization of authorizations()) {
				expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEUSER00001\//);
				expect(authorization).not.toContain(HOST_TOKEN);
			}
		},
	);

	it('an Assume Role credential signs with its session, not the host token', async () => {
		process.env.AWS_BEARER_TOKEN_BEDROCK = HOST_TOKEN;
		const connection = toConnectionConfig('bedrockAssumeRoleApi', assumeRoleData(aws.emulator));
		const bedrock = await getClient('bedrock', connection);
		const { ListFoundationModelsCommand } = await bedrockSdk();
		await bedrock.send(new ListFoundationModelsCommand({}));
		const call = aws.emulator.calls.find((c) => c.action === 'ListFoundationModels');
		expect(call?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIA/);
		expect(call?.principalArn).toContain('assumed-role/BedrockInvoker');
	});

	it.each([
		['long-term', longTermApiKeyData, DEFAULT_API_KEY.userArn],
		['short-term', shortTermApiKeyData, DEFAULT_USER.arn],
	])(
		'a %s API key sends its own key as a bearer token, never the host token nor a signature',
		async (_kind, data, principal) => {
			process.env.AWS_BEARER_TOKEN_BEDROCK = HOST_TOKEN;
			const connection = toConnectionConfig('bedrockApiKeyApi', data(aws.emulator));
			const key = connection.auth.kind === 'apiKey' ? connection.auth.apiKey : '';
			const bedrock = await getClient('bedrock', connection);
			const { ListFoundationModelsCommand } = await bedrockSdk();
			await bedrock.send(new ListFoundationModelsCommand({}));
			const runtime = await getClient('bedrockRuntime', connection);
			const { ConverseCommand } = await bedrockRuntimeSdk();
			const out = await runtime.send(
				new ConverseCommand({
					modelId: 'amazon.nova-lite-v1:0',
					messages: [{ role: 'user', content: [{ text: 'hi' }] }],
				}),
			);
			expect(out.stopReason).toBe('end_turn');
			expect(aws.emulator.calls).toHaveLength(2);
			for (const call of aws.emulator.calls) {
				expect(call.auth).toBe('bearer');
				expect(call.headers.authorization).toBe(`Bearer ${key}`);
				expect(call.headers['x-amz-date']).toBeUndefined();
				expect(call.headers['x-amz-security-token']).toBeUndefined();
				expect(call.principalArn).toBe(principal);
			}
		},
	);

	it.each([
		[
			'bedrockAgentRuntime',
			/Agents for Amazon Bedrock Runtime \(Invoke Agent, knowledge base Retrieve\)/,
		],
		['bedrockAgent', /Agents for Amazon Bedrock \(agent and knowledge base lists\)/],
		['sts', /AWS STS/],
	] as const)(
		'refuses a %s client for an API key before any call, naming the credentials that can',
		async (name, service) => {
			const connection = toConnectionConfig('bedrockApiKeyApi', longTermApiKeyData(aws.emulator));
			const refusal = getClient(name, connection);
			await expect(refusal).rejects.toMatchObject({
				code: 'ApiKeyNotAccepted',
				message: expect.stringMatching(service),
				advice:
					'Use an Amazon Bedrock (Access Keys) API, Amazon Bedrock (Assume Role) API or Amazon Bedrock (IAM Roles Anywhere) API credential for this operation.',
			});
			expect(aws.emulator.calls).toHaveLength(0);
		},
	);

	it('streams ConverseStream with an API key: bearer only, no signed payload', async () => {
		const connection = toConnectionConfig('bedrockApiKeyApi', shortTermApiKeyData(aws.emulator));
		const runtime = await getClient('bedrockRuntime', connection);
		const { ConverseStreamCommand } = await bedrockRuntimeSdk();
		const out = await runtime.send(
			new ConverseStreamCommand({
				modelId: 'amazon.nova-lite-v1:0',
				messages: [{ role: 'user', content: [{ text: 'stream me' }] }],
			}),
		);
		let text = '';
		for await (const event of out.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
		expect(text).toContain('stream me');
		const [call] = aws.emulator.calls;
		expect(call).toMatchObject({ action: 'ConverseStream', auth: 'bearer', status: 200 });
		expect(call.headers['x-amz-content-sha256']).toBeUndefined();
	});
});
