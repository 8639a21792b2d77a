import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

import { runtimeClient } from './clients';
import { startEmulator, type Emulator } from './index';
import { QuotaBook } from './quotas';

describe('emulator quotas: token buckets', () => {
	let t = 0;
	const book = new QuotaBook(() => t);
	const throttled = (fn: () => void) => {
		try {
			fn();
			return false;
		} catch (error) {
			expect(error).toMatchObject({ status: 429, code: 'ThrottlingException' });
			return true;
		}
	};

	beforeEach(() => (t = 0));

	it('refuses requests past the per-minute rate and refills continuously', () => {
		book.set([{ requestsPerMinute: 120 }]); // 2 per second, bucket of 2
		expect(throttled(() => book.admit('m', 'us-east-1', 0))).toBe(false);
		expect(throttled(() => book.admit('m', 'us-east-1', 0))).toBe(false);
		expect(throttled(() => book.admit('m', 'us-east-1', 0))).toBe(true);
		t = 499;
		expect(throttled(() => book.admit('m', 'us-east-1', 0))).toBe(true);
		t = 500;
		expect(throttled(() => book.admit('m', 'us-east-1', 0))).toBe(false);
	});

	it('keeps one bucket per model and region', () => {
		book.set([{ requestsPerMinute: 60 }]);
		book.admit('a', 'us-east-1', 0);
		expect(throttled(() => book.admit('a', 'us-east-1', 0))).toBe(true);
		expect(throttled(() => book.admit('b', 'us-east-1', 0))).toBe(false);
		expect(throttled(() => book.admit('a', 'us-west-2', 0))).toBe(false);
	});

	it('counts tokens, and says which quota ran out', () => {
		book.set([{ target: 'm', tokensPerMinute: 6000 }]); // 100 per second
		book.admit('m', 'r', 80);
		expect(() => book.admit('m', 'r', 30)).toThrow('Too many tokens');
		t = 100; // 10 tokens back
		expect(throttled(() => book.admit('m', 'r', 30))).toBe(false);
		expect(throttled(() => book.admit('other', 'r', 1_000_000))).toBe(false); // no quota
	});

	it('runs quota time faster with a time scale', () => {
		book.set([{ requestsPerMinute: 60, timeScale: 60 }]); // 60 per real second
		book.admit('m', 'r', 0);
		expect(throttled(() => book.admit('m', 'r', 0))).toBe(true);
		t = 1000 / 60;
		expect(throttled(() => book.admit('m', 'r', 0))).toBe(false);
	});

	it('admits a request larger than the bucket only into a full bucket', () => {
		book.set([{ tokensPerMinute: 600 }]); // bucket of 10 tokens
		book.admit('m', 'r', 50);
		expect(throttled(() => book.admit('m', 'r', 50))).toBe(true);
		t = 60_000;
		expect(throttled(() => book.admit('m', 'r', 50))).toBe(false);
	});
});

describe('emulator quotas over the wire', () => {
	let emulator: Emulator;
	beforeAll(async () => (emulator = await startEmulator()));
	afterAll(async () => await emulator.stop());
	afterEach(() => emulator.setQuotas([]));

	it('answers ThrottlingException with HTTP 429, as Bedrock does, and records it', async () => {
		emulator.setQuotas([{ target: 'amazon.nova-lite-v1:0', requestsPerMinute: 1 }]);
		const client = runtimeClient(emulator);
		const input = {
			modelId: 'amazon.nova-lite-v1:0',
			messages: [{ role: 'user' as const, content: [{ text: 'hi' }] }],
		};
		await client.send(new ConverseCommand(input));
		const error = await client.send(new ConverseCommand(input)).catch((e) => e);
		expect(error).toMatchObject({
			name: 'ThrottlingException',
			message: 'Too many requests, please wait before trying again.',
			$metadata: { httpStatusCode: 429 },
		});
		expect(emulator.calls.at(-1)).toMatchObject({ status: 429, errorCode: 'ThrottlingException' });
		// Another model has its own quota (none here).
		await client.send(new ConverseCommand({ ...input, modelId: 'amazon.nova-pro-v1:0' }));
		client.destroy();
	});
});
