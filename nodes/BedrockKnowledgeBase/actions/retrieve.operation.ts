/**
 * Retrieve: the chunks of the knowledge base that best match the query, as one item per chunk or
 * one item with all of them.
 */
import type { RetrieveCommandInput } from '@aws-sdk/client-bedrock-agent-runtime';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { actionOptions } from '../../shared/descriptions/options';
import type { ItemContext } from '../../shared/items/operation';
import { bedrockAgentRuntimeSdk } from '../../shared/transport/sdk';
import { readRetrieval, type CommonOptions } from '../parameters';
import { toResult } from '../results';
import { retrievalOptions } from '../retrievalOptions';

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
	const retrieval = readRetrieval(this, item);
	const input: RetrieveCommandInput = {
		knowledgeBaseId: retrieval.knowledgeBaseId,
		retrievalQuery: { text: retrieval.query },
		retrievalConfiguration: retrieval.retrievalConfiguration,
		guardrailConfiguration: retrieval.guardrail,
	};
	const client = await item.client('bedrockAgentRuntime');
	const { RetrieveCommand } = await bedrockAgentRuntimeSdk();
	try {
		// Retrieve's quota is the account's requests per second in the region.
		const quota = { region, target: 'knowledge-base/Retrieve', perAccount: true };
		const response = await item.withinQuota(quota, () =>
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
		throw item.nodeError(error, {
			region,
			service: 'bedrock-agent-runtime',
			operation: 'Retrieve',
		});
	}
}
