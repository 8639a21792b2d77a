/**
 * The SDK's standard retry, except for throttling: a ThrottlingException is handed back at once
 * so the quota limiter (nodes/shared/throttle) can slow every request to that quota down, instead
 * of each request backing off on its own and failing after a few attempts.
 */
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@smithy/types';

/** Error codes AWS answers when a request or token quota is used up. */
const THROTTLING_CODES = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);

/**
 * Whether AWS refused a request because a quota was used up (`ThrottlingException`, HTTP 429).
 * Other 429 answers (ModelNotReadyException) are not quota throttling.
 */
export function isThrottlingError(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const fields = error as { name?: unknown; Code?: unknown; $fault?: unknown };
	if (fields.$fault === undefined) return false; // not an AWS answer
	return THROTTLING_CODES.has(String(fields.Code ?? fields.name));
}

/** A retry strategy for `maxAttempts` attempts that never retries a quota throttle. */
export async function retryAllButThrottling(maxAttempts: number): Promise<RetryStrategyV2> {
	const { StandardRetryStrategy } = await import('@smithy/core/retry');
	const standard = new StandardRetryStrategy(maxAttempts);
	return {
		acquireInitialRetryToken: async (scope: string) =>
			await standard.acquireInitialRetryToken(scope),
		refreshRetryTokenForRetry: async (token: StandardRetryToken, info: RetryErrorInfo) => {
			// Refusing a token makes the SDK throw the error as it came.
			if (isThrottlingError(info.error)) throw new Error('Throttling is retried by the limiter');
			return await standard.refreshRetryTokenForRetry(token, info);
		},
		recordSuccess: (token: StandardRetryToken) => standard.recordSuccess(token),
	};
}
