import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { getClient } from '../shared/clients';
import { toNodeError } from '../shared/errors';
import { itemLoopOptions, processItems } from '../shared/items/itemLoop';
import { modelOutput } from '../shared/modelOutput';
import { modelTarget } from '../shared/parameters/modelTarget';
import { getConnection } from '../shared/parameters/connection';
import { openChunkSink } from '../shared/items/streaming';
import { attachmentBlocks } from './attachments';
import { buildConverseInput, type ConverseParameters } from './request';
import { fromConverseResponse, fromConverseStream } from './response';
import { bedrockRuntimeSdk } from '../shared/transport/sdk';

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const connection = await getConnection.call(this);
	const { ConverseCommand, ConverseStreamCommand } = await bedrockRuntimeSdk();
	const loop = itemLoopOptions(this);
	const abortSignal = loop.signal;

	const output = await processItems(this, items, { ...loop, connection }, async (i, tools) => {
		const target = modelTarget(
			this.getNodeParameter('model', i, '', { extractValue: true }) as string,
			connection,
		);
		if ('error' in target)
			throw new NodeOperationError(this.getNode(), target.error, { itemIndex: i });
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const input = buildInput(this, i, {
			modelId: target.modelId,
			systemPrompt: this.getNodeParameter('systemPrompt', i, '') as string,
			input: readConversation(this, i, items[i]),
			attachments: await attachmentBlocks(
				this,
				i,
				this.getNodeParameter('attachments', i, '') as string,
			),
			options,
		});
		const client = await getClient('bedrockRuntime', connection, {
			region: target.region,
			maxAttempts: options.maxAttempts as number | undefined,
			retryThrottling: !loop.throttlingBudgetMs,
		});
		const quota = {
			credentialKey: connection.cacheKey,
			region: target.region,
			target: target.modelId,
			estimatedTokens: estimateTokens(input),
		};
		const sink = openChunkSink(this, i, options.streamResponse !== false);
		try {
			const result = sink
				? await fromConverseStream(
						(
							await tools.withinQuota(quota, () =>
								client.send(new ConverseStreamCommand(input), { abortSignal }),
							)
						).stream!,
						sink,
					)
				: fromConverseResponse(
						await tools.withinQuota(
							{ ...quota, tokensUsed: (answer) => answer.usage?.totalTokens },
							() => client.send(new ConverseCommand(input), { abortSignal }),
						),
					);
			const { text, usage, stopReason, latencyMs, ...rest } = result;
			const json = modelOutput(
				{ text, usage, stopReason, model: target.modelId, latencyMs },
				rest as IDataObject,
			);
			if (input.outputConfig) json.structuredOutput = parseStructured(result.text);
			return { json };
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, {
				itemIndex: i,
				modelId: target.modelId,
				region: target.region,
				service: 'bedrock-runtime',
				operation: sink ? 'ConverseStream' : 'Converse',
			});
			sink?.fail(nodeError.message);
			throw nodeError;
		}
	});
	return [output];
}

function readConversation(
	ctx: IExecuteFunctions,
	i: number,
	item: INodeExecutionData,
): ConverseParameters['input'] {
	if (ctx.getNodeParameter('inputMode', i, 'prompt') === 'prompt') {
		return { prompt: ctx.getNodeParameter('prompt', i) as string };
	}
	if (ctx.getNodeParameter('messagesSource', i, 'json') === 'json') {
		return { messages: ctx.getNodeParameter('messagesJson', i) };
	}
	const field = ctx.getNodeParameter('messagesField', i, 'messages') as string;
	const messages = field
		.split('.')
		.reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], item.json);
	if (messages === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The input item has no field "${field}" with messages`,
			{ itemIndex: i },
		);
	}
	return { messages };
}

function buildInput(ctx: IExecuteFunctions, i: number, parameters: ConverseParameters) {
	try {
		return buildConverseInput(parameters);
	} catch (error) {
		throw toNodeError(ctx.getNode(), error, { itemIndex: i });
	}
}

function parseStructured(text: string): IDataObject | undefined {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/**
 * A rough token count for the quota limiter: about four characters of the messages and system
 * prompt per token, plus the answer's Max Tokens. The limiter learns the real scale from usage.
 */
function estimateTokens(input: {
	messages?: unknown;
	system?: unknown;
	inferenceConfig?: { maxTokens?: number };
}) {
	const text = JSON.stringify([input.messages ?? [], input.system ?? []]);
	return Math.ceil(text.length / 4) + (input.inferenceConfig?.maxTokens ?? 0);
}
