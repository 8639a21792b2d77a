import { AuthError } from '../auth/errors';
import { toConnectionConfig } from '../auth/connection';
import { clearClients, getClient, MAX_ATTEMPTS_LIMIT } from './index';

/** Values a workflow sets are part of the client cache key: they are checked and bounded first. */
describe('client cache keys from workflow values', () => {
	const connection = toConnectionConfig('bedrockAccessKeysApi', {
		accessKeyId: 'AKIAEXAMPLEUSER00001',
		secretAccessKey: 'test-secret-EXAMPLE',
		region: 'us-east-1',
	});
	beforeEach(() => clearClients());

	const attemptsOf = async (maxAttempts: unknown) => {
		const client = await getClient('bedrockRuntime', connection, {
			maxAttempts: maxAttempts as number,
		});
		return await (client.config.maxAttempts as () => Promise<number>)();
	};

	it.each([
		[1, 1],
		[10, 10],
		[0, 1],
		[-5, 1],
		[2.7, 2],
		[11, MAX_ATTEMPTS_LIMIT],
		[1e9, MAX_ATTEMPTS_LIMIT],
		[Number.NaN, 3],
		['4', 4],
	])('Max Attempts %p is used as %p', async (given, used) => {
		expect(await attemptsOf(given)).toBe(used);
	});

	it('shares one client between Max Attempts values that clamp to the same number', async () => {
		const a = await getClient('bedrockRuntime', connection, { maxAttempts: 50 });
		const b = await getClient('bedrockRuntime', connection, { maxAttempts: 5000 });
		expect(b).toBe(a);
	});

	it.each([
		['x', 'is not a region code'],
		['us-east-1.attacker.example', 'is not a region code'],
		['US-EAST-1', 'is not a region code'],
		['cn-north-1', 'partition aws-cn'],
		['us-gov-west-1', 'partition aws-us-gov'],
	])('refuses the region %p before building a client', async (region, message) => {
		const error = await getClient('bedrockRuntime', connection, { region }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(AuthError);
		expect(error).toMatchObject({ stage: 'validation', code: 'InvalidRegion' });
		expect((error as Error).message).toContain(message);
	});

	it('quotes at most 64 characters of a refused region', async () => {
		const error = (await getClient('bedrockRuntime', connection, {
			region: `us-${'a'.repeat(10_000)}`,
		}).catch((e: unknown) => e)) as Error;
		expect(error.message.length).toBeLessThan(300);
	});
});
