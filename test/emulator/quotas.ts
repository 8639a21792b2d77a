/**
 * Per-model quotas as Bedrock enforces them: requests per minute and tokens per minute for each
 * model (or agent) in each region, each a token bucket that refills continuously. A request that
 * does not fit is refused with `ThrottlingException` (HTTP 429) and uses nothing.
 *
 * A request's tokens are those of its answer (input + output), which the emulator's echo model
 * knows before it answers. `timeScale` makes quota time pass faster than real time, so a test can
 * run a 300-requests-per-minute batch in seconds.
 */
import { ApiError } from './protocol';

/** A quota to enforce; see {@link Emulator.setQuotas}. */
export interface QuotaSpec {
	/**
	 * What the quota applies to: a model identifier as the request names it
	 * (`amazon.nova-lite-v1:0`, `us.amazon.nova-lite-v1:0`), `agent/<agentId>` for InvokeAgent,
	 * or `'*'` for every model and agent, each with its own buckets. Absent: `'*'`.
	 */
	target?: string;
	/** Requests per minute. Absent: no request quota. */
	requestsPerMinute?: number;
	/** Tokens per minute (input + output). Absent: no token quota. */
	tokensPerMinute?: number;
	/**
	 * How much can be used at once after a quiet period, in seconds of quota (the bucket size).
	 * Absent: 1 second's worth (at least one request; at least the largest request's tokens).
	 */
	burstSeconds?: number;
	/** Quota minutes per real minute: 60 makes a quota minute last one second. Absent: 1. */
	timeScale?: number;
}

interface Bucket {
	level: number;
	capacity: number;
	/** Refill per real millisecond. */
	rate: number;
	at: number;
}

function bucket(perMinute: number, spec: QuotaSpec, now: number): Bucket {
	const scale = spec.timeScale ?? 1;
	const rate = (perMinute / 60_000) * scale;
	const capacity = Math.max(1, (perMinute / 60) * (spec.burstSeconds ?? 1));
	return { level: capacity, capacity, rate, at: now };
}

function refill(b: Bucket, now: number): void {
	b.level = Math.min(b.capacity, b.level + (now - b.at) * b.rate);
	b.at = now;
}

/** Whether `amount` fits; a request larger than the bucket fits only into a full one. */
const fits = (b: Bucket, amount: number) => b.level >= Math.min(amount, b.capacity);

/** The quotas and their buckets, per target and region. */
export class QuotaBook {
	private specs: QuotaSpec[] = [];
	private buckets = new Map<string, { requests?: Bucket; tokens?: Bucket }>();

	constructor(private readonly now: () => number = () => performance.now()) {}

	/** Replaces the quotas; every bucket starts full. */
	set(specs: readonly QuotaSpec[]): void {
		this.specs = specs.map((s) => ({ ...s }));
		this.buckets.clear();
	}

	get active(): boolean {
		return this.specs.length > 0;
	}

	/**
	 * Takes one request and `tokens` tokens from the quota of `target` in `region`, or throws
	 * ThrottlingException (429) and takes nothing.
	 */
	admit(target: string, region: string, tokens: number): void {
		const spec =
			this.specs.find((s) => s.target === target) ??
			this.specs.find((s) => s.target === undefined || s.target === '*');
		if (!spec) return;
		const key = `${region}|${target}`;
		const now = this.now();
		let entry = this.buckets.get(key);
		if (!entry) {
			entry = {
				requests: spec.requestsPerMinute ? bucket(spec.requestsPerMinute, spec, now) : undefined,
				tokens: spec.tokensPerMinute ? bucket(spec.tokensPerMinute, spec, now) : undefined,
			};
			this.buckets.set(key, entry);
		}
		const { requests, tokens: tokenBucket } = entry;
		if (requests) refill(requests, now);
		if (tokenBucket) refill(tokenBucket, now);
		if (requests && !fits(requests, 1)) {
			throw new ApiError(
				429,
				'ThrottlingException',
				'Too many requests, please wait before trying again.',
				`requests per minute of ${target} used up`,
			);
		}
		if (tokenBucket && !fits(tokenBucket, tokens)) {
			throw new ApiError(
				429,
				'ThrottlingException',
				'Too many tokens, please wait before trying again.',
				`tokens per minute of ${target} used up`,
			);
		}
		if (requests) requests.level -= 1;
		if (tokenBucket) tokenBucket.level -= tokens;
	}
}
