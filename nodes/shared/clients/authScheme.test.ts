import { startEmulator, type Emulator } from '../../../test/emulator';
import { accessKeysData, assumeRoleData } from '../../../test/helpers/credentials';
import { toConnectionConfig } from '../auth/connection';
import { credentialResolver } from '../auth/resolver';
import { bedrockRuntimeSdk, bedrockSdk } from '../transport/sdk';
import { clearClients, getClient } from './index';

/** A token the n8n host's environment holds: it must never reach Bedrock through our clients. */
const HOST_TOKEN = 'bedrock-api-key-SE9TVC1UT0tFTi1PRi1USEUtbjhuLUhPU1Q=';

const ENV_NAMES = ['AWS_BEARER_TOKEN_BEDROCK', 'AWS_AUTH_SCHEME_PREFERENCE'] as const;

describe('auth scheme of our clients, whatever the n8n host environment says', () => {
	let emulator: Emulator;
	const saved: Partial<Record<(typeof ENV_NAMES)[number], string>> = {};
	beforeAll(async () => {
		emulator = await startEmulator();
		for (const name of ENV_NAMES) saved[name] = process.env[name];
	});
	afterAll(async () => await emulator.stop());
	beforeEach(() => {
		emulator.reset();
		credentialResolver.clear();
		clearClients();
	});
	afterEach(() => {
		for (const name of ENV_NAMES) {
			if (saved[name] === undefined) delete process.env[name];
			else process.env[name] = saved[name];
		}
	});

	const authorizations = () => emulator.calls.map((c) => c.headers.authorization ?? '');

	it.each([
		['AWS_BEARER_TOKEN_BEDROCK', { AWS_BEARER_TOKEN_BEDROCK: HOST_TOKEN }],
		['AWS_AUTH_SCHEME_PREFERENCE', { AWS_AUTH_SCHEME_PREFERENCE: 'httpBearerAuth,sigv4' }],
	])(
		'an access-key credential signs with SigV4 when the host sets %s',
		async (_name, env: Record<string, string>) => {
			Object.assign(process.env, env);
			const connection = toConnectionConfig('bedrockAccessKeysApi', accessKeysData(emulator));
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
		const connection = toConnectionConfig('bedrockAssumeRoleApi', assumeRoleData(emulator));
		const bedrock = await getClient('bedrock', connection);
		const { ListFoundationModelsCommand } = await bedrockSdk();
		await bedrock.send(new ListFoundationModelsCommand({}));
		const call = emulator.calls.find((c) => c.action === 'ListFoundationModels');
		expect(call?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIA/);
		expect(call?.principalArn).toContain('assumed-role/BedrockInvoker');
	});
});
