import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

import { bedrockClient, failure, runtimeClient, stsClient } from './clients';
import { DEFAULT_EXTERNAL_ID, DEFAULT_ROLE_ARN, startEmulator, type Emulator } from './index';

const converse = () =>
	new ConverseCommand({
		modelId: 'amazon.nova-lite-v1:0',
		messages: [{ role: 'user', content: [{ text: 'hi' }] }],
	});
const assumeRole = () =>
	new AssumeRoleCommand({
		RoleArn: DEFAULT_ROLE_ARN,
		RoleSessionName: 'faults',
		ExternalId: DEFAULT_EXTERNAL_ID,
	});

describe('emulator: injected faults', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator();
	});
	afterAll(() => emulator.stop());
	beforeEach(() => emulator.reset());

	test('throttle: ThrottlingException 429 for Bedrock; the SDK retries and succeeds', async () => {
		emulator.injectFault({ action: 'Converse', kind: 'throttle' });
		const out = await runtimeClient(emulator, { maxAttempts: 3 }).send(converse());
		expect(out.output?.message?.content?.[0].text).toBe('Echo: hi');
		expect(emulator.count('Converse')).toBe(2);
		expect(emulator.calls[0]).toMatchObject({
			fault: 'throttle',
			status: 429,
			errorCode: 'ThrottlingException',
		});

		emulator.injectFault({ action: 'ListFoundationModels', kind: 'throttle' });
		const err = await failure(bedrockClient(emulator).send(new ListFoundationModelsCommand({})));
		expect(err.name).toBe('ThrottlingException');
		expect(err.$metadata.httpStatusCode).toBe(429);
	});

	test('throttle: STS answers Throttling with 400 in XML', async () => {
		emulator.injectFault({ action: 'AssumeRole', kind: 'throttle' });
		const err = await failure(stsClient(emulator).send(assumeRole()));
		expect(err.name).toBe('Throttling');
		expect(err.message).toBe('Rate exceeded');
		expect(err.$metadata.httpStatusCode).toBe(400);
	});

	test('status500 and status503 in each protocol', async () => {
		emulator.injectFault({ action: 'GetCallerIdentity', kind: 'status500' });
		const sts = await failure(stsClient(emulator).send(new GetCallerIdentityCommand({})));
		expect(sts.name).toBe('InternalFailure');
		expect(sts.$metadata.httpStatusCode).toBe(500);
		emulator.injectFault({ action: 'Converse', kind: 'status503' });
		const runtime = await failure(runtimeClient(emulator).send(converse()));
		expect(runtime.name).toBe('ServiceUnavailableException');
		expect(runtime.$metadata.httpStatusCode).toBe(503);
	});

	test('times and the "*" action: the next N calls of any action', async () => {
		emulator.injectFault({ action: '*', kind: 'status500', times: 2 });
		await failure(stsClient(emulator).send(new GetCallerIdentityCommand({})));
		await failure(runtimeClient(emulator).send(converse()));
		await expect(stsClient(emulator).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
		expect(emulator.calls.map((c) => c.fault)).toEqual(['status500', 'status500', undefined]);
	});

	test('a fault for another action does not fire', async () => {
		emulator.injectFault({ action: 'CreateSession', kind: 'drop' });
		await expect(stsClient(emulator).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
	});

	test('drop: the connection closes without an answer (HTTP/1.1 and HTTP/2); retries recover', async () => {
		emulator.injectFault({ action: 'AssumeRole', kind: 'drop' });
		const h1 = await failure(stsClient(emulator).send(assumeRole()));
		expect(h1.$metadata?.httpStatusCode).toBeUndefined();
		emulator.injectFault({ action: 'Converse', kind: 'drop' });
		const h2 = await failure(runtimeClient(emulator).send(converse()));
		expect(h2.$metadata?.httpStatusCode).toBeUndefined();
		emulator.injectFault({ action: 'AssumeRole', kind: 'drop' });
		await expect(stsClient(emulator, { maxAttempts: 2 }).send(assumeRole())).resolves.toBeDefined();
		expect(emulator.calls.filter((c) => c.action === 'AssumeRole').map((c) => c.fault)).toEqual([
			'drop',
			'drop',
			undefined,
		]);
	});

	test('reset: part of an answer, then the connection is destroyed', async () => {
		emulator.injectFault({ action: 'GetCallerIdentity', kind: 'reset' });
		await failure(stsClient(emulator).send(new GetCallerIdentityCommand({})));
		emulator.injectFault({ action: 'Converse', kind: 'reset' });
		await failure(runtimeClient(emulator).send(converse()));
		await expect(runtimeClient(emulator).send(converse())).resolves.toBeDefined();
	});

	test('malformed: a 200 whose body does not parse', async () => {
		emulator.injectFault({ action: 'AssumeRole', kind: 'malformed' });
		const sts = await failure(stsClient(emulator).send(assumeRole()));
		expect(sts.$response?.statusCode ?? sts.$metadata?.httpStatusCode).toBe(200);
		emulator.injectFault({ action: 'Converse', kind: 'malformed' });
		await failure(runtimeClient(emulator).send(converse()));
	});

	test('delay: the answer comes late; a client that gives up gets nothing', async () => {
		emulator.injectFault({ action: 'GetCallerIdentity', kind: 'delay', delayMs: 300 });
		const started = Date.now();
		await stsClient(emulator).send(new GetCallerIdentityCommand({}));
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);

		emulator.injectFault({ action: 'GetCallerIdentity', kind: 'delay', delayMs: 5000 });
		const timedOut = await failure(
			stsClient(emulator, { requestTimeoutMs: 200 }).send(new GetCallerIdentityCommand({})),
		);
		expect(timedOut.name).toBe('TimeoutError');
		const call = emulator.calls.at(-1)!;
		expect(call.fault).toBe('delay');
		expect(call.status).toBeUndefined(); // never answered
	});

	test('reset() clears pending faults and the call log', async () => {
		emulator.injectFault({ kind: 'status500', times: Infinity });
		await failure(stsClient(emulator).send(new GetCallerIdentityCommand({})));
		emulator.reset();
		expect(emulator.calls).toHaveLength(0);
		await expect(stsClient(emulator).send(new GetCallerIdentityCommand({}))).resolves.toBeDefined();
	});
});
