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

import {
	guardrailIdentifierOption,
	guardrailVersionOption,
	maxAttemptsOption,
	maxConcurrencyOption,
	byDisplayName,
} from '../../shared/descriptions/options';
import {
	parameterProblem,
	readGuardrail,
	readKnowledgeBaseId,
	readNumberOfResults,
	readQuery,
	type CommonOptions,
} from '../common';
import { toResult } from '../results';
import { buildRetrievalConfiguration, type RetrievalOptions } from '../retrievalConfiguration';
import { retrievalOptions } from '../retrievalOptions';

const show = { show: { operation: ['retrieve'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: byDisplayName([
			...retrievalOptions,
			guardrailIdentifierOption,
			guardrailVersionOption,
			maxAttemptsOption,
			maxConcurrencyOption,
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
		]),
	},
];

interface RetrieveOptions extends RetrievalOptions, CommonOptions {
	output?: 'perResult' | 'allResults';
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const run = await import('../runtime');
	const items = this.getInputData();
	const connection = await run.getConnection.call(this);
	const { RetrieveCommand } = await run.bedrockAgentRuntimeSdk();
	const concurrency = (this.getNodeParameter('options.maxConcurrency', 0, 5) as number) || 5;
	const abortSignal = this.getExecutionCancelSignal?.();
	const region = connection.bedrockRegion;

	const output = await run.processItems(this, items, { concurrency, connection }, async (i) => {
		const options = this.getNodeParameter('options', i, {}) as RetrieveOptions;
		let input: RetrieveCommandInput;
		try {
			input = {
				knowledgeBaseId: readKnowledgeBaseId(this, i),
				retrievalQuery: { text: readQuery(this, i) },
				retrievalConfiguration: buildRetrievalConfiguration(
					{ ...options, numberOfResults: readNumberOfResults(this, i) },
					{ partition: connection.partition, region },
				),
				guardrailConfiguration: readGuardrail(options),
			};
		} catch (error) {
			throw parameterProblem(this, error, i);
		}
		const client = await run.getClient('bedrockAgentRuntime', connection, {
			maxAttempts: options.maxAttempts,
		});
		try {
			const response = await client.send(new RetrieveCommand(input), { abortSignal });
			const results = (response.retrievalResults ?? []).map(toResult);
			const extra: IDataObject = response.guardrailAction
				? { guardrailAction: response.guardrailAction }
				: {};
			if (options.output === 'allResults') {
				return { json: { results, count: results.length, ...extra } };
			}
			return results.map((json) => ({ json: { ...json, ...extra } }));
		} catch (error) {
			throw run.toNodeError(this.getNode(), error, {
				itemIndex: i,
				region,
				service: 'bedrock-agent-runtime',
				operation: 'Retrieve',
			});
		}
	});
	return [output];
}
