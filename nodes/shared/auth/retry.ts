import { sleep as wait } from 'n8n-workflow';

import { AuthError } from './errors';
import type { IdentityProvider } from './identity';

/** Options of {@link withRetries}. */
export interface RetryOptions {
	/** Attempts including the first. Default 3, as the AWS SDK's standard retry mode. */
	maxAttempts?: number;
	/** Longest wait between two attempts, in milliseconds. Default 5000. */
	maxDelayMs?: number;
	/**
	 * Waits between attempts; tests may inject their own.
	 * @param ms - how long to wait
	 */
	sleep?: (ms: number) => Promise<void>;
}

/** Answers worth another attempt, as the AWS SDK retries them: throttling and server errors. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** Failures without an answer that another attempt may not meet (the SDK's transient codes). */
const RETRYABLE_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'TimeoutError',
	'ThrottlingException',
	'TooManyRequestsException',
]);

/** Whether a failed credential fetch may succeed when simply asked again. */
export function isTransientAuthError(error: unknown): boolean {
	if (!(error instanceof AuthError) || error.stage !== 'authentication') return false;
	if (error.httpStatus !== undefined) return RETRYABLE_STATUS.has(error.httpStatus);
	return error.code !== undefined && RETRYABLE_CODES.has(error.code);
}

/**
 * Wraps a provider that has no retry of its own (Roles Anywhere CreateSession; STS calls go
 * through the AWS SDK, which retries already) so that throttling, 5xx answers and dropped
 * connections are asked again with exponential backoff and full jitter (base 100 ms, 500 ms
 * after throttling), like the SDK's standard retry mode. Validation errors and refusals are
 * thrown at once. Asking again is safe: each CreateSession only makes a new session.
 *
 * @internal
 */
export const withRetries = (
	provider: IdentityProvider,
	options: RetryOptions = {},
): IdentityProvider => {
	const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
	const maxDelayMs = options.maxDelayMs ?? 5000;
	const sleep = options.sleep ?? wait;
	return async () => {
		for (let attempt = 1; ; attempt++) {
			try {
				return await provider();
			} catch (error) {
				if (attempt >= maxAttempts || !isTransientAuthError(error)) throw error;
				const throttled =
					(error as AuthError).httpStatus === 429 ||
					/Throttl|TooManyRequests/.test((error as AuthError).code ?? '');
				const base = throttled ? 500 : 100;
				await sleep(Math.random() * Math.min(maxDelayMs, base * 2 ** (attempt - 1)));
			}
		}
	};
};
