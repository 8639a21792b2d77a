import {
	GetFoundationModelCommand,
	GetInferenceProfileCommand,
	ListFoundationModelsCommand,
	ListInferenceProfilesCommand,
	paginateListInferenceProfiles,
} from '@aws-sdk/client-bedrock';
import { ConverseCommand, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';

import { bedrockClient, failure, runtimeClient, stsClient, tamperAfterSigning } from './clients';
import {
	DEFAULT_EXTERNAL_ID,
	DEFAULT_ROLE_ARN,
	DEFAULT_USER,
	startEmulator,
	type Emulator,
} from './index';

const HAIKU = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';

const hello = (modelId: string, extra: Partial<ConverseCommandInput> = {}) =>
	new ConverseCommand({
		modelId,
		messages: [{ role: 'user', content: [{ text: 'Hello there, model' }] }],
		...extra,
	});

describe('emulator: Bedrock control plane', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset();
		emulator.config.deny.length = 0;
	});

	test('ListFoundationModels parses in the SDK with real field names and regional ARNs', async () => {
		const out = await bedrockClient(emulator, { region: 'eu-west-1' }).send(
			new ListFoundationModelsCommand({}),
		);
		const models = out.modelSummaries ?? [];
		expect(models.length).toBeGreaterThanOrEqual(12);
		const haiku = models.find((m) => m.modelId === HAIKU);
		expect(haiku).toEqual({
			modelArn: `arn:aws:bedrock:eu-west-1::foundation-model/${HAIKU}`,
			modelId: HAIKU,
			modelName: 'Claude 3.5 Haiku',
			providerName: 'Anthropic',
			inputModalities: ['TEXT'],
			outputModalities: ['TEXT'],
			responseStreamingSupported: true,
			customizationsSupported: [],
			inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'],
			modelLifecycle: { status: 'ACTIVE' },
		});
		expect(models.find((m) => m.modelId === SONNET_4)?.inferenceTypesSupported).toEqual([
			'INFERENCE_PROFILE',
		]);
		expect(emulator.calls[0]).toMatchObject({ service: 'bedrock', action: 'ListFoundationModels' });
	});

	test('ListFoundationModels filters by provider, output modality and inference type', async () => {
		const client = bedrockClient(emulator);
		const anthropic = await client.send(
			new ListFoundationModelsCommand({ byProvider: 'anthropic' }),
		);
		expect(anthropic.modelSummaries?.every((m) => m.providerName === 'Anthropic')).toBe(true);
		expect(anthropic.modelSummaries?.length).toBeGreaterThanOrEqual(3);
		const embeddings = await client.send(
			new ListFoundationModelsCommand({ byOutputModality: 'EMBEDDING' }),
		);
		expect(embeddings.modelSummaries?.map((m) => m.modelId)).toEqual([
			'amazon.titan-embed-text-v2:0',
			'amazon.nova-2-multimodal-embeddings-v1:0',
			'cohere.embed-english-v3',
			'cohere.embed-v4:0',
		]);
		const onDemand = await client.send(
			new ListFoundationModelsCommand({ byInferenceType: 'ON_DEMAND' }),
		);
		expect(onDemand.modelSummaries?.some((m) => m.modelId === SONNET_4)).toBe(false);
		expect(emulator.calls[0].query).toEqual({ byProvider: 'anthropic' });
	});

	test('GetFoundationModel answers modelDetails or ResourceNotFoundException', async () => {
		const client = bedrockClient(emulator);
		const out = await client.send(new GetFoundationModelCommand({ modelIdentifier: HAIKU }));
		expect(out.modelDetails?.modelArn).toBe(`arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`);
		const err = await failure(
			client.send(new GetFoundationModelCommand({ modelIdentifier: 'x.y-v1:0' })),
		);
		expect(err.name).toBe('ResourceNotFoundException');
	});

	test('ListInferenceProfiles: system-defined profiles of the region, typed and paginated', async () => {
		const client = bedrockClient(emulator);
		const all = await client.send(new ListInferenceProfilesCommand({}));
		const profiles = all.inferenceProfileSummaries ?? [];
		const sonnet = profiles.find((p) => p.inferenceProfileId === `us.${SONNET_4}`);
		expect(sonnet).toMatchObject({
			inferenceProfileArn: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${SONNET_4}`,
			inferenceProfileName: 'US Anthropic Claude Sonnet 4',
			status: 'ACTIVE',
			type: 'SYSTEM_DEFINED',
			models: [
				{ modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${SONNET_4}` },
				{ modelArn: `arn:aws:bedrock:us-east-2::foundation-model/${SONNET_4}` },
				{ modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${SONNET_4}` },
			],
		});
		expect(sonnet?.createdAt).toBeInstanceOf(Date);
		expect(profiles.some((p) => p.inferenceProfileId?.startsWith('eu.'))).toBe(false);

		const app = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
		expect(app.inferenceProfileSummaries?.map((p) => p.type)).toEqual(['APPLICATION']);
		expect(emulator.calls.at(-1)?.query).toEqual({ type: 'APPLICATION' });

		const pages: number[] = [];
		for await (const page of paginateListInferenceProfiles({ client, pageSize: 3 }, {})) {
			pages.push(page.inferenceProfileSummaries?.length ?? 0);
		}
		expect(pages.reduce((a, b) => a + b, 0)).toBe(profiles.length);
		expect(pages[0]).toBe(3);
		expect(pages.length).toBe(Math.ceil(profiles.length / 3));

		const eu = await bedrockClient(emulator, { region: 'eu-central-1' }).send(
			new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }),
		);
		expect(
			eu.inferenceProfileSummaries?.every((p) => p.inferenceProfileId?.startsWith('eu.')),
		).toBe(true);
	});

	test('GetInferenceProfile by ID', async () => {
		const out = await bedrockClient(emulator).send(
			new GetInferenceProfileCommand({ inferenceProfileIdentifier: `us.${HAIKU}` }),
		);
		expect(out.inferenceProfileName).toBe('US Anthropic Claude 3.5 Haiku');
	});

	test('a deny rule answers AccessDeniedException naming caller, action and resource', async () => {
		emulator.config.deny.push({
			action: 'bedrock:ListInferenceProfiles',
			principalArn: DEFAULT_USER.arn,
		});
		const err = await failure(bedrockClient(emulator).send(new ListInferenceProfilesCommand({})));
		expect(err.name).toBe('AccessDeniedException');
		expect(err.$metadata.httpStatusCode).toBe(403);
		expect(err.message).toMatch(
			new RegExp(
				`^User: ${DEFAULT_USER.arn} is not authorized to perform: bedrock:ListInferenceProfiles on resource: arn:aws:bedrock:us-east-1:111122223333:inference-profile/\\*`,
			),
		);
		await expect(
			bedrockClient(emulator).send(new ListFoundationModelsCommand({})),
		).resolves.toBeDefined();
	});

	test('invalid filters are ValidationException', async () => {
		const err = await failure(
			bedrockClient(emulator).send(new ListInferenceProfilesCommand({ maxResults: 5000 })),
		);
		expect(err.name).toBe('ValidationException');
	});
});

describe('emulator: Bedrock Runtime Converse', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ modelAccessNotGranted: ['amazon.nova-pro-v1:0'] });
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset();
		emulator.config.deny.length = 0;
	});

	test('a signed Converse gets the deterministic echo with word-count usage', async () => {
		const out = await runtimeClient(emulator).send(
			hello(HAIKU, {
				system: [{ text: 'You are terse' }],
				inferenceConfig: { maxTokens: 100, temperature: 0.2 },
			}),
		);
		expect(out.output?.message).toEqual({
			role: 'assistant',
			content: [{ text: 'Echo: Hello there, model' }],
		});
		expect(out.stopReason).toBe('end_turn');
		expect(out.usage).toEqual({ inputTokens: 6, outputTokens: 4, totalTokens: 10 });
		expect(out.metrics?.latencyMs).toEqual(expect.any(Number));
		expect(out.$metadata.requestId).toBe(emulator.calls[0].requestId);
		expect(emulator.calls[0]).toMatchObject({
			service: 'bedrock-runtime',
			action: 'Converse',
			accessKeyId: DEFAULT_USER.accessKeyId,
			body: { messages: [{ role: 'user', content: [{ text: 'Hello there, model' }] }] },
		});
	});

	test('maxTokens and stop sequences cut the answer', async () => {
		const client = runtimeClient(emulator);
		const cut = await client.send(hello(HAIKU, { inferenceConfig: { maxTokens: 2 } }));
		expect(cut.output?.message?.content?.[0].text).toBe('Echo: Hello');
		expect(cut.stopReason).toBe('max_tokens');
		const stopped = await client.send(
			hello(HAIKU, { inferenceConfig: { stopSequences: ['there'] } }),
		);
		expect(stopped.output?.message?.content?.[0].text).toBe('Echo: Hello ');
		expect(stopped.stopReason).toBe('stop_sequence');
	});

	test('a wrong secret is InvalidSignatureException; an unknown key UnrecognizedClientException', async () => {
		const wrong = await failure(
			runtimeClient(emulator, {
				credentials: { accessKeyId: DEFAULT_USER.accessKeyId, secretAccessKey: 'wrong' },
			}).send(hello(HAIKU)),
		);
		expect(wrong.name).toBe('InvalidSignatureException');
		expect(wrong.$metadata.httpStatusCode).toBe(403);
		const unknown = await failure(
			runtimeClient(emulator, {
				credentials: { accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'x' },
			}).send(hello(HAIKU)),
		);
		expect(unknown.name).toBe('UnrecognizedClientException');
	});

	test('over HTTP/2 too, the SDK corrects clock skew from the Date header', async () => {
		emulator.setClock(() => new Date(Date.now() + 20 * 60 * 1000));
		try {
			await runtimeClient(emulator, { maxAttempts: 2 }).send(hello(HAIKU));
			expect(emulator.calls[0]).toMatchObject({
				errorCode: 'InvalidSignatureException',
				status: 403,
			});
			expect(emulator.calls[0].errorMessage).toMatch(/^Signature expired: /);
			expect(emulator.calls[1].status).toBe(200);
		} finally {
			emulator.setClock(undefined);
		}
	});

	test('a body changed after signing is InvalidSignatureException', async () => {
		const client = runtimeClient(emulator);
		tamperAfterSigning(client, 'Hello', 'Jello');
		const err = await failure(client.send(hello(HAIKU)));
		expect(err.name).toBe('InvalidSignatureException');
	});

	test('assumed-role credentials work; once expired they are ExpiredTokenException', async () => {
		const assumed = await stsClient(emulator).send(
			new AssumeRoleCommand({
				RoleArn: DEFAULT_ROLE_ARN,
				RoleSessionName: 'converse',
				ExternalId: DEFAULT_EXTERNAL_ID,
			}),
		);
		const client = runtimeClient(emulator, {
			credentials: {
				accessKeyId: assumed.Credentials!.AccessKeyId!,
				secretAccessKey: assumed.Credentials!.SecretAccessKey!,
				sessionToken: assumed.Credentials!.SessionToken!,
			},
		});
		await expect(client.send(hello(HAIKU))).resolves.toBeDefined();
		expect(emulator.calls.at(-1)).toMatchObject({
			accessKeyId: assumed.Credentials!.AccessKeyId,
			principalArn: 'arn:aws:sts::111122223333:assumed-role/BedrockInvoker/converse',
		});
		emulator.expireSessions();
		const err = await failure(client.send(hello(HAIKU)));
		expect(err.name).toBe('ExpiredTokenException');
		expect(err.message).toBe('The security token included in the request is expired');
	});

	test('inference profile IDs and ARNs (URL-encoded in the path) are accepted', async () => {
		const client = runtimeClient(emulator);
		await expect(client.send(hello(`us.${SONNET_4}`))).resolves.toBeDefined();
		await expect(
			client.send(hello(`arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${SONNET_4}`)),
		).resolves.toBeDefined();
		await expect(
			client.send(hello(`arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`)),
		).resolves.toBeDefined();
		await expect(
			client.send(
				hello('arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/n8ntest0nova'),
			),
		).resolves.toBeDefined();
		expect(emulator.calls[1].path).toContain('%3A'); // sent encoded, verified as sent
	});

	test('a profile-only model called by its plain ID needs an inference profile', async () => {
		const err = await failure(runtimeClient(emulator).send(hello(SONNET_4)));
		expect(err.name).toBe('ValidationException');
		expect(err.message).toBe(
			`Invocation of model ID ${SONNET_4} with on-demand throughput isn’t supported. ` +
				'Retry your request with the ID or ARN of an inference profile that contains this model.',
		);
	});

	test('unknown models: invalid identifier, or not found for an ARN', async () => {
		const client = runtimeClient(emulator);
		const invalid = await failure(client.send(hello('acme.nothing-v1:0')));
		expect(invalid.name).toBe('ValidationException');
		expect(invalid.message).toBe('The provided model identifier is invalid.');
		const notFound = await failure(
			client.send(hello('arn:aws:bedrock:us-east-1::foundation-model/acme.nothing-v1:0')),
		);
		expect(notFound.name).toBe('ResourceNotFoundException');
		expect(notFound.$metadata.httpStatusCode).toBe(404);
		const otherGeo = await failure(client.send(hello(`eu.${SONNET_4}`)));
		expect(otherGeo.name).toBe('ValidationException');
	});

	test('model access not granted, and a deny on bedrock:InvokeModel, are AccessDeniedException', async () => {
		const client = runtimeClient(emulator);
		const noAccess = await failure(client.send(hello('us.amazon.nova-pro-v1:0')));
		expect(noAccess.name).toBe('AccessDeniedException');
		expect(noAccess.message).toBe(
			"You don't have access to the model with the specified model ID.",
		);
		emulator.config.deny.push({ action: 'bedrock:InvokeModel' });
		const denied = await failure(client.send(hello(HAIKU)));
		expect(denied.message).toMatch(
			`User: ${DEFAULT_USER.arn} is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`,
		);
	});

	test('an embedding model is not a chat model', async () => {
		const err = await failure(runtimeClient(emulator).send(hello('amazon.titan-embed-text-v2:0')));
		expect(err.name).toBe('ValidationException');
		expect(err.message).toMatch(/^This action doesn't support the model that you provided/);
	});

	test.each([
		[
			'roles must alternate',
			{
				messages: [
					{ role: 'user', content: [{ text: 'a' }] },
					{ role: 'user', content: [{ text: 'b' }] },
				],
			},
			/^A conversation must alternate between user and assistant roles/,
		],
		[
			'the first message must be the user',
			{ messages: [{ role: 'assistant', content: [{ text: 'a' }] }] },
			/^A conversation must start with a user message/,
		],
		['messages must not be empty', { messages: [] }, /at 'messages' failed to satisfy constraint/],
		[
			'content must not be empty',
			{ messages: [{ role: 'user', content: [] }] },
			/^The content field in the Message object at messages\.0 is empty/,
		],
		[
			'text must not be blank',
			{ messages: [{ role: 'user', content: [{ text: '  ' }] }] },
			/^The text field in the ContentBlock object at messages\.0\.content\.0 is blank/,
		],
		[
			'temperature is 0..1',
			{
				messages: [{ role: 'user', content: [{ text: 'a' }] }],
				inferenceConfig: { temperature: 1.5 },
			},
			/'inferenceConfig\.temperature' failed to satisfy constraint: Member must have value less than or equal to 1/,
		],
		[
			'maxTokens is at least 1',
			{ messages: [{ role: 'user', content: [{ text: 'a' }] }], inferenceConfig: { maxTokens: 0 } },
			/'inferenceConfig\.maxTokens'/,
		],
		[
			'image formats are known',
			{
				messages: [
					{
						role: 'user',
						content: [{ image: { format: 'bmp', source: { bytes: new Uint8Array([1]) } } }],
					},
				],
			},
			/image\.format' failed to satisfy constraint: Member must satisfy enum value set/,
		],
	])('Converse validation: %s', async (_name, input, message) => {
		const err = await failure(
			runtimeClient(emulator).send(
				new ConverseCommand({ modelId: HAIKU, ...(input as object) } as ConverseCommandInput),
			),
		);
		expect(err.name).toBe('ValidationException');
		expect(err.$metadata.httpStatusCode).toBe(400);
		expect(err.message).toMatch(message);
	});

	test('unknown content block types are refused (raw request)', async () => {
		const err = await failure(
			runtimeClient(emulator).send(
				new ConverseCommand({
					modelId: HAIKU,
					messages: [{ role: 'user', content: [{ $unknown: ['hologram', {}] } as never] }],
				}),
			),
		);
		expect(err.name).toBe('ValidationException');
		expect(err.message).toContain("unsupported type 'hologram'");
	});
});
