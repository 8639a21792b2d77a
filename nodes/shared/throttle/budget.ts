/**
 * A sender bound to one throttling budget: what the item loop lends each item and what a sub-node
 * uses for each call of its root node (a batch of documents to embed, a list to rerank).
 */
import { limiterFor, quotaClock, type QuotaKey } from './registry';
import { sendWithinQuota, type QuotaRequest } from './withinQuota';

/** Sends one request within its quota (see {@link sendWithinQuota}). */
export type QuotaSend = <T>(
	quota: QuotaKey & QuotaRequest<T>,
	send: () => Promise<T>,
) => Promise<T>;

/**
 * Requests wait for their quota's limiter and are sent again while AWS throttles, until
 * `budgetMs` from now has passed. A budget of 0 sends each request once, as it comes.
 */
export function budgetedSender(budgetMs: number, signal?: AbortSignal): QuotaSend {
	if (!(budgetMs > 0)) return async (_quota, send) => await send();
	const deadline = quotaClock().now() + budgetMs;
	return async (quota, send) =>
		await sendWithinQuota({ limiter: limiterFor(quota), deadline, signal }, quota, send);
}
