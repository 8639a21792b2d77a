import { AUTH_TIMEOUTS } from '../../nodes/shared/auth/providers';
import { CredentialResolver } from '../../nodes/shared/auth/resolver';
import { toConnectionConfig } from '../../nodes/shared/auth/connection';
import { DEFAULT_USER } from '../emulator';
import { assumeRoleData, rolesAnywhereData } from '../helpers/credentials';
import { RecordingLogger } from '../helpers/nodeContext';
import { useEmulator } from '../helpers/useEmulator';
import { knownSecrets, runToOutput, secretForms, within } from './harness';

/** Short enough for a test, and far below the credential's 300 s Bedrock read timeout. */
const TEST_AUTH_TIMEOUTS = {
	connectionTimeoutMs: 1000,
	attemptTimeoutMs: 500,
	maxAttempts: 2,
	totalTimeoutMs: 5000,
};

describe('authentication has its own timeouts and honours cancellation', () => {
	const aws = useEmulator();

	it.each([
		[
			'AssumeRole',
			() =>
				toConnectionConfig(
					'bedrockAssumeRoleApi',
					assumeRoleData(aws.emulator, { readTimeout: 300000 }),
				),
		],
		[
			'CreateSession',
			() =>
				toConnectionConfig(
					'bedrockRolesAnywhereApi',
					rolesAnywhereData(aws.emulator, { readTimeout: 300000 }),
				),
		],
	])(
		'a hanging %s fails within the auth timeout, not the Bedrock read timeout',
		async (action, connection) => {
			aws.emulator.injectFault({ action, kind: 'delay', delayMs: 60_000, times: Infinity });
			const resolver = new CredentialResolver({ authTimeouts: TEST_AUTH_TIMEOUTS });
			const start = Date.now();
			const error = await within(
				4000,
				resolver.resolve(connection()).then(
					() => undefined,
					(e: unknown) => e,
				),
			);
			expect(error).toMatchObject({ stage: 'authentication' });
			expect((error as { code: string }).code).toMatch(/^(TimeoutError|ETIMEDOUT)$/);
			expect(Date.now() - start).toBeLessThan(
				TEST_AUTH_TIMEOUTS.maxAttempts * TEST_AUTH_TIMEOUTS.attemptTimeoutMs + 1500,
			);
			expect(aws.emulator.count(action)).toBe(TEST_AUTH_TIMEOUTS.maxAttempts);
		},
	);

	it('a whole fetch is bounded by the total auth time limit', async () => {
		aws.emulator.injectFault({
			action: 'AssumeRole',
			kind: 'delay',
			delayMs: 60_000,
			times: Infinity,
		});
		const resolver = new CredentialResolver({
			authTimeouts: { ...TEST_AUTH_TIMEOUTS, attemptTimeoutMs: 60_000, totalTimeoutMs: 800 },
		});
		const connection = toConnectionConfig(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, { readTimeout: 300000 }),
		);
		const error = await within(
			3000,
			resolver.resolve(connection).then(
				() => undefined,
				(e: unknown) => e,
			),
		);
		expect(error).toMatchObject({ code: 'TimeoutError', operation: 'AssumeRole' });
		expect((error as Error).message).toContain('0.8 s');
	});

	it('through a node, with the default auth limits and a 300 s Read Timeout: a hanging STS fails the execution within 25 s', async () => {
		aws.emulator.injectFault({
			action: 'AssumeRole',
			kind: 'delay',
			delayMs: 120_000,
			times: Infinity,
		});
		const start = Date.now();
		const out = await within(
			AUTH_TIMEOUTS.totalTimeoutMs + 5000,
			runToOutput(aws.emulator, {
				credential: 'assumeRole',
				items: 2,
				data: { readTimeout: 300000 },
			}),
		);
		const elapsed = Date.now() - start;
		expect(elapsed).toBeLessThan(AUTH_TIMEOUTS.totalTimeoutMs + 2000);
		expect(out).toHaveLength(2);
		for (const item of out) expect(String(item.json.code)).toMatch(/^(TimeoutError|ETIMEDOUT)$/);
		// One shared fetch for both items; it gave up by the limit, not by the 300 s Read Timeout.
		expect(aws.emulator.count('AssumeRole')).toBeLessThanOrEqual(AUTH_TIMEOUTS.maxAttempts);
	}, 40_000);

	it('a cancelled execution stops waiting for a hanging STS; every item says so', async () => {
		aws.emulator.injectFault({
			action: 'AssumeRole',
			kind: 'delay',
			delayMs: 60_000,
			times: Infinity,
		});
		const cancel = new AbortController();
		setTimeout(() => cancel.abort(), 300);
		const start = Date.now();
		const out = await within(
			3000,
			runToOutput(aws.emulator, {
				credential: 'assumeRole',
				items: 3,
				cancelSignal: cancel.signal,
			}),
		);
		expect(Date.now() - start).toBeLessThan(2000);
		expect(out).toHaveLength(3);
		for (const item of out) expect(String(item.json.error)).toMatch(/cancel/i);
	});
});

describe('STS expirations on the server clock', () => {
	const aws = useEmulator();
	afterEach(() => aws.emulator.setClock(undefined));

	it('a host clock 14.5 minutes ahead neither calls STS on every use nor misjudges the expiry', async () => {
		const skewMs = 14.5 * 60_000;
		aws.emulator.setClock(() => new Date(Date.now() - skewMs));
		const connection = toConnectionConfig(
			'bedrockAssumeRoleApi',
			assumeRoleData(aws.emulator, { sessionDuration: 900 }),
		);
		const resolver = new CredentialResolver();
		const first = await resolver.resolve(connection);
		for (let i = 0; i < 3; i++) expect(await resolver.resolve(connection)).toBe(first);
		expect(aws.emulator.issuedSessions).toHaveLength(1);
		// 15 minutes of life, on the local clock.
		const left = first.expiration!.getTime() - Date.now();
		expect(left).toBeGreaterThan(14 * 60_000);
		expect(left).toBeLessThanOrEqual(15 * 60_000 + 2000);
	});
});

describe('errors are redacted by value, and log lines hold no secret', () => {
	const aws = useEmulator();

	it('an AWS message that quotes the secret key (plain, base64, URL-encoded) never reaches the output', async () => {
		const secret = DEFAULT_USER.secretAccessKey;
		aws.emulator.injectFault({
			action: 'Converse',
			kind: 'error',
			status: 400,
			code: 'ValidationException',
			message: `echo ${secret} / ${Buffer.from(secret).toString('base64')} / ${encodeURIComponent(secret)}`,
			times: Infinity,
		});
		const out = await runToOutput(aws.emulator, { credential: 'accessKeys', items: 2 });
		const text = JSON.stringify(out);
		expect(text).toContain('ValidationException');
		for (const form of secretForms(secret)) expect(text).not.toContain(form);

		const thrown = await runToOutput(aws.emulator, {
			credential: 'accessKeys',
			items: 1,
			continueOnFail: false,
		}).then(
			() => undefined,
			(e: unknown) => e as Error & { description?: string },
		);
		expect(thrown).toBeDefined();
		for (const form of secretForms(secret)) {
			expect(thrown!.message).not.toContain(form);
			expect(String(thrown!.description)).not.toContain(form);
		}
	});

	it.each(['assumeRole', 'rolesAnywhere'] as const)(
		'%s: the resolver logs its source and cache use through n8n logger, without a secret',
		async (credential) => {
			const logger = new RecordingLogger();
			await runToOutput(aws.emulator, { credential, items: 3, logger });
			const text = logger.text();
			expect(text).toContain(credential);
			expect(text).toMatch(/Bedrock credentials: fetch/);
			for (const secret of knownSecrets(aws.emulator)) {
				for (const form of secretForms(secret)) expect(text).not.toContain(form);
			}
		},
	);
});
