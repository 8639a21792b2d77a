/**
 * The Options collection of the action nodes, built by one function so no node silently lacks
 * one of the options every action node has (Max Attempts, Max Concurrent Requests, Throttling
 * Budget), and the item-loop options several nodes share. What a request to a model can ask for
 * is in modelOptions.ts.
 */
import type { INodeProperties } from 'n8n-workflow';

import { MAX_CONCURRENCY } from '../items/concurrency';

export const maxConcurrencyOption: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	default: 5,
	description: `How many items are sent to Bedrock at the same time, at most ${MAX_CONCURRENCY}. Lower it when AWS throttles.`,
};

/** How long throttled requests keep being sent again; every action node and sub-node has it. */
export const throttlingBudgetOption: INodeProperties = {
	displayName: 'Throttling Budget (Seconds)',
	name: 'throttlingBudget',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 86400 },
	default: 300,
	description:
		'How long items throttled by AWS (requests or tokens per minute used up) keep being sent again, counted from the start of the node. Requests to the same model with the same credential slow down together to the pace the quota allows. 0 turns this off: a throttled item fails after Max Attempts.',
};

// The parameter name stays `maxAttempts` so saved workflows keep their value; it always counted
// attempts (the SDK's maxAttempts), which the label now says.
export const maxAttemptsOption: INodeProperties = {
	displayName: 'Max Attempts',
	name: 'maxAttempts',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10 },
	default: 3,
	description:
		'Attempts per request, the first one included: 1 sends each request once with no retry, 3 allows two retries. Throttling slows the next attempts down (adaptive).',
};

/** The session a node continues (Invoke Agent, Retrieve and Generate); `sessionId` comes back. */
export const sessionIdField = (
	description: string,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties => ({
	displayName: 'Session ID',
	name: 'sessionId',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.sessionId }}',
	description,
	...(displayOptions ? { displayOptions } : {}),
});

/** The node option that lets a builder keep a node from streaming even when the workflow does. */
export const streamResponseOption: INodeProperties = {
	displayName: 'Stream Response',
	name: 'streamResponse',
	type: 'boolean',
	default: true,
	description:
		'Whether to send the answer piece by piece while it is generated, when the workflow responds in streaming mode (webhook or chat trigger). The full answer is always in the output item too.',
};

/**
 * Options sorted by display name, as n8n lists the entries of a collection. A plain comparison:
 * localeCompare would build an ICU collator while n8n loads the node (about 10 ms).
 */
const byDisplayName = (options: readonly INodeProperties[]): INodeProperties[] =>
	[...options].sort((a, b) =>
		a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0,
	);

/** What every action node's item loop and client read: no action node goes without them. */
const ITEM_LOOP_OPTIONS: readonly INodeProperties[] = [
	maxAttemptsOption,
	maxConcurrencyOption,
	throttlingBudgetOption,
];

/** What every request to a model through Bedrock Runtime can ask for (Converse, Generate, the Chat Model). */
/** Options of the action nodes that call a model with the Bedrock Runtime API (Converse, Generate). */
/** The cost estimate of each item (Bedrock Converse): whether, and the user's own prices. */
/** The Converse API's inference options, which Bedrock Converse and the Chat Model both offer. */
/** An Options collection: the options in alphabetical order of their display names. */
function optionsCollection(
	options: readonly INodeProperties[],
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		...(displayOptions ? { displayOptions } : {}),
		options: byDisplayName(options),
	};
}

/**
 * The Options collection of an action node (or of one of its operations, with `displayOptions`):
 * its own options and those of every action node (Max Attempts, Max Concurrent Requests,
 * Throttling Budget).
 */
export const actionOptions = (
	own: readonly INodeProperties[],
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties => optionsCollection([...own, ...ITEM_LOOP_OPTIONS], displayOptions);

/**
 * The Options collection of a sub-node that n8n's root node calls once at a time (a chat model's
 * turn, a retriever's query): its own options, Max Attempts and a Throttling Budget counted per
 * call (`throttlingBudgetDescription` says what a call is); no Max Concurrent Requests, as a
 * sub-node has no item loop.
 */
export const subNodeOptions = (
	own: readonly INodeProperties[],
	throttlingBudgetDescription?: string,
): INodeProperties =>
	optionsCollection([
		...own,
		maxAttemptsOption,
		throttlingBudgetDescription
			? { ...throttlingBudgetOption, description: throttlingBudgetDescription }
			: throttlingBudgetOption,
	]);

/**
 * The Options collection of a sub-node whose root node hands it a batch per call (the Embeddings:
 * a vector store's documents): its own options and Max Attempts, Max Concurrent Requests and
 * Throttling Budget, read for each call rather than for each item.
 */
export const batchSubNodeOptions = (own: readonly INodeProperties[]): INodeProperties =>
	optionsCollection([
		...own,
		maxAttemptsOption,
		{
			...maxConcurrencyOption,
			description: `How many requests of one batch are sent to Bedrock at the same time, at most ${MAX_CONCURRENCY}. Lower it when AWS throttles.`,
		},
		{
			...throttlingBudgetOption,
			description:
				'How long requests throttled by AWS (requests or tokens per minute used up) keep being sent again, counted from the start of each batch. Requests to the same model with the same credential slow down together to the pace the quota allows. 0 turns this off: a throttled request fails after Max Attempts.',
		},
	]);
