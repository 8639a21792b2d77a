/**
 * An adaptive limiter for one Bedrock quota: requests and tokens per minute of one model (or
 * agent) in one region, for one credential. AWS does not say how much is left, only
 * `ThrottlingException` when nothing is, so the limiter learns the quota from what gets through:
 *
 * - Concurrency, additive increase / multiplicative decrease: a throttle halves the number of
 *   requests allowed in flight (once per round trip), each success adds 1/limit. The limit never
 *   drops below what the pace needs (pace x answer time, Little's law), so with slow answers
 *   the concurrency does not starve a quota the pace could use.
 * - Pacing: on a throttle the rate of successes measured over the last ones (requests per
 *   second, and tokens per second from the answers' usage) becomes the pace at which requests
 *   start; each success raises it a little, so it probes for more and follows a raised quota.
 *   The pace is what lets a batch finish at the speed the quota allows with few throttles.
 * - Backoff with jitter: after a throttle nothing starts for about one paced interval, doubled
 *   for each further throttle in a row (capped), times a random factor in [0.5, 1.5).
 *
 * Everything is measured from the answers, so the same code fits 300 requests per minute and a
 * time-scaled test quota. Time and randomness are injected for tests.
 */

/** The clock the limiter waits on; tests pass a fake one. */
export interface LimiterClock {
	/** Milliseconds, monotonic. */
	now(): number;
	/** Resolves after `ms` milliseconds, or early when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Options of {@link AdaptiveLimiter}; every field has a default. */
export interface AdaptiveLimiterOptions {
	/** Time source and timer. Absent: `performance.now()` and `setTimeout`. */
	clock?: LimiterClock;
	/** Random number in [0, 1) for the jitter. Absent: `Math.random`. */
	random?: () => number;
	/** Longest wait after throttles in a row, in milliseconds. Absent: 20,000. */
	maxBackoffMs?: number;
	/** Wait after a throttle while no rate is known yet, in milliseconds. Absent: 100. */
	baseBackoffMs?: number;
	/** Successes the measured rate is computed from. Absent: 32. */
	sampleSize?: number;
	/** Idle time after which the limiter forgets what it learned, in milliseconds. Absent: 60,000. */
	forgetAfterMs?: number;
}

/** Which per-minute quota a throttle was about. */
export type ThrottledQuota = 'requests' | 'tokens';

/** The right to send one request; report how it ended exactly once. */
export interface Permit {
	/**
	 * The request got an answer; `tokens` is what it used (input + output), when known. A stream
	 * says it at its end: pass the promise of its count, and the count joins the measured token
	 * rate when it comes (undefined: the stream ended without one).
	 */
	succeeded(tokens?: number | Promise<number | undefined>): void;
	/**
	 * AWS answered `ThrottlingException`; `quota` says which one ran out when the answer said
	 * (Bedrock: "Too many tokens" or "Too many requests"). Absent: requests.
	 */
	throttled(quota?: ThrottledQuota): void;
	/** Any other end (an error that is not throttling, a cancelled request). */
	released(): void;
}

/** What a limiter has learned, for tests and reports. */
export interface LimiterState {
	/** Requests allowed in flight; `Infinity` until the first throttle. */
	limit: number;
	inFlight: number;
	/** Paced start rate in requests per second; undefined until the first throttle. */
	requestsPerSecond?: number;
	/** Paced token rate in tokens per second; undefined until a throttle with token counts. */
	tokensPerSecond?: number;
	throttles: number;
}

/** `performance.now()` and `setTimeout`. */
export const systemClock: LimiterClock = {
	now: () => performance.now(),
	sleep: (ms, signal) =>
		new Promise((resolve) => {
			if (signal?.aborted) return resolve();
			const timer = setTimeout(done, Math.max(0, ms));
			function done() {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				resolve();
			}
			signal?.addEventListener('abort', done, { once: true });
		}),
};

/** Above this many requests in flight the limit is lifted again. */
const MAX_LIMIT = 1000;
/** Paced starts that may follow at once to make up for late ones. */
const CATCH_UP = 2;
/** Pace growth per window of successes (`sampleSize` of them): about 50 %, compounded. */
const PROBE = 0.5;

interface Sample {
	at: number;
	tokens?: number;
	/** A stream still being read: its token count comes at its end. */
	pending?: boolean;
}

/** Thrown by `acquire` when the next start would come after the deadline. */
export class DeadlineError extends Error {
	constructor() {
		super('The throttling budget ran out while waiting for the quota');
		this.name = 'DeadlineError';
	}
}

/**
 * One quota's limiter, shared by every execution that sends to it in this process.
 *
 * @example
 * ```ts
 * const permit = await limiter.acquire({ estimatedTokens: 800, deadline, signal });
 * try {
 * 	const answer = await client.send(command);
 * 	permit.succeeded(answer.usage?.totalTokens);
 * } catch (error) {
 * 	isThrottlingError(error) ? permit.throttled() : permit.released();
 * }
 * ```
 * @public
 */
export class AdaptiveLimiter {
	private readonly clock: LimiterClock;
	private readonly random: () => number;
	private readonly maxBackoffMs: number;
	private readonly baseBackoffMs: number;
	private readonly sampleSize: number;
	private readonly forgetAfterMs: number;

	private limit = Infinity;
	private inFlight = 0;
	/** Requests per millisecond, once paced. */
	private requestRate?: number;
	/** Tokens per millisecond, once paced. */
	private tokenRate?: number;
	/** Actual tokens / estimated tokens, learned from answers. */
	private tokenScale = 1;
	private nextStart = -Infinity;
	private lastDecrease = -Infinity;
	private streak = 0;
	private throttles = 0;
	private lastActivity = -Infinity;
	/** Answer time of successful requests, moving average, in milliseconds. */
	private latency?: number;
	private samples: Sample[] = [];
	private firstStart?: number;
	private waiters: Array<() => void> = [];

	constructor(options: AdaptiveLimiterOptions = {}) {
		this.clock = options.clock ?? systemClock;
		this.random = options.random ?? Math.random;
		this.maxBackoffMs = options.maxBackoffMs ?? 20_000;
		this.baseBackoffMs = options.baseBackoffMs ?? 100;
		this.sampleSize = Math.max(2, options.sampleSize ?? 32);
		this.forgetAfterMs = options.forgetAfterMs ?? 60_000;
	}

	/**
	 * Waits until one more request may start, then returns its permit.
	 *
	 * @param request.estimatedTokens - Tokens the request is expected to use; paces by tokens too.
	 * @param request.deadline - `clock.now()` value after which to give up with {@link DeadlineError}.
	 * @param request.signal - Cancels the wait (rejects with the signal's reason).
	 */
	async acquire(
		request: { estimatedTokens?: number; deadline?: number; signal?: AbortSignal } = {},
	): Promise<Permit> {
		const { signal, deadline = Infinity } = request;
		const estimate = Math.max(0, request.estimatedTokens ?? 0);
		for (;;) {
			if (signal?.aborted) throw signal.reason ?? new Error('Aborted');
			const now = this.clock.now();
			this.forgetWhenIdle(now);
			const free = this.inFlight < Math.floor(this.limit);
			if (free && now >= this.nextStart) return this.start(now, estimate);
			// Free: wait for the paced start. Full: for a request to end (or the deadline).
			const until = free ? this.nextStart : deadline;
			if (until > deadline || now >= deadline) throw new DeadlineError();
			await this.waitForChange(until - now, signal);
		}
	}

	/** What the limiter has learned so far. */
	state(): LimiterState {
		return {
			limit: this.limit,
			inFlight: this.inFlight,
			requestsPerSecond: this.requestRate && this.requestRate * 1000,
			tokensPerSecond: this.tokenRate && this.tokenRate * 1000,
			throttles: this.throttles,
		};
	}

	private start(now: number, estimate: number): Permit {
		if (this.firstStart === undefined) this.firstStart = now;
		this.inFlight++;
		this.lastActivity = now;
		const tokens = estimate * this.tokenScale;
		const gap = Math.max(
			this.requestRate ? 1 / this.requestRate : 0,
			this.tokenRate && tokens > 0 ? tokens / this.tokenRate : 0,
		);
		// A start that came late (a busy event loop, a late timer) may be made up for by the next
		// two, so lateness does not pile up into a slower pace.
		this.nextStart = Math.max(this.nextStart, now - CATCH_UP * gap) + gap;
		const startedAt = now;
		let open = true;
		const end = (outcome: () => void) => {
			if (!open) return;
			open = false;
			this.inFlight--;
			this.lastActivity = this.clock.now();
			outcome();
			this.wake();
		};
		return {
			succeeded: (used) => end(() => this.onSuccess(estimate, used, startedAt)),
			throttled: (quota = 'requests') => end(() => this.onThrottle(startedAt, quota)),
			released: () => end(() => undefined),
		};
	}

	private onSuccess(
		estimate: number,
		used: number | Promise<number | undefined> | undefined,
		startedAt: number,
	): void {
		const now = this.clock.now();
		const took = now - startedAt;
		this.latency = this.latency === undefined ? took : this.latency * 0.9 + took * 0.1;
		const sample: Sample = { at: now };
		const learn = (tokens: number | undefined) => {
			sample.tokens = tokens;
			if (tokens !== undefined && tokens > 0 && estimate > 0) {
				this.tokenScale = this.tokenScale * 0.8 + (tokens / estimate) * 0.2;
			}
		};
		if (used instanceof Promise) {
			sample.pending = true;
			used.then(learn, () => undefined).finally(() => (sample.pending = false));
		} else learn(used);
		this.samples.push(sample);
		if (this.samples.length > this.sampleSize) this.samples.shift();
		this.streak = 0;
		if (Number.isFinite(this.limit)) {
			this.limit += 1 / this.limit;
			if (this.limit > MAX_LIMIT) this.limit = Infinity;
		}
		const growth = 1 + PROBE / this.sampleSize;
		if (this.requestRate) this.requestRate *= growth;
		if (this.tokenRate) this.tokenRate *= growth;
	}

	private onThrottle(startedAt: number, quota: ThrottledQuota): void {
		const now = this.clock.now();
		this.throttles++;
		// One decrease per round trip: throttles of requests sent before the last decrease were
		// caused by the old pace and say nothing new.
		if (startedAt <= this.lastDecrease) return;
		this.lastDecrease = now;
		this.streak++;
		const halved = Math.floor(Math.min(this.limit, this.inFlight + 1) / 2);
		// While throttled, what got through is what the quota allows: pace at that.
		const measured = this.measure(now);
		if (measured && quota === 'tokens' && measured.tokens !== undefined) {
			this.tokenRate = measured.tokens;
		} else if (measured) {
			this.requestRate = measured.requests;
		} else if (this.requestRate) {
			this.requestRate /= 2;
		}
		const served = measured?.requests ?? this.requestRate;
		const needed = served && this.latency ? Math.ceil(served * this.latency) : 1;
		this.limit = Math.max(1, halved, needed);
		const interval = served ? 1 / served : this.baseBackoffMs;
		const backoff = Math.min(this.maxBackoffMs, interval * 2 ** (this.streak - 1));
		this.nextStart = Math.max(this.nextStart, now + backoff * (0.5 + this.random()));
	}

	/**
	 * Successes per millisecond (and tokens per millisecond) over the recent samples; with fewer
	 * than two, the successes since the first start.
	 */
	private measure(now: number): { requests: number; tokens?: number } | undefined {
		const recent = this.samples;
		if (recent.length === 0) return undefined;
		const few = recent.length < 2;
		const span = few ? now - (this.firstStart ?? now) : recent[recent.length - 1].at - recent[0].at;
		if (!(span > 0)) return undefined;
		const counted = few ? recent : recent.slice(1);
		const requests = counted.length / span;
		// Tokens over the same span; only when every answer said how many it used. Streams still
		// being read count at the mean of those that have ended.
		const settled = counted.filter((s) => !s.pending);
		const known = settled.length > 0 && settled.every((s) => s.tokens !== undefined);
		const mean = known ? settled.reduce((sum, s) => sum + s.tokens!, 0) / settled.length : 0;
		return { requests, tokens: known ? (mean * counted.length) / span : undefined };
	}

	private forgetWhenIdle(now: number): void {
		if (this.inFlight > 0 || now - this.lastActivity < this.forgetAfterMs) return;
		if (this.requestRate === undefined && this.limit === Infinity) return;
		this.limit = Infinity;
		this.requestRate = undefined;
		this.tokenRate = undefined;
		this.samples = [];
		this.firstStart = undefined;
		this.latency = undefined;
		this.streak = 0;
	}

	private async waitForChange(ms: number, signal: AbortSignal | undefined): Promise<void> {
		const cancel = new AbortController();
		const onAbort = () => cancel.abort();
		signal?.addEventListener('abort', onAbort, { once: true });
		const woken = new Promise<void>((resolve) => this.waiters.push(resolve));
		try {
			await Promise.race([
				woken,
				Number.isFinite(ms) ? this.clock.sleep(ms, cancel.signal) : new Promise(() => undefined),
				new Promise<void>((resolve) => cancel.signal.addEventListener('abort', () => resolve())),
			]);
		} finally {
			cancel.abort();
			signal?.removeEventListener('abort', onAbort);
		}
	}

	private wake(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const resolve of waiters) resolve();
	}
}
