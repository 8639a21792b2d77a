import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';

import { meteredStream } from '../converse/meteredStream';
import { AdaptiveLimiter, type LimiterClock } from './limiter';

/** A clock the test moves by hand; nothing here waits on it. */
function handClock(): LimiterClock & { t: number } {
	const clock = {
		t: 0,
		now: () => clock.t,
		sleep: async () => undefined,
	};
	return clock;
}

async function* events(tokens?: number): AsyncGenerator<ConverseStreamOutput> {
	yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hi' } } };
	yield { messageStop: { stopReason: 'end_turn' } };
	if (tokens !== undefined)
		yield {
			metadata: {
				usage: { inputTokens: 1, outputTokens: 1, totalTokens: tokens },
				metrics: undefined,
			},
		};
}

describe('usage a stream returns at its end', () => {
	it('meteredStream passes every event on and settles the total once the stream ends', async () => {
		const metered = meteredStream(events(120));
		let settled: number | undefined | 'pending' = 'pending';
		void metered.tokens.then((t) => (settled = t));
		const seen = [];
		for await (const event of metered.stream) seen.push(event);
		expect(seen).toHaveLength(3);
		expect(await metered.tokens).toBe(120);
		expect(settled).toBe(120);
	});

	it('a stream without usage, or left early, settles undefined', async () => {
		const none = meteredStream(events());
		for await (const _ of none.stream) void _;
		expect(await none.tokens).toBeUndefined();
		const early = meteredStream(events(50));
		await early.stream[Symbol.asyncIterator]().next();
		await early.stream[Symbol.asyncIterator]().return?.(undefined);
		expect(await early.tokens).toBeUndefined();
	});

	it("paces by tokens from streams' usage: a token throttle sets the token rate from it", async () => {
		const clock = handClock();
		const limiter = new AdaptiveLimiter({ clock, random: () => 0.5, sampleSize: 4 });
		// Three streams of 1,000 tokens, 1 s apart; their usage comes after their heads.
		for (let i = 0; i < 3; i++) {
			const permit = await limiter.acquire({ estimatedTokens: 1000 });
			let end!: (tokens: number) => void;
			permit.succeeded(new Promise<number | undefined>((resolve) => (end = resolve)));
			clock.t += 1000;
			end(1000);
			await Promise.resolve();
		}
		const throttled = await limiter.acquire({ estimatedTokens: 1000 });
		throttled.throttled('tokens');
		// 2 intervals of 1 s between the 3 samples: 1,000 tokens a second.
		expect(limiter.state().tokensPerSecond).toBeCloseTo(1000, 0);
	});

	it('without the streams ever saying, a token throttle falls back to the request pace', async () => {
		const clock = handClock();
		const limiter = new AdaptiveLimiter({ clock, random: () => 0.5, sampleSize: 4 });
		for (let i = 0; i < 3; i++) {
			const permit = await limiter.acquire({ estimatedTokens: 1000 });
			permit.succeeded(Promise.resolve(undefined));
			clock.t += 1000;
			await Promise.resolve();
		}
		const throttled = await limiter.acquire({ estimatedTokens: 1000 });
		throttled.throttled('tokens');
		expect(limiter.state().tokensPerSecond).toBeUndefined();
		expect(limiter.state().requestsPerSecond).toBeCloseTo(1, 3);
	});
});
