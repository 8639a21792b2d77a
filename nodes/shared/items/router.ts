/**
 * The router of every action node: picks the operation, reads the connection and the shared
 * options once, and runs the operation's `execute` for each item in the item loop (order,
 * pairing, concurrency, Continue On Fail, the quota limiter, cancel, redaction; see
 * itemLoop.ts). A node class loads it on its first execution.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { getClient } from '../clients';
import { toNodeError } from '../errors';
import { getConnection } from '../parameters/connection';
import { modelTarget } from '../parameters/modelTarget';
import { accountQuotaKey } from '../throttle/account';
import { itemLoopOptions, processItems } from './itemLoop';
import { KeyedQueue } from './keyedQueue';
import type { ItemContext, Operation, Operations } from './operation';
import { openChunkSink, type ChunkSink } from './chunkSink';

/** The operation the node's Operation parameter names; a node with one needs no parameter. */
function chosenOperation(ctx: IExecuteFunctions, operations: Operations): Operation {
	const names = Object.keys(operations);
	const name = names.length === 1 ? names[0] : String(ctx.getNodeParameter('operation', 0));
	if (!Object.hasOwn(operations, name)) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${name}" is not supported`, {
			description: `This node offers ${names.map((n) => `"${n}"`).join(', ')}.`,
		});
	}
	return operations[name];
}

/** Output items by the output each was sent to, in item order within each output. */
function splitOutputs(
	items: INodeExecutionData[],
	count: number,
	outputOf: (item: INodeExecutionData) => number,
): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = Array.from({ length: count }, () => []);
	for (const item of items) outputs[Math.min(Math.max(0, outputOf(item)), count - 1)].push(item);
	return outputs;
}

/**
 * Runs the chosen operation for every item and returns the node's output, or its outputs when
 * the operation has several (`Operation.outputs`).
 *
 * @example
 * ```ts
 * async execute(this: IExecuteFunctions) {
 * 	const { route } = await import('../shared/items/router');
 * 	return await route.call(this, operations);
 * }
 * ```
 */
export async function route(
	this: IExecuteFunctions,
	operations: Operations,
): Promise<INodeExecutionData[][]> {
	const operation = chosenOperation(this, operations);
	const items = this.getInputData();
	const connection = await getConnection.call(this);
	const loop = itemLoopOptions(this);
	const node = this.getNode();
	const sequence = operation.sequenceKey ? new KeyedQueue() : undefined;
	const quotaOwner = (perAccount?: boolean) =>
		perAccount ? accountQuotaKey(connection) : connection.cacheKey;
	const outputCount = operation.outputs ? Math.max(1, operation.outputs.count.call(this)) : 1;
	// The output each returned item was sent to; error items of Continue On Fail are not in it.
	const outputOfItem = new WeakMap<INodeExecutionData, number>();
	const toOutput = (i: number, index: number, result: INodeExecutionData | INodeExecutionData[]) =>
		(Array.isArray(result) ? result : [result]).map((entry) => {
			const paired = entry.pairedItem === undefined ? { ...entry, pairedItem: { item: i } } : entry;
			if (!outputOfItem.has(paired)) outputOfItem.set(paired, index);
			return paired;
		});

	const output = await processItems(this, items, { ...loop, connection }, async (i, tools) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		let sink: ChunkSink | undefined;
		const item: ItemContext = {
			itemIndex: i,
			item: items[i],
			connection,
			options,
			signal: tools.signal,
			modelTarget: () => {
				const model = this.getNodeParameter('model', i, '', { extractValue: true });
				const target = modelTarget(String(model ?? ''), connection);
				if ('error' in target) throw new NodeOperationError(node, target.error, { itemIndex: i });
				return target;
			},
			client: async (name, region) =>
				await getClient(name, connection, {
					region,
					maxAttempts: options.maxAttempts as number | undefined,
					retryThrottling: !loop.throttlingBudgetMs,
				}),
			withinQuota: async ({ perAccount, ...quota }, send) =>
				await tools.withinQuota({ ...quota, credentialKey: quotaOwner(perAccount) }, send),
			openSink: () => (sink ??= openChunkSink(this, i, options.streamResponse !== false)),
			nodeError: (error, context) => toNodeError(node, error, { ...context, itemIndex: i }),
			toOutput: (index, entries) => toOutput(i, index, entries),
		};
		const run = async () => {
			try {
				const result = await operation.execute.call(this, item);
				return outputCount > 1 ? toOutput(i, 0, result) : result;
			} catch (error) {
				const nodeError = toNodeError(node, error, { itemIndex: i });
				sink?.fail(nodeError.message);
				throw nodeError;
			}
		};
		return sequence ? await sequence.run(operation.sequenceKey!.call(this, i), run) : await run();
	});
	if (outputCount === 1) return [output];
	const failed = operation.outputs!.failed;
	return splitOutputs(output, outputCount, (entry) => outputOfItem.get(entry) ?? failed);
}
