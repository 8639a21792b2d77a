/**
 * What an operation file exports, and what the router lends it for one item. Types only: an
 * operation file imports this without loading the router, the clients or the resolver, so
 * loading a node's description stays cheap.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import type { ConnectionConfig } from '../auth/connection';
import type { ClientName, ClientTypes } from '../clients';
import type { ToNodeErrorContext } from '../errors';
import type { ModelTarget } from '../parameters/modelTarget';
import type { QuotaKey } from '../throttle/registry';
import type { QuotaRequest } from '../throttle/withinQuota';
import type { ChunkSink } from './chunkSink';

/**
 * One operation of a node, in a file of its own (`actions/<name>.operation.ts`): its fields and
 * what it does for one item. A node with one operation has one such file.
 */
export interface Operation {
	/** The operation's own fields, each shown only when the operation is chosen. */
	description: INodeProperties[];
	/** Handles one item; may return several output items, which stay together in its place. */
	execute(
		this: IExecuteFunctions,
		item: ItemContext,
	): Promise<INodeExecutionData | INodeExecutionData[]>;
	/**
	 * Items that share a key run one after the other in item order (the turns of one
	 * conversation); items without a key run side by side. Absent: no item waits for another.
	 */
	sequenceKey?(this: IExecuteFunctions, itemIndex: number): string | undefined;
}

/** A node's operations by the value of its Operation parameter. */
export type Operations = Readonly<Record<string, Operation>>;

/**
 * A quota an item's request counts against; the credential is the router's to add. `perAccount`:
 * AWS counts it per account (Knowledge Base), so credentials of one account share it.
 */
export type ItemQuota<T> = Omit<QuotaKey, 'credentialKey'> &
	QuotaRequest<T> & { perAccount?: boolean };

/** What the router lends an operation for one item. */
export interface ItemContext {
	readonly itemIndex: number;
	readonly item: INodeExecutionData;
	/** The validated connection of the node's credential, read once per execution. */
	readonly connection: ConnectionConfig;
	/** The item's Options collection (empty when none was added). */
	readonly options: IDataObject;
	/** The execution's cancel signal: pass it to every request. */
	readonly signal?: AbortSignal;
	/**
	 * Where the model of the `model` parameter is called: its ID or ARN and region. A model
	 * that cannot be called throws the item's error, before any request.
	 */
	modelTarget(): ModelTarget;
	/**
	 * The shared SDK client of the credential, with the node's Max Attempts, and throttling left
	 * to the quota limiter while a Throttling Budget runs.
	 */
	client<K extends ClientName>(name: K, region?: string): Promise<ClientTypes[K]>;
	/**
	 * Sends one request through the process-wide limiter of its quota: waits for its turn, and
	 * while AWS answers ThrottlingException waits and sends again until the Throttling Budget
	 * runs out. Other errors are thrown at once.
	 */
	withinQuota<T>(quota: ItemQuota<T>, send: () => Promise<T>): Promise<T>;
	/**
	 * The item's stream to the workflow's streaming response, when the execution streams and
	 * the Stream Response option allows it. The router fails it when the item fails.
	 */
	openSink(): ChunkSink | undefined;
	/**
	 * The n8n error of what a request threw, with the item index and, from `context`, the model,
	 * region, service and operation that make the advice precise.
	 */
	nodeError(error: unknown, context?: ToNodeErrorContext): NodeApiError | NodeOperationError;
}
