import type {
	InvokeModelCommandOutput,
	InvokeModelWithResponseStreamCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import type { DeserializeMiddleware, MiddlewareStack } from '@smithy/types';
import {
	NodeOperationError,
	type IBinaryKeyData,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import { getClient } from '../shared/clients';
import { toNodeError, type ToNodeErrorContext } from '../shared/errors';
import { itemLoopOptions, processItems } from '../shared/items/itemLoop';
import { modelTarget } from '../shared/parameters/modelTarget';
import { reportedLatency, withSharedFields } from './sharedFields';
import { getConnection } from '../shared/parameters/connection';
import { openChunkSink } from '../shared/items/streaming';
import { familyOf } from './modelFamilies';
import {
	buildGenerateRequest,
	type FieldRow,
	type GenerateOptions,
	type GenerateRequest,
	type VariableRow,
} from './request';
import {
	fromInvokeResponse,
	fromInvokeStream,
	GenerateResponseError,
	type GenerateOutput,
	type ReadOptions,
} from './response';
import { bedrockRuntimeSdk } from '../shared/transport/sdk';

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const connection = await getConnection.call(this);
	const { InvokeModelCommand, InvokeModelWithResponseStreamCommand } = await bedrockRuntimeSdk();
	const loop = itemLoopOptions(this);
	const abortSignal = loop.signal;
	const node = this.getNode();

	const output = await processItems(this, items, { ...loop, connection }, async (i, tools) => {
		const target = modelTarget(
			this.getNodeParameter('model', i, '', { extractValue: true }) as string,
			connection,
		);
		if ('error' in target) throw new NodeOperationError(node, target.error, { itemIndex: i });
		const options = this.getNodeParameter('options', i, {}) as GenerateOptions;
		const request = prepare(this, i, target.modelId, options);
		const read: ReadOptions = {
			modelId: target.modelId,
			customFields: request.customFields,
			includeDefaults: request.includeDefaults,
			includeRaw: request.includeRaw,
		};
		const errorContext: ToNodeErrorContext = {
			itemIndex: i,
			modelId: target.modelId,
			region: target.region,
			service: 'bedrock-runtime',
		};
		const client = await getClient('bedrockRuntime', connection, {
			region: target.region,
			maxAttempts: options.maxAttempts,
			retryThrottling: !loop.throttlingBudgetMs,
		});
		// About four characters per token; the limiter learns the real scale from the answers.
		const quota = {
			credentialKey: connection.cacheKey,
			region: target.region,
			target: target.modelId,
			estimatedTokens: Math.ceil(request.bodyText.length / 4),
		};
		const sink = streams(target.modelId, request)
			? openChunkSink(this, i, options.streamResponse !== false)
			: undefined;

		// A stalled stream ends at the credential's Read Timeout: the shared HTTP handler's socket
		// timeout covers the whole answer, events included.
		let result: GenerateOutput;
		const started = Date.now();
		let headers: Record<string, string | undefined> = {};
		try {
			if (sink) {
				const response: InvokeModelWithResponseStreamCommandOutput = await tools.withinQuota(
					quota,
					() =>
						client.send(new InvokeModelWithResponseStreamCommand(request.input), { abortSignal }),
				);
				result = await fromInvokeStream(response.body, read, sink);
			} else {
				const command = new InvokeModelCommand(request.input);
				headers = captureHeaders(command.middlewareStack);
				const response: InvokeModelCommandOutput = await tools.withinQuota(
					{ ...quota, tokensUsed: () => tokenCount(headers) },
					() => client.send(command, { abortSignal }),
				);
				result = fromInvokeResponse(response.body, response.contentType, headers, read);
			}
		} catch (error) {
			const nodeError = generateError(node, error, {
				...errorContext,
				operation: sink ? 'InvokeModelWithResponseStream' : 'InvokeModel',
			});
			sink?.fail(nodeError.message);
			throw nodeError;
		}
		if (request.includeDefaults) {
			result.json = withSharedFields(result.json, reportedLatency(headers) ?? Date.now() - started);
		}
		return await toItem(this, i, result);
	});
	return [output];
}

/** Reads one item's parameters and builds its request; bad parameters fail here, before a call. */
function prepare(
	ctx: IExecuteFunctions,
	i: number,
	modelId: string,
	options: GenerateOptions,
): GenerateRequest {
	try {
		return buildGenerateRequest({
			modelId,
			template: ctx.getNodeParameter('requestBody', i, ''),
			variables: ctx.getNodeParameter('promptVariables.variable', i, []) as VariableRow[],
			outputMapping: ctx.getNodeParameter('outputMapping', i, 'default') as 'default' | 'custom',
			customFields: ctx.getNodeParameter('customOutputFields.field', i, []) as FieldRow[],
			includeDefaultFields: ctx.getNodeParameter('includeDefaultFields', i, true) as boolean,
			options,
		});
	} catch (error) {
		throw generateError(ctx.getNode(), error, { itemIndex: i });
	}
}

/**
 * Streams only text: embedding models do not stream, and answers other than JSON are read whole.
 */
function streams(modelId: string, request: GenerateRequest): boolean {
	const family = familyOf(modelId);
	if (family === 'titanEmbed' || family === 'cohereEmbed') return false;
	return /json|^\*\/\*$/i.test(request.input.accept ?? 'application/json');
}

/**
 * Records the HTTP response headers of a command (token counts and latency Bedrock sends there),
 * without touching the shared client: the middleware lives on this command only.
 */
function captureHeaders<I extends object, O extends object>(
	stack: MiddlewareStack<I, O>,
): Record<string, string | undefined> {
	const headers: Record<string, string | undefined> = {};
	const middleware: DeserializeMiddleware<I, O> = (next) => async (args) => {
		const result = await next(args);
		const response = result.response as { headers?: Record<string, string | undefined> };
		for (const [name, value] of Object.entries(response.headers ?? {})) {
			headers[name.toLowerCase()] = value;
		}
		return result;
	};
	stack.add(middleware, { step: 'deserialize', name: 'n8nBedrockGenerateResponseHeaders' });
	return headers;
}

/** The output item: json, and the answer's files as binary properties. */
async function toItem(
	ctx: IExecuteFunctions,
	i: number,
	result: GenerateOutput,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: result.json };
	if (result.files.length) {
		const binary: IBinaryKeyData = {};
		for (const file of result.files) {
			binary[file.property] = await ctx.helpers.prepareBinaryData(
				file.data,
				file.fileName,
				file.mimeType,
			);
		}
		item.binary = binary;
	}
	return item;
}

/**
 * The n8n error for what went wrong in one item: an answer the node cannot read keeps its
 * message and advice; parameter errors and everything the SDK or Bedrock threw go through the
 * shared error mapping.
 */
function generateError(node: INode, error: unknown, context: ToNodeErrorContext) {
	if (error instanceof GenerateResponseError) {
		return new NodeOperationError(node, error.message, {
			itemIndex: context.itemIndex,
			description: error.description,
		});
	}
	return toNodeError(node, error, context);
}

/** Input + output tokens from Bedrock's response headers, when it sent them. */
function tokenCount(headers: Record<string, string | undefined>): number | undefined {
	const input = Number(headers['x-amzn-bedrock-input-token-count']);
	const output = Number(headers['x-amzn-bedrock-output-token-count']);
	return Number.isFinite(input) && Number.isFinite(output) ? input + output : undefined;
}
