/**
 * What every AI sub-node (the Chat Model; next the embeddings, reranker and retriever) needs to
 * hand n8n an object that calls Bedrock: the connection of its credential, the model it names,
 * the shared SDK clients, and the scope of the item loop (cancel signal, logger, secrets to
 * redact) for calls that n8n's root node makes outside any item loop. The sub-node's own file
 * keeps only the conversion between n8n's SDK objects and the Bedrock API.
 */
import {
	NodeOperationError,
	type IDataObject,
	type ISupplyDataFunctions,
	type NodeApiError,
} from 'n8n-workflow';

import type { ConnectionConfig } from '../auth/connection';
import { authScope, type AuthScope } from '../auth/scope';
import { secretsOf } from '../auth/secrets';
import { getClient, type ClientName, type ClientTypes } from '../clients';
import { toNodeError, type AwsErrorContext } from '../errors';
import { getConnection } from '../parameters/connection';
import { modelTarget, type ModelTarget } from '../parameters/modelTarget';
import { accountQuotaKey } from '../throttle/account';
import { budgetedSender } from '../throttle/budget';
import type { QuotaKey } from '../throttle/registry';
import type { QuotaRequest } from '../throttle/withinQuota';
import { sharedSignal } from '../items/concurrency';

/**
 * One request's quota: where it goes and what it is expected to use; the credential is added, or
 * with `perAccount` the account (quotas AWS counts per account, such as the Knowledge Base's).
 */
export type SupplyQuota<T> = Omit<QuotaKey, 'credentialKey'> &
	QuotaRequest<T> & { perAccount?: boolean };

/** Sends a request of one call within its quota. */
export type SupplySend = <T>(quota: SupplyQuota<T>, send: () => Promise<T>) => Promise<T>;

export interface SupplyContext {
	readonly itemIndex: number;
	/** The validated connection of the node's credential. */
	readonly connection: ConnectionConfig;
	/** The node's Options collection (empty when none was added). */
	readonly options: IDataObject;
	/** The execution's cancel signal; combine it with each call's own. */
	readonly signal?: AbortSignal;
	/** Where the model of the `model` parameter is called; a NodeOperationError when it cannot be. */
	modelTarget(): ModelTarget;
	/** The shared SDK client of the credential, with the node's Max Attempts. */
	client<K extends ClientName>(name: K, region?: string): Promise<ClientTypes[K]>;
	/**
	 * Runs one call as the item loop runs an item's: credential fetches get the execution's
	 * cancel signal and logger, and the credential's secrets are redacted from every error.
	 */
	run<T>(call: () => Promise<T>): Promise<T>;
	/**
	 * Sends one call through the process-wide limiter of its quota, the one the action nodes
	 * share: waits for its turn, and while AWS throttles waits and sends again until the
	 * sub-node's Throttling Budget, counted from this call, runs out. Budget 0: sent once.
	 */
	withinQuota: SupplySend;
	/**
	 * A sender for the requests of one call of the root node (one batch of documents to embed):
	 * the Throttling Budget counts from here.
	 */
	quotaSender(): SupplySend;
	/** The sub-node's own error (a parameter it cannot use, an answer it cannot read). */
	operationError(message: string): NodeOperationError;
	/** The n8n error of what a call threw, with the item index and the call's origin for advice. */
	nodeError(error: unknown, context?: AwsErrorContext): NodeApiError | NodeOperationError;
}

/** Reads the sub-node's connection and options once, for the object it supplies. */
export async function supplyContext(
	this: ISupplyDataFunctions,
	itemIndex: number,
): Promise<SupplyContext> {
	const node = this.getNode();
	const connection = await getConnection.call(this);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// One signal for every request the sub-node has in flight (Embeddings sends up to 20 at once).
	const signal = sharedSignal(this.getExecutionCancelSignal?.());
	const scope: AuthScope = { signal, logger: this.logger, secrets: () => secretsOf(connection) };
	const budgetMs = throttlingBudgetMs(options.throttlingBudget);
	const quotaSender = (): SupplySend => {
		const send = budgetedSender(budgetMs, signal);
		return async ({ perAccount, ...quota }, call) =>
			await send(
				{ ...quota, credentialKey: perAccount ? accountQuotaKey(connection) : connection.cacheKey },
				call,
			);
	};
	const operationError = (message: string) => new NodeOperationError(node, message, { itemIndex });
	return {
		itemIndex,
		connection,
		options,
		signal,
		modelTarget: () => {
			const model = this.getNodeParameter('model', itemIndex, '', { extractValue: true });
			const target = modelTarget(String(model ?? ''), connection);
			if ('error' in target) throw operationError(target.error);
			return target;
		},
		client: async (name, region) =>
			await getClient(name, connection, {
				region,
				maxAttempts: options.maxAttempts as number | undefined,
				retryThrottling: !budgetMs,
			}),
		withinQuota: async (quota, send) => await quotaSender()(quota, send),
		run: async (call) => await authScope.run(scope, call),
		quotaSender,
		operationError,
		nodeError: (error, context) =>
			authScope.run(scope, () => toNodeError(node, error, { ...context, itemIndex })),
	};
}

/** The Throttling Budget option in milliseconds: 300 s when absent, 0 when not a number ≥ 0. */
function throttlingBudgetMs(seconds: unknown): number {
	const value = seconds === undefined ? 300 : Number(seconds);
	return Number.isFinite(value) && value > 0 ? value * 1000 : 0;
}
