/**
 * @jest-environment ./test/hardening/singleRealmEnvironment.js
 */
import { toConnectionConfig } from '../../nodes/shared/auth/connection';
import { getClient } from '../../nodes/shared/clients';
import { accessKeysData } from '../helpers/credentials';
import { useEmulator } from '../helpers/useEmulator';
import { runToOutput, within } from './harness';

/**
 * Two people share one n8n process. Tenant A streams a long answer; meanwhile tenant B makes the
 * shared client cache hold more clients than it may (distinct credentials, regions, Max
 * Attempts). A's request must finish whole: no client with a request in flight is destroyed.
 */
describe('two tenants in one process', () => {
	const aws = useEmulator();

	/** Tenant A: one streamed Converse answer of 60 events, 80 ms apart (about 5 s). */
	function tenantA() {
		aws.emulator.config.streamDelayMs = 80;
		const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
		const run = runToOutput(aws.emulator, {
			credential: 'assumeRole',
			items: 1,
			streaming: true,
			parameters: { prompt: words },
		});
		return { run, expected: `Echo: ${words}` };
	}

	/** Waits until the emulator has begun streaming A's answer. */
	async function streamStarted(): Promise<void> {
		for (let i = 0; i < 200 && aws.emulator.count('ConverseStream') === 0; i++) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(aws.emulator.count('ConverseStream')).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}

	it("A's long ConverseStream survives B creating 1,000 distinct clients", async () => {
		const a = tenantA();
		let aEnded = Infinity;
		void a.run.finally(() => (aEnded = Date.now()));
		await streamStarted();
		// Tenant B: 1,000 credentials of its own (each a distinct cache key), one client each.
		for (let i = 0; i < 1000; i++) {
			const connection = toConnectionConfig(
				'bedrockAccessKeysApi',
				accessKeysData(aws.emulator, { sessionToken: `tenant-b-${i}` }),
			);
			await getClient('bedrockRuntime', connection);
		}
		const bEnded = Date.now();
		const [item] = await within(15_000, a.run);
		expect(item.json.error).toBeUndefined();
		expect(item.json.text).toBe(a.expected);
		// B's churn (more than the cache's 500 clients: A's was evicted) ended while A streamed.
		expect(bEnded).toBeLessThan(aEnded);
	});

	it('one credential varying Max Attempts and region evicts only its own clients', async () => {
		const other = toConnectionConfig(
			'bedrockAccessKeysApi',
			accessKeysData(aws.emulator, { sessionToken: 'tenant-a' }),
		);
		const kept = await getClient('bedrockRuntime', other);
		const mine = toConnectionConfig('bedrockAccessKeysApi', accessKeysData(aws.emulator));
		// Every region code of the right shape, and any Max Attempts an expression can produce.
		const letters = (n: number) =>
			String.fromCharCode(97 + (n % 26), 97 + (Math.floor(n / 26) % 26), 97 + Math.floor(n / 676));
		for (let i = 0; i < 1000; i++) {
			await getClient('bedrockRuntime', mine, {
				maxAttempts: i + 1,
				region: `us-${letters(i)}-1`,
				retryThrottling: i % 2 === 0,
			});
		}
		expect(await getClient('bedrockRuntime', other)).toBe(kept);
	});
});
