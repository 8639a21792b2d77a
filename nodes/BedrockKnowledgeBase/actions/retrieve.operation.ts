/**
 * Retrieve: the chunks of the knowledge base that best match the query, as one item per chunk or
 * one item with all of them.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { actionOptions } from '../../shared/descriptions/options';
import type { ItemContext } from '../../shared/items/operation';
import { bedrockAgentRuntimeSdk } from '../../shared/transport/sdk';
import {
	readRetrieval,
	retrieveInput,
	retrieveOrigin,
	retrieveQuota,
	type CommonOptions,
} from '../../shared/knowledgeBase/retrieval';
import { toResult } from '../../shared/knowledgeBase/results';
import { retrievalOptions } from '../../shared/knowledgeBase/retrievalOptions';

const show = { show: { operation: ['retrieve'] } };

export const description: INodeProperties[] = [
	actionOptions(
		[
			...retrievalOptions,
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'perResult',
				options: [
					{
						name: 'One Item per Result',
						value: 'perResult',
						description: 'Each chunk is an item: text, score, location, metadata',
					},
					{
						name: 'One Item With All Results',
						value: 'allResults',
						description: 'One item per query with the chunks in "results"',
					},
				],
			},
		],
		show,
	),
];

interface RetrieveOptions extends CommonOptions {
	output?: 'perResult' | 'allResults';
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
): Promise<INodeExecutionData[] | INodeExecutionData> {
	const options = item.options as RetrieveOptions;
	const region = item.connection.bedrockRegion;
	const input = retrieveInput(readRetrieval(this, item.itemIndex, item.options, item.connection));
	const client = await item.client('bedrockAgentRuntime');
	const { RetrieveCommand } = await bedrockAgentRuntimeSdk();
	try {
		const response = await item.withinQuota(retrieveQuota(region), () =>
			client.send(new RetrieveCommand(input), { abortSignal: item.signal }),
		);
		const results = (response.retrievalResults ?? []).map(toResult);
		const extra: IDataObject = response.guardrailAction
			? { guardrailAction: response.guardrailAction }
			: {};
		if (options.output === 'allResults') {
			return { json: { results, count: results.length, ...extra } };
		}
		return results.map((json) => ({ json: { ...json, ...extra } }));
	} catch (error) {
		throw item.nodeError(error, retrieveOrigin(region));
	}
}
