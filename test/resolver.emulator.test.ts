import { credentialResolver } from '../nodes/shared/auth/resolver';
import { toConnectionConfig } from '../nodes/shared/auth/connection';
import { startEmulator, type Emulator } from './emulator';
import { assumeRoleData, rolesAnywhereData } from './helpers/credentials';

/** The shared resolver against the emulator's real STS and Roles Anywhere. */
describe('credential resolver through the emulator', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(async () => await emulator.stop());
	beforeEach(() => {
		emulator.reset();
		credentialResolver.clear();
	});

	it.each([
		['AssumeRole', () => toConnectionConfig('bedrockAssumeRoleApi', assumeRoleData(emulator))],
		[
			'CreateSession',
			() => toConnectionConfig('bedrockRolesAnywhereApi', rolesAnywhereData(emulator)),
		],
	])('50 concurrent callers -> one %s call, one session', async (action, connection) => {
		const results = await Promise.all(
			Array.from({ length: 50 }, () => credentialResolver.providerFor(connection())()),
		);
		expect(emulator.count(action)).toBe(1);
		expect(new Set(results.map((r) => r.accessKeyId)).size).toBe(1);
		expect(emulator.issuedSessions.map((s) => s.accessKeyId)).toContain(results[0].accessKeyId);
	});

	it('two credentials with the same role ARN get two sessions', async () => {
		const a = await credentialResolver.providerFor(
			toConnectionConfig(
				'bedrockAssumeRoleApi',
				assumeRoleData(emulator, { roleSessionName: 'first' }),
			),
		)();
		const b = await credentialResolver.providerFor(
			toConnectionConfig(
				'bedrockAssumeRoleApi',
				assumeRoleData(emulator, { roleSessionName: 'second' }),
			),
		)();
		expect(a.accessKeyId).not.toBe(b.accessKeyId);
		expect(emulator.count('AssumeRole')).toBe(2);
	});

	it('a failed fetch is not cached: the next call asks STS again and succeeds', async () => {
		emulator.injectFault({ action: 'AssumeRole', kind: 'status503', times: 10 });
		const connection = toConnectionConfig('bedrockAssumeRoleApi', assumeRoleData(emulator));
		await expect(credentialResolver.resolve(connection)).rejects.toMatchObject({
			stage: 'authentication',
		});
		const failedCalls = emulator.count('AssumeRole');
		emulator.reset();
		await expect(credentialResolver.resolve(connection)).resolves.toMatchObject({
			accessKeyId: expect.stringMatching(/^ASIA/),
		});
		expect(emulator.count('AssumeRole')).toBe(1);
		expect(failedCalls).toBeGreaterThan(0);
	});

	it('credentials issued with under 60 s of life are fetched again on the next use', async () => {
		emulator.setSessionLifetime(30);
		try {
			const connection = toConnectionConfig('bedrockRolesAnywhereApi', rolesAnywhereData(emulator));
			const first = await credentialResolver.providerFor(connection)();
			const second = await credentialResolver.providerFor(connection)();
			expect(second.accessKeyId).not.toBe(first.accessKeyId);
			expect(emulator.count('CreateSession')).toBe(2);
		} finally {
			emulator.setSessionLifetime(undefined);
		}
	});
});
