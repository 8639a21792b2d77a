/**
 * The process-wide limiters: one per quota, so executions that share a credential, model (or
 * agent) and region in this process share one limiter, as they share one quota at AWS. Keyed by
 * the credential's cache key (a hash of its data, never a secret), bounded, least recently used
 * out first. In queue mode each worker has its own.
 */
import {
	AdaptiveLimiter,
	systemClock,
	type AdaptiveLimiterOptions,
	type LimiterClock,
} from './limiter';

/** Which quota a request counts against. */
export interface QuotaKey {
	/** The connection's cache key: a hash of the credential data. */
	credentialKey: string;
	/** The region the request goes to. */
	region: string;
	/** Model ID, inference profile or ARN (Bedrock Runtime), or `agent/<id>` (Invoke Agent). */
	target: string;
}

const MAX_LIMITERS = 500;
const limiters = new Map<string, AdaptiveLimiter>();
let limiterOptions: AdaptiveLimiterOptions = {};

/** The limiter of a quota, created on first use. */
export function limiterFor(quota: QuotaKey): AdaptiveLimiter {
	const key = `${quota.credentialKey}|${quota.region}|${quota.target}`;
	let limiter = limiters.get(key);
	if (limiter) {
		limiters.delete(key); // most recently used goes last
	} else {
		if (limiters.size >= MAX_LIMITERS) limiters.delete(limiters.keys().next().value as string);
		limiter = new AdaptiveLimiter(limiterOptions);
	}
	limiters.set(key, limiter);
	return limiter;
}

/** The clock the limiters run on (budgets are deadlines on it). */
export const quotaClock = (): LimiterClock => limiterOptions.clock ?? systemClock;

/** How many limiters the registry holds. */
export const limiterCount = (): number => limiters.size;

/**
 * Forgets every limiter; for tests and benchmarks. `options` apply to the limiters created from
 * now on (a fake clock, for example).
 */
export function clearLimiters(options: AdaptiveLimiterOptions = {}): void {
	limiters.clear();
	limiterOptions = options;
}
