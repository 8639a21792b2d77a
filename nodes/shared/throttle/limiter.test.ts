import { AdaptiveLimiter, DeadlineError, type LimiterClock, type Permit } from './limiter';
import { clearLimiters, limiterCount, limiterFor } from './registry';
import { isThrottlingError } from '../clients/retryStrategy';
import { sendWithinQuota } from './withinQuota';

/** A clock that moves only when the test says so; timers fire in time order. */
class FakeClock implements LimiterClock {
	private t = 0;
	private timers: Array<{ at: number; resolve: () => void }> = [];

	now = () => this.t;

	sleep = (ms: number, signal?: AbortSignal) =>
		new Promise<void>((resolve) => {
			const timer = { at: this.t + ms, resolve };
			this.timers.push(timer);
			signal?.addEventListener('abort', () => {
				this.timers = this.timers.filter((t) => t !== timer);
				resolve();
			});
		});

	/** Moves time forward, firing due timers one by one and letting their callers run. */
	async advance(ms: number): Promise<void> {
		const target = this.t + ms;
		for (;;) {
			await flush();
			const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			this.timers = this.timers.filter((t) => t !== due);
			this.t = Math.max(this.t, due.at);
			due.resolve();
		}
		this.t = target;
		await flush();
	}
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A throttling answer as the SDK throws it. */
const throttle = () =>
	Object.assign(new Error('Too many requests, please wait before trying again.'), {
		name: 'ThrottlingException',
		$fault: 'client',
		$metadata: { httpStatusCode: 429 },
	});

function setup(random = () => 0.5) {
	const clock = new FakeClock();
	const limiter = new AdaptiveLimiter({ clock, random, sampleSize: 8 });
	return { clock, limiter };
}

/** Starts `acquire` and records when it resolves. */
function pending(limiter: AdaptiveLimiter, clock: FakeClock, request = {}) {
	const result: { permit?: Permit; at?: number; error?: unknown } = {};
	limiter.acquire(request).then(
		(permit) => {
			result.permit = permit;
			result.at = clock.now();
		},
		(error) => (result.error = error),
	);
	return result;
}

/** Acquires, moving the clock 1 ms at a time until the permit comes. */
async function acquireAt(limiter: AdaptiveLimiter, clock: FakeClock, request = {}) {
	const p = pending(limiter, clock, request);
	await flush();
	for (let waited = 0; !p.permit && !p.error; waited++) {
		if (waited > 100_000) throw new Error('no permit within 100 s of fake time');
		await clock.advance(1);
	}
	return { permit: p.permit!, at: p.at! };
}

/** Successes `gapMs` apart, each through its own permit. */
async function succeedEvery(
	limiter: AdaptiveLimiter,
	clock: FakeClock,
	count: number,
	gapMs: number,
	tokens?: number,
) {
	for (let i = 0; i < count; i++) {
		const { permit } = await acquireAt(limiter, clock);
		await clock.advance(gapMs);
		permit.succeeded(tokens);
	}
}

describe('AdaptiveLimiter', () => {
	it('lets every request start at once while nothing was throttled', async () => {
		const { limiter } = setup();
		const permits = await Promise.all(Array.from({ length: 50 }, () => limiter.acquire()));
		expect(limiter.state()).toMatchObject({ limit: Infinity, inFlight: 50, throttles: 0 });
		expect(limiter.state().requestsPerSecond).toBeUndefined();
		permits.forEach((p) => p.succeeded());
		expect(limiter.state().inFlight).toBe(0);
	});

	it('halves the requests in flight on a throttle, once per round trip', async () => {
		const { limiter } = setup();
		const permits = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
		permits[0].throttled();
		expect(limiter.state().limit).toBe(4);
		// Sent before that decrease: no second one.
		permits[1].throttled();
		permits[2].throttled();
		expect(limiter.state()).toMatchObject({ limit: 4, throttles: 3, inFlight: 5 });
	});

	it('holds new requests while the lowered limit is reached, and raises it additively', async () => {
		const { clock, limiter } = setup();
		const permits = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));
		permits[0].throttled(); // limit 2, three in flight
		await clock.advance(1000); // past the backoff
		const waiting = pending(limiter, clock);
		await clock.advance(10);
		expect(waiting.permit).toBeUndefined();
		permits[1].succeeded(); // 2 in flight, limit 2.5
		await clock.advance(0);
		expect(waiting.permit).toBeUndefined();
		expect(limiter.state().limit).toBe(2.5);
		permits[2].succeeded(); // 1 in flight
		await clock.advance(0);
		expect(waiting.permit).toBeDefined();
		expect(limiter.state().limit).toBeCloseTo(2.9, 5);
	});

	it('paces starts at the success rate measured when throttled, after a jittered backoff', async () => {
		const { clock, limiter } = setup(() => 0); // jitter factor 0.5
		await succeedEvery(limiter, clock, 8, 10); // 100 per second
		const p = await limiter.acquire();
		p.throttled();
		expect(limiter.state().requestsPerSecond).toBeCloseTo(100, 5);
		const throttledAt = clock.now();
		const starts: number[] = [];
		for (let i = 0; i < 3; i++) {
			const { permit, at } = await acquireAt(limiter, clock);
			starts.push(at - throttledAt);
			permit.succeeded();
		}
		// Backoff: one interval (10 ms) x 0.5; then one start per interval, the pace rising by
		// 1/16 with each success (50 % per window of 8).
		expect(starts[0]).toBeCloseTo(5, 0);
		expect(starts[1]).toBeCloseTo(15, 0);
		expect(starts[2]).toBeCloseTo(15 + 10 / 1.0625, 0);
	});

	it('doubles the backoff for throttles in a row, with jitter between 0.5x and 1.5x', async () => {
		for (const [random, factor] of [
			[0, 0.5],
			[0.999, 1.499],
		] as const) {
			const { clock, limiter } = setup(() => random);
			await succeedEvery(limiter, clock, 8, 10);
			const waits: number[] = [];
			for (let i = 0; i < 3; i++) {
				const { permit } = await acquireAt(limiter, clock);
				await clock.advance(100); // an answer after the pacing interval
				permit.throttled();
				const before = clock.now();
				const next = await acquireAt(limiter, clock);
				waits.push(next.at - before);
				next.permit.released();
			}
			expect(waits[0]).toBeCloseTo(10 * factor, 0);
			expect(waits[1]).toBeCloseTo(20 * factor, 0);
			expect(waits[2]).toBeCloseTo(40 * factor, 0);
		}
	});

	it('raises the pace a little with each success, so it finds a raised quota', async () => {
		const { clock, limiter } = setup();
		await succeedEvery(limiter, clock, 8, 10);
		(await limiter.acquire()).throttled();
		const before = limiter.state().requestsPerSecond!;
		await clock.advance(100);
		await succeedEvery(limiter, clock, 16, 1);
		expect(limiter.state().requestsPerSecond!).toBeGreaterThan(before * 1.2);
	});

	it('counts tokens: a request estimated at many tokens waits in proportion', async () => {
		const { clock, limiter } = setup(() => 0);
		// 1,000 tokens every 10 ms: 100,000 tokens per second.
		for (let i = 0; i < 8; i++) {
			const { permit } = await acquireAt(limiter, clock, { estimatedTokens: 1000 });
			await clock.advance(10);
			permit.succeeded(1000);
		}
		(await limiter.acquire({ estimatedTokens: 1000 })).throttled('tokens');
		expect(limiter.state().tokensPerSecond).toBeCloseTo(100_000, 0);
		// The token quota ran out, not the request quota: requests are not paced.
		expect(limiter.state().requestsPerSecond).toBeUndefined();
		await clock.advance(100);
		// 5,000 tokens each: after two starts that make up for idle time, one per 50 ms.
		const starts: number[] = [];
		for (let i = 0; i < 5; i++) {
			const { permit, at } = await acquireAt(limiter, clock, { estimatedTokens: 5000 });
			starts.push(at);
			permit.released();
		}
		expect(starts[3] - starts[2]).toBeCloseTo(50, 0);
		expect(starts[4] - starts[3]).toBeCloseTo(50, 0);
		// A small request after them waits only its own share.
		const last = starts[4];
		const small = await acquireAt(limiter, clock, { estimatedTokens: 10 });
		expect(small.at - last).toBeCloseTo(50, 0); // the big one's 50 ms, then
		small.permit.released();
		const next = await acquireAt(limiter, clock, { estimatedTokens: 10 });
		expect(next.at - small.at).toBeLessThan(1);
	});

	it('learns how the estimate relates to the tokens the answers report', async () => {
		const { clock, limiter } = setup(() => 0);
		for (let i = 0; i < 8; i++) {
			const { permit } = await acquireAt(limiter, clock, { estimatedTokens: 100 });
			await clock.advance(10);
			permit.succeeded(1000); // 10x the estimate
		}
		(await limiter.acquire({ estimatedTokens: 100 })).throttled('tokens');
		await clock.advance(100);
		const starts: number[] = [];
		for (let i = 0; i < 5; i++) {
			const { permit, at } = await acquireAt(limiter, clock, { estimatedTokens: 100 });
			starts.push(at);
			permit.released();
		}
		// 100 estimated ~ 830 learned tokens at 100,000 per second: ~8 ms apart, not 1 ms.
		expect(starts[4] - starts[3]).toBeGreaterThan(7);
	});

	it('gives up with DeadlineError when the next start is after the deadline', async () => {
		const { clock, limiter } = setup();
		await succeedEvery(limiter, clock, 8, 100); // 10 per second
		(await limiter.acquire()).throttled();
		await expect(limiter.acquire({ deadline: clock.now() + 10 })).rejects.toBeInstanceOf(
			DeadlineError,
		);
	});

	it('stops waiting when the execution is cancelled', async () => {
		const { clock, limiter } = setup();
		await succeedEvery(limiter, clock, 8, 100);
		(await limiter.acquire()).throttled();
		const cancel = new AbortController();
		const waiting = pending(limiter, clock, { signal: cancel.signal });
		await clock.advance(1);
		cancel.abort(new Error('cancelled'));
		await clock.advance(0);
		expect(waiting.error).toEqual(new Error('cancelled'));
	});

	it('forgets what it learned after a minute idle', async () => {
		const { clock, limiter } = setup();
		await succeedEvery(limiter, clock, 8, 10);
		(await limiter.acquire()).throttled();
		expect(limiter.state().limit).toBe(1);
		await clock.advance(60_000);
		await Promise.all([limiter.acquire(), limiter.acquire()]);
		expect(limiter.state()).toMatchObject({ limit: Infinity, inFlight: 2 });
		expect(limiter.state().requestsPerSecond).toBeUndefined();
	});
});

describe('sendWithinQuota', () => {
	it('sends a throttled request again until it gets an answer', async () => {
		const { clock, limiter } = setup();
		let calls = 0;
		const result = sendWithinQuota(
			{ limiter, deadline: Infinity },
			{ tokensUsed: (r: { tokens: number }) => r.tokens },
			async () => {
				calls++;
				if (calls < 3) throw throttle();
				return { tokens: 7 };
			},
		);
		await clock.advance(5000);
		await expect(result).resolves.toEqual({ tokens: 7 });
		expect(calls).toBe(3);
		expect(limiter.state()).toMatchObject({ inFlight: 0, throttles: 2 });
	});

	it('throws an error that is not throttling at once, releasing its place', async () => {
		const { limiter } = setup();
		const denied = Object.assign(new Error('denied'), {
			name: 'AccessDeniedException',
			$fault: 'client',
		});
		let calls = 0;
		await expect(
			sendWithinQuota({ limiter, deadline: Infinity }, {}, async () => {
				calls++;
				throw denied;
			}),
		).rejects.toBe(denied);
		expect(calls).toBe(1);
		expect(limiter.state()).toMatchObject({ inFlight: 0, throttles: 0, limit: Infinity });
	});

	it('throws the last ThrottlingException once the budget is used up', async () => {
		const { clock, limiter } = setup();
		let calls = 0;
		const last = throttle();
		const result = sendWithinQuota({ limiter, deadline: 1000 }, {}, async () => {
			calls++;
			throw calls < 100 ? throttle() : last;
		}).catch((error) => error);
		await clock.advance(2000);
		const error = await result;
		expect(isThrottlingError(error)).toBe(true);
		expect(calls).toBeGreaterThan(3);
		expect(clock.now()).toBeGreaterThanOrEqual(1000);
	});

	it('tells throttling from other errors by the AWS code', () => {
		expect(isThrottlingError(throttle())).toBe(true);
		expect(isThrottlingError(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe(
			false,
		); // not an AWS answer
		expect(
			isThrottlingError(
				Object.assign(new Error('x'), { name: 'ModelNotReadyException', $fault: 'c' }),
			),
		).toBe(false);
	});
});

describe('limiter registry', () => {
	afterEach(() => clearLimiters());

	it('shares one limiter per credential, region and model', () => {
		const key = { credentialKey: 'hash-a', region: 'us-east-1', target: 'amazon.nova-lite-v1:0' };
		expect(limiterFor(key)).toBe(limiterFor({ ...key }));
		expect(limiterFor(key)).not.toBe(limiterFor({ ...key, credentialKey: 'hash-b' }));
		expect(limiterFor(key)).not.toBe(limiterFor({ ...key, region: 'us-west-2' }));
		expect(limiterFor(key)).not.toBe(limiterFor({ ...key, target: 'agent/ABCDEFGHIJ' }));
	});

	it('holds at most 500 limiters, dropping the least recently used', () => {
		clearLimiters();
		const first = limiterFor({ credentialKey: 'k0', region: 'r', target: 'm' });
		for (let i = 1; i <= 600; i++) limiterFor({ credentialKey: `k${i}`, region: 'r', target: 'm' });
		expect(limiterCount()).toBe(500);
		expect(limiterFor({ credentialKey: 'k0', region: 'r', target: 'm' })).not.toBe(first);
	});
});
