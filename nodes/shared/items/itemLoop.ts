/**
 * The item loop every node uses: a bounded number of handlers in flight, output in input order,
 * `pairedItem` on every output item, Continue On Fail turning one item's failure into that
 * item's error output, and requests that wait for their quota instead of failing when AWS
 * throttles (see `throttle/`).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ConnectionConfig } from '../auth/connection';
import { MAX_CONCURRENCY, sharedSignal } from './concurrency';
import { authScope } from '../auth/scope';
import { secretsOf } from '../auth/secrets';
import { toNodeError } from '../errors';
import { redactSecrets } from '../errors/redact';
import { budgetedSender } from '../throttle/budget';
import type { QuotaKey } from '../throttle/registry';
import type { QuotaRequest } from '../throttle/withinQuota';

export { MAX_CONCURRENCY };

export interface ItemLoopOptions {
	/**
	 * Max requests in flight, from 1 to {@link MAX_CONCURRENCY}. A value below 1 or not a number
	 * counts as 1; a larger one as MAX_CONCURRENCY.
	 */
	concurrency: number;
	/**
	 * How long throttled requests keep being sent again, in milliseconds from the start of the
	 * loop (the node's Throttling Budget). Absent or 0: `withinQuota` sends once and a
	 * ThrottlingException fails the item after the SDK's own attempts, as before.
	 */
	throttlingBudgetMs?: number;
	/** The execution's cancel signal; ends waits for the quota. */
	signal?: AbortSignal;
	/**
	 * The node's connection: its secret values are scrubbed from every error by value, and
	 * credential fetches run with the execution's cancel signal and logger. Absent: neither.
	 */
	connection?: ConnectionConfig;
}

/** What the loop lends each item's handler. */
export interface ItemTools {
	/**
	 * Sends one request through the process-wide limiter of its quota (credential, region, model
	 * or agent): waits for its turn, and while AWS answers ThrottlingException waits and sends
	 * again until the throttling budget runs out. Other errors are thrown at once.
	 */
	withinQuota<T>(quota: QuotaKey & QuotaRequest<T>, send: () => Promise<T>): Promise<T>;
	/** The execution's cancel signal, for the item's requests (every item in flight listens). */
	signal?: AbortSignal;
}

/** Handles one item; may return several output items, which stay together in its place. */
export type ItemHandler = (
	itemIndex: number,
	tools: ItemTools,
) => Promise<INodeExecutionData | INodeExecutionData[]>;

/** What `processItems` calls on the execute context; `this` of a node's `execute` fits. */
export type ItemLoopContext = Pick<IExecuteFunctions, 'getNode' | 'continueOnFail'> &
	Partial<Pick<IExecuteFunctions, 'getExecutionCancelSignal' | 'logger'>>;

function withPairing(result: INodeExecutionData | INodeExecutionData[], item: number) {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) =>
		entry.pairedItem === undefined ? { ...entry, pairedItem: { item } } : entry,
	);
}

/** The n8n error of a failure, its message and description scrubbed of `secrets` by value. */
function mapped(ctx: ItemLoopContext, error: unknown, itemIndex: number, secrets: () => string[]) {
	const nodeError = toNodeError(ctx.getNode(), error, { itemIndex });
	const values = secrets();
	nodeError.message = redactSecrets(nodeError.message, values);
	if (nodeError.description) nodeError.description = redactSecrets(nodeError.description, values);
	return nodeError;
}

/** The error output of one item, built only from the mapped error's safe fields. */
function errorItem(error: ReturnType<typeof toNodeError>, item: number): INodeExecutionData {
	const json: IDataObject = { error: redactSecrets(error.message) };
	if (error.description) json.description = redactSecrets(error.description);
	const code = error.context.awsErrorCode;
	if (typeof code === 'string') json.code = code;
	const requestId = error.context.awsRequestId;
	if (typeof requestId === 'string') json.requestId = requestId;
	return { json, pairedItem: { item } };
}

/**
 * Runs `handler` for every item with at most `options.concurrency` handlers in flight and
 * returns their results in input order, each with `pairedItem: { item: i }` unless the handler
 * set one.
 *
 * With Continue On Fail, a failing item becomes `{ json: { error, description?, code?,
 * requestId? } }` in its place. Without it, the first failure stops scheduling new items; the
 * loop waits for the items in flight to settle, then throws that failure as a NodeApiError or
 * NodeOperationError carrying its `itemIndex`.
 *
 * Handlers may throw an error already built by `toNodeError` (with the model and region) or
 * anything else, which is mapped here.
 *
 * @example
 * ```ts
 * const output = await processItems(this, items, { concurrency: 5 }, async (i) => ({
 * 	json: await callBedrock(i),
 * }));
 * return [output];
 * ```
 * @public
 */
export async function processItems(
	ctx: ItemLoopContext,
	items: INodeExecutionData[],
	options: ItemLoopOptions,
	handler: ItemHandler,
): Promise<INodeExecutionData[]> {
	const limit =
		options.concurrency === Number.POSITIVE_INFINITY
			? MAX_CONCURRENCY
			: Number.isFinite(options.concurrency)
				? Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(options.concurrency)))
				: 1;
	const continueOnFail = ctx.continueOnFail();
	// A failure that ends the loop also ends the other items' waits for their quota.
	const stop = new AbortController();
	const execution = sharedSignal(options.signal ?? ctx.getExecutionCancelSignal?.());
	const tools: ItemTools = {
		withinQuota: budgetedSender(
			options.throttlingBudgetMs ?? 0,
			sharedSignal(execution, stop.signal),
		),
		signal: execution,
	};
	const results: INodeExecutionData[][] = new Array(items.length);
	let next = 0;
	let failure: { error: unknown; item: number } | undefined;
	const { connection } = options;
	const secrets = () => (connection ? secretsOf(connection) : []);

	const worker = async (): Promise<void> => {
		while (failure === undefined && next < items.length) {
			const i = next++;
			try {
				results[i] = withPairing(await handler(i, tools), i);
			} catch (error) {
				if (continueOnFail) {
					results[i] = [errorItem(mapped(ctx, error, i, secrets), i)];
				} else if (failure === undefined) {
					failure = { error, item: i };
					stop.abort();
				}
			}
		}
	};

	const scope = {
		signal: execution,
		logger: ctx.logger,
		secrets,
	};
	const workers = Array.from({ length: Math.min(limit, items.length) }, () =>
		authScope.run(scope, worker),
	);
	// Workers never reject; waiting for all of them lets in-flight handlers settle first.
	await Promise.all(workers);

	if (failure !== undefined) {
		throw mapped(ctx, failure.error, failure.item, secrets);
	}
	return results.flat();
}

/**
 * The loop options a node's Options collection sets: Max Concurrent Requests (default 5) and
 * Throttling Budget in seconds (default 300), with the execution's cancel signal.
 */
export function itemLoopOptions(ctx: IExecuteFunctions): ItemLoopOptions {
	const budgetSeconds = ctx.getNodeParameter('options.throttlingBudget', 0, 300) as number;
	return {
		concurrency: (ctx.getNodeParameter('options.maxConcurrency', 0, 5) as number) || 5,
		throttlingBudgetMs: Number.isFinite(budgetSeconds) ? Math.max(0, budgetSeconds) * 1000 : 0,
		signal: ctx.getExecutionCancelSignal?.(),
	};
}
