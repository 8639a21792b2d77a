import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

import { failure, stsClient, tamperAfterSigning } from './clients';
import {
	DEFAULT_EXTERNAL_ID,
	DEFAULT_ROLE_ARN,
	DEFAULT_USER,
	startEmulator,
	type Emulator,
} from './index';

describe('emulator: STS and SigV4', () => {
	let emulator: Emulator;

	beforeAll(async () => {
		emulator = await startEmulator({
			roles: [
				{
					arn: DEFAULT_ROLE_ARN,
					externalId: DEFAULT_EXTERNAL_ID,
					maxSessionDuration: 43200,
					trustedPrincipals: [DEFAULT_USER.arn],
				},
				{
					arn: 'arn:aws:iam::111122223333:role/Chained',
					maxSessionDuration: 7200,
					trustedPrincipals: [DEFAULT_ROLE_ARN],
				},
				{ arn: 'arn:aws:iam::111122223333:role/Nobody', trustedPrincipals: [] },
			],
		});
	});
	afterAll(() => emulator.stop());
	beforeEach(() => {
		emulator.reset();
		emulator.setClock(undefined);
		emulator.setSessionLifetime(undefined);
	});

	const assume = (input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) =>
		stsClient(emulator).send(
			new AssumeRoleCommand({
				RoleArn: DEFAULT_ROLE_ARN,
				RoleSessionName: 'n8n-test',
				ExternalId: DEFAULT_EXTERNAL_ID,
				...input,
			}),
		);

	test('GetCallerIdentity signed with the user key answers who signed', async () => {
		const out = await stsClient(emulator).send(new GetCallerIdentityCommand({}));
		expect(out.Arn).toBe(DEFAULT_USER.arn);
		expect(out.Account).toBe('111122223333');
		expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
		expect(out.$metadata.httpStatusCode).toBe(200);
		expect(out.$metadata.requestId).toBe(emulator.calls[0].requestId);
		expect(emulator.calls[0]).toMatchObject({
			service: 'sts',
			action: 'GetCallerIdentity',
			accessKeyId: DEFAULT_USER.accessKeyId,
			principalArn: DEFAULT_USER.arn,
			status: 200,
		});
	});

	test('a wrong secret fails with SignatureDoesNotMatch', async () => {
		const client = stsClient(emulator, {
			credentials: { accessKeyId: DEFAULT_USER.accessKeyId, secretAccessKey: 'not-the-secret' },
		});
		const err = await failure(client.send(new GetCallerIdentityCommand({})));
		expect(err.name).toBe('SignatureDoesNotMatch');
		expect(err.message).toMatch(/^The request signature we calculated does not match/);
		expect(err.$metadata.httpStatusCode).toBe(403);
		expect(err.$metadata.requestId).toBeDefined();
	});

	test('an unknown access key fails with InvalidClientTokenId', async () => {
		const client = stsClient(emulator, {
			credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
		});
		const err = await failure(client.send(new GetCallerIdentityCommand({})));
		expect(err.name).toBe('InvalidClientTokenId');
		expect(err.message).toBe('The security token included in the request is invalid.');
	});

	test('a body changed after signing fails with SignatureDoesNotMatch', async () => {
		const client = stsClient(emulator);
		tamperAfterSigning(client, 'RoleSessionName=n8n-test', 'RoleSessionName=n8n-tesX');
		const err = await failure(
			client.send(
				new AssumeRoleCommand({
					RoleArn: DEFAULT_ROLE_ARN,
					RoleSessionName: 'n8n-test',
					ExternalId: DEFAULT_EXTERNAL_ID,
				}),
			),
		);
		expect(err.name).toBe('SignatureDoesNotMatch');
		expect(emulator.calls[0].reason).toBe('signature does not match');
	});

	test('a credential scoped to another service is refused', async () => {
		const client = stsClient(emulator);
		client.middlewareStack.add(
			(next) => async (args) => {
				const request = args.request as { headers: Record<string, string> };
				request.headers.authorization = request.headers.authorization.replace('/sts/', '/iam/');
				return next(args);
			},
			{ step: 'deserialize', name: 'rescope', priority: 'high' },
		);
		const err = await failure(client.send(new GetCallerIdentityCommand({})));
		expect(err.name).toBe('SignatureDoesNotMatch');
		expect(err.message).toBe("Credential should be scoped to correct service: 'sts'. ");
	});

	test('AssumeRole returns credentials and the assumed-role user', async () => {
		const before = Date.now();
		const out = await assume({ DurationSeconds: 7200 });
		expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
		expect(out.Credentials?.SecretAccessKey).toBeTruthy();
		expect(out.Credentials?.SessionToken).toBeTruthy();
		const lifetime = out.Credentials!.Expiration!.getTime() - before;
		expect(lifetime).toBeGreaterThan(7190_000);
		expect(lifetime).toBeLessThanOrEqual(7201_000);
		expect(out.AssumedRoleUser?.Arn).toBe(
			'arn:aws:sts::111122223333:assumed-role/BedrockInvoker/n8n-test',
		);
		expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:n8n-test$/);
		expect(emulator.count('AssumeRole')).toBe(1);
		expect(emulator.issuedSessions.at(-1)).toMatchObject({
			source: 'AssumeRole',
			accessKeyId: out.Credentials?.AccessKeyId,
			issuedTo: DEFAULT_USER.arn,
		});
		expect(emulator.calls[0].body).toMatchObject({
			Action: 'AssumeRole',
			RoleArn: DEFAULT_ROLE_ARN,
			ExternalId: DEFAULT_EXTERNAL_ID,
		});
	});

	test('a wrong or missing External ID is AccessDenied naming caller and role', async () => {
		const wrong = await failure(assume({ ExternalId: 'ext-wrong' }));
		expect(wrong.name).toBe('AccessDenied');
		expect(wrong.message).toBe(
			`User: ${DEFAULT_USER.arn} is not authorized to perform: sts:AssumeRole on resource: ${DEFAULT_ROLE_ARN}`,
		);
		expect(wrong.$metadata.httpStatusCode).toBe(403);
		const missing = await failure(assume({ ExternalId: undefined }));
		expect(missing.name).toBe('AccessDenied');
		expect(emulator.calls.map((c) => c.reason)).toEqual([
			'External ID does not match',
			'External ID missing',
		]);
	});

	test('a role that does not trust the caller, or does not exist, is AccessDenied', async () => {
		const untrusted = await failure(assume({ RoleArn: 'arn:aws:iam::111122223333:role/Nobody' }));
		expect(untrusted.name).toBe('AccessDenied');
		const unknown = await failure(assume({ RoleArn: 'arn:aws:iam::111122223333:role/Missing' }));
		expect(unknown.name).toBe('AccessDenied');
	});

	test('durations out of range are ValidationError in AWS words', async () => {
		const tooLong = await failure(
			assume({ RoleArn: 'arn:aws:iam::111122223333:role/Chained', DurationSeconds: 3600 }),
		);
		expect(tooLong.name).toBe('AccessDenied'); // the user is not trusted by Chained
		const overMax = await failure(assume({ DurationSeconds: 43200 + 1 }));
		expect(overMax.name).toBe('ValidationError');
		expect(overMax.message).toBe(
			"1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
		);
		const short = await failure(assume({ DurationSeconds: 600 }));
		expect(short.message).toContain('Member must have value greater than or equal to 900');
	});

	test('a duration over the role maximum is refused with the MaxSessionDuration message', async () => {
		const e = await startEmulator({
			roles: [{ arn: DEFAULT_ROLE_ARN, maxSessionDuration: 3600, trustedPrincipals: '*' }],
		});
		try {
			const err = await failure(
				stsClient(e).send(
					new AssumeRoleCommand({
						RoleArn: DEFAULT_ROLE_ARN,
						RoleSessionName: 's1',
						DurationSeconds: 7200,
					}),
				),
			);
			expect(err.name).toBe('ValidationError');
			expect(err.message).toBe(
				'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
			);
			expect(err.$metadata.httpStatusCode).toBe(400);
		} finally {
			await e.stop();
		}
	});

	test('session names are checked: 2-64 of [\\w+=,.@-]', async () => {
		const short = await failure(assume({ RoleSessionName: 'x' }));
		expect(short.name).toBe('ValidationError');
		expect(short.message).toContain('Member must have length greater than or equal to 2');
		const bad = await failure(assume({ RoleSessionName: 'has space' }));
		expect(bad.message).toContain('Member must satisfy regular expression pattern: [\\w+=,.@-]*');
		const long = await failure(assume({ RoleSessionName: 'a'.repeat(65) }));
		expect(long.message).toContain('less than or equal to 64');
		await expect(assume({ RoleSessionName: 'ok+=,.@-_name' })).resolves.toBeDefined();
	});

	test('assumed credentials sign GetCallerIdentity and further AssumeRole (chaining)', async () => {
		const out = await assume();
		const credentials = {
			accessKeyId: out.Credentials!.AccessKeyId!,
			secretAccessKey: out.Credentials!.SecretAccessKey!,
			sessionToken: out.Credentials!.SessionToken!,
		};
		const session = stsClient(emulator, { credentials });
		const who = await session.send(new GetCallerIdentityCommand({}));
		expect(who.Arn).toBe(out.AssumedRoleUser?.Arn);
		expect(who.UserId).toBe(out.AssumedRoleUser?.AssumedRoleId);
		expect(emulator.calls.at(-1)?.accessKeyId).toBe(credentials.accessKeyId);

		const overChainLimit = await failure(
			session.send(
				new AssumeRoleCommand({
					RoleArn: 'arn:aws:iam::111122223333:role/Chained',
					RoleSessionName: 'hop',
					DurationSeconds: 7200,
				}),
			),
		);
		expect(overChainLimit.message).toBe(
			'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
		);
		const hop = await session.send(
			new AssumeRoleCommand({
				RoleArn: 'arn:aws:iam::111122223333:role/Chained',
				RoleSessionName: 'hop',
			}),
		);
		expect(hop.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111122223333:assumed-role/Chained/hop');
	});

	test('a temporary key without its token, or with another token, is refused', async () => {
		const out = await assume();
		const noToken = stsClient(emulator, {
			credentials: {
				accessKeyId: out.Credentials!.AccessKeyId!,
				secretAccessKey: out.Credentials!.SecretAccessKey!,
			},
		});
		expect((await failure(noToken.send(new GetCallerIdentityCommand({})))).name).toBe(
			'InvalidClientTokenId',
		);
		const otherToken = stsClient(emulator, {
			credentials: {
				accessKeyId: out.Credentials!.AccessKeyId!,
				secretAccessKey: out.Credentials!.SecretAccessKey!,
				sessionToken: 'bogus',
			},
		});
		expect((await failure(otherToken.send(new GetCallerIdentityCommand({})))).name).toBe(
			'InvalidClientTokenId',
		);
	});

	test('a session one emulator issued is valid on a later one given its sessions, not on another', async () => {
		const out = await assume();
		const credentials = {
			accessKeyId: out.Credentials!.AccessKeyId!,
			secretAccessKey: out.Credentials!.SecretAccessKey!,
			sessionToken: out.Credentials!.SessionToken!,
		};
		const later = await startEmulator({ sessions: [...emulator.issuedSessions] });
		const forgetful = await startEmulator();
		try {
			const who = await stsClient(later, { credentials }).send(new GetCallerIdentityCommand({}));
			expect(who.Arn).toBe(out.AssumedRoleUser?.Arn);
			const refused = await failure(
				stsClient(forgetful, { credentials }).send(new GetCallerIdentityCommand({})),
			);
			expect(refused.name).toBe('InvalidClientTokenId');
		} finally {
			await later.stop();
			await forgetful.stop();
		}
	});

	test('an expired session token is ExpiredToken', async () => {
		const out = await assume();
		emulator.expireSessions([out.Credentials!.AccessKeyId!]);
		const session = stsClient(emulator, {
			credentials: {
				accessKeyId: out.Credentials!.AccessKeyId!,
				secretAccessKey: out.Credentials!.SecretAccessKey!,
				sessionToken: out.Credentials!.SessionToken!,
			},
		});
		const err = await failure(session.send(new GetCallerIdentityCommand({})));
		expect(err.name).toBe('ExpiredToken');
		expect(err.message).toBe('The security token included in the request is expired');
		expect(err.$metadata.httpStatusCode).toBe(400);
	});

	test('sessionLifetimeSeconds overrides the requested duration', async () => {
		emulator.setSessionLifetime(5);
		const out = await assume({ DurationSeconds: 3600 });
		const lifetime = out.Credentials!.Expiration!.getTime() - Date.now();
		expect(lifetime).toBeLessThanOrEqual(5000);
		expect(lifetime).toBeGreaterThan(2000);
	});

	test('server clock skew: the SDK reads Date, corrects itself and succeeds on retry', async () => {
		const skewMs = 20 * 60 * 1000;
		emulator.setClock(() => new Date(Date.now() + skewMs));
		const out = await stsClient(emulator, { maxAttempts: 2 }).send(
			new GetCallerIdentityCommand({}),
		);
		expect(out.Arn).toBe(DEFAULT_USER.arn);
		expect(emulator.calls).toHaveLength(2);
		expect(emulator.calls[0].errorCode).toBe('SignatureDoesNotMatch');
		expect(emulator.calls[0].errorMessage).toMatch(
			/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
		);
		expect(emulator.calls[1].status).toBe(200);
	});

	test('server clock behind: "Signature not yet current" when the SDK may not retry', async () => {
		emulator.setClock(() => new Date(Date.now() - 20 * 60 * 1000));
		const err = await failure(stsClient(emulator).send(new GetCallerIdentityCommand({})));
		expect(err.name).toBe('SignatureDoesNotMatch');
		expect(err.message).toMatch(/^Signature not yet current: /);
	});
});
