/**
 * Sends one request through its quota's limiter and retries it while AWS throttles, until the
 * execution's throttling budget runs out. Every other outcome ends the request as before.
 */
import { isThrottlingError } from '../clients/retryStrategy';
import { DeadlineError, type AdaptiveLimiter, type ThrottledQuota } from './limiter';

/**
 * Which quota ran out, from Bedrock's message ("Too many tokens, please wait before trying
 * again." / "Too many requests, …"). Only the pace is tuned by it; unknown reads as requests.
 */
function throttledQuota(error: unknown): ThrottledQuota {
	const message = (error as { message?: unknown }).message;
	return typeof message === 'string' && /\btokens\b/i.test(message) ? 'tokens' : 'requests';
}

/** One request's place in its quota. */
export interface QuotaRequest<T> {
	/** Tokens the request is expected to use (a rough count is fine: the limiter learns the scale). */
	estimatedTokens?: number;
	/**
	 * The tokens the answer says it used, when it says; a stream's promise of them (see
	 * `meteredStream`), which the limiter counts when the stream ends.
	 */
	tokensUsed?: (result: T) => number | Promise<number | undefined> | undefined;
}

export interface QuotaRun {
	limiter: AdaptiveLimiter;
	/** Limiter clock time after which a throttled request is not sent again. */
	deadline: number;
	/** The execution's cancel signal. */
	signal?: AbortSignal;
}

/**
 * Runs `send` under the limiter: waits for a start, reports the outcome, and on throttling waits
 * for the next start and sends again. When the budget is used up the last `ThrottlingException`
 * is thrown (or, if the budget ran out before this request was ever sent, a DeadlineError).
 */
export async function sendWithinQuota<T>(
	run: QuotaRun,
	request: QuotaRequest<T>,
	send: () => Promise<T>,
): Promise<T> {
	let lastThrottle: unknown;
	for (;;) {
		let permit;
		try {
			permit = await run.limiter.acquire({
				estimatedTokens: request.estimatedTokens,
				deadline: run.deadline,
				signal: run.signal,
			});
		} catch (error) {
			if (error instanceof DeadlineError && lastThrottle !== undefined) throw lastThrottle;
			throw error;
		}
		let result: T;
		try {
			result = await send();
		} catch (error) {
			if (!isThrottlingError(error)) {
				permit.released();
				throw error;
			}
			permit.throttled(throttledQuota(error));
			lastThrottle = error;
			continue;
		}
		permit.succeeded(request.tokensUsed?.(result));
		return result;
	}
}
