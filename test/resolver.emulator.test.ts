import { credentialResolver } from '../nodes/shared/auth/resolver';
import { toConnectionConfig } from '../nodes/shared/auth/connection';
import { assumeRoleData, rolesAnywhereData } from './helpers/credentials';
import { useEmulator } from './helpers/useEmulator';

/** The shared resolver against the emulator's real STS and Roles Anywhere. */
describe('credential resolver through the emulator', () => {
	const aws = useEmulator();

	it.each([
		['AssumeRole', () => toConnectionConfig('bedrockAssumeRoleApi', assumeRoleData(aws.emulator))],
		[
			'CreateSession',
			() => toConnectionConfig('bedrockRolesAnywhereApi', rolesAnywhereData(aws.emulator)),
		],
	])('50 concurrent callers -> one %s call, one session', async (action, connection) => {
		const results = await Promise.all(
			Array.from({ length: 50 }, () => credentialResolver.providerFor(connection())()),
		);
		expect(aws.emulator.count(action)).toBe(1);
		expect(new Set(results.map((r) => r.accessKeyId)).size).toBe(1);
		expect(aws.emulator.issuedSessions.map((s) => s.accessKeyId)).toContain(results[0].accessKeyId);
	});

	it('two credentials with the same role ARN get two sessions', async () => {
		const a = await credentialResolver.providerFor(
			toConnectionConfig(
				'bedrockAssumeRoleApi',
				assumeRoleData(aws.emulator, { roleSessionName: 'first' }),
			),
		)();
		const b = await credentialResolver.providerFor(
			toConnectionConfig(
				'bedrockAssumeRoleApi',
				assumeRoleData(aws.emulator, { roleSessionName: 'second' }),
			),
		)();
		expect(a.accessKeyId).not.toBe(b.accessKeyId);
		expect(aws.emulator.count('AssumeRole')).toBe(2);
	});

	it('a failed fetch is not cached: the next call asks STS again and succeeds', async () => {
		aws.emulator.injectFault({ action: 'AssumeRole', kind: 'status503', times: 10 });
		const connection = toConnectionConfig('bedrockAssumeRoleApi', assumeRoleData(aws.emulator));
		await expect(credentialResolver.resolve(connection)).rejects.toMatchObject({
			stage: 'authentication',
		});
		const failedCalls = aws.emulator.count('AssumeRole');
		aws.emulator.reset();
		await expect(credentialResolver.resolve(connection)).resolves.toMatchObject({
			accessKeyId: expect.stringMatching(/^ASIA/),
		});
		expect(aws.emulator.count('AssumeRole')).toBe(1);
		expect(failedCalls).toBeGreaterThan(0);
	});

	it('credentials issued with under 60 s of life are fetched again on the next use', async () => {
		aws.emulator.setSessionLifetime(30);
		try {
			const connection = toConnectionConfig(
				'bedrockRolesAnywhereApi',
				rolesAnywhereData(aws.emulator),
			);
			const first = await credentialResolver.providerFor(connection)();
			const second = await credentialResolver.providerFor(connection)();
			expect(second.accessKeyId).not.toBe(first.accessKeyId);
			expect(aws.emulator.count('CreateSession')).toBe(2);
		} finally {
			aws.emulator.setSessionLifetime(undefined);
		}
	});
});
