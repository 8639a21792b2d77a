import { randomUUID } from 'node:crypto';

import type {
	InputFile,
	InvokeAgentCommandInput,
	SessionState,
} from '@aws-sdk/client-bedrock-agent-runtime';
import {
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { getClient } from '../shared/clients';
import { toNodeError } from '../shared/errors';
import { binaryPropertyNames, formatBytes, readBinary } from '../shared/parameters/binary';
import { itemLoopOptions, processItems } from '../shared/items/itemLoop';
import { KeyedQueue } from './keyedQueue';
import { modelOutput } from '../shared/modelOutput';
import { getConnection } from '../shared/parameters/connection';
import { openChunkSink } from '../shared/items/streaming';
import { ParameterError } from '../shared/errors/parameterError';
import { checkTypedId } from '../shared/parameters/typedIds';
import { assembleAgentStream, type AgentFile } from './assembleAgentStream';
import {
	MAX_FILE_BYTES,
	MAX_FILES,
	parseAttributes,
	parseKnowledgeBaseConfigurations,
	parseReturnControlResults,
} from './request';
import { bedrockAgentRuntimeSdk } from '../shared/transport/sdk';

interface AgentOptions {
	enableTrace?: boolean;
	endSession?: boolean;
	files?: string;
	filesUseCase?: string;
	invocationId?: string;
	knowledgeBaseConfigurations?: unknown;
	memoryId?: string;
	promptSessionAttributes?: unknown;
	returnControlResults?: unknown;
	sessionAttributes?: unknown;
	streamFinalResponse?: boolean;
	streamResponse?: boolean;
}

/** Reads the attached files of one item into InvokeAgent's byte-content form. */
async function readFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	properties: string,
	useCase: string,
): Promise<InputFile[] | undefined> {
	const names = binaryPropertyNames(properties);
	if (names.length === 0) return undefined;
	if (names.length > MAX_FILES) {
		throw new ParameterError(
			'Files',
			`${names.length} files named; an agent accepts at most ${MAX_FILES} per call`,
		);
	}
	const files: InputFile[] = [];
	let total = 0;
	for (const name of names) {
		const file = await readBinary(ctx, itemIndex, name, MAX_FILE_BYTES);
		total += file.buffer.length;
		if (total > MAX_FILE_BYTES) {
			throw new ParameterError(
				'Files',
				`the files add up to more than ${formatBytes(MAX_FILE_BYTES)}, the most an agent accepts per call`,
				'Attach fewer or smaller files.',
			);
		}
		files.push({
			name: file.fileName || name,
			source: {
				sourceType: 'BYTE_CONTENT',
				byteContent: { mediaType: file.mimeType, data: file.buffer },
			},
			useCase: useCase === 'CHAT' ? 'CHAT' : 'CODE_INTERPRETER',
		});
	}
	return files;
}

/** Builds the InvokeAgent request of one item; every input check happens here, before the call. */
async function buildRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: AgentOptions,
): Promise<InvokeAgentCommandInput> {
	const agentId = checkTypedId(
		'Agent',
		String(ctx.getNodeParameter('agent', itemIndex, '', { extractValue: true })),
	);
	const agentAliasId = checkTypedId(
		'Agent Alias',
		String(ctx.getNodeParameter('agentAlias', itemIndex, '', { extractValue: true })),
	);
	const sessionParam = String(ctx.getNodeParameter('sessionId', itemIndex, '') ?? '').trim();
	const sessionId = sessionParam ? checkTypedId('Session ID', sessionParam) : randomUUID();
	const memoryId = options.memoryId?.trim()
		? checkTypedId('Memory ID', options.memoryId)
		: undefined;
	const inputText = String(ctx.getNodeParameter('inputText', itemIndex, '') ?? '');

	const results = parseReturnControlResults(options.returnControlResults);
	const sessionState: SessionState = {
		sessionAttributes: parseAttributes('Session Attributes', options.sessionAttributes),
		promptSessionAttributes: parseAttributes(
			'Prompt Session Attributes',
			options.promptSessionAttributes,
		),
		knowledgeBaseConfigurations: parseKnowledgeBaseConfigurations(
			options.knowledgeBaseConfigurations,
		),
		returnControlInvocationResults: results,
		invocationId: options.invocationId?.trim() || undefined,
	};
	if (!inputText.trim() && !results) {
		throw new ParameterError(
			'Input Text',
			'empty',
			'Enter what to say to the agent, or answer its return-control request with the Return Control Results option.',
		);
	}
	sessionState.files = await readFiles(
		ctx,
		itemIndex,
		options.files ?? '',
		options.filesUseCase ?? 'CODE_INTERPRETER',
	);

	const state = Object.fromEntries(Object.entries(sessionState).filter(([, v]) => v !== undefined));
	return {
		agentId,
		agentAliasId,
		sessionId,
		inputText: inputText.trim() ? inputText : undefined,
		// Always: the traces carry the token usage of the agent's model calls. They are returned
		// only with Enable Trace on (assembleAgentStream's collectTraces).
		enableTrace: true,
		endSession: options.endSession,
		memoryId,
		sessionState: Object.keys(state).length > 0 ? state : undefined,
		streamingConfigurations:
			options.streamFinalResponse === undefined
				? undefined
				: { streamFinalResponse: options.streamFinalResponse },
	};
}

/** The agent's files as n8n binary properties: `data`, `data_1`, … */
async function toBinary(ctx: IExecuteFunctions, files: AgentFile[]) {
	const binary: IBinaryKeyData = {};
	const list: IDataObject[] = [];
	for (const [index, file] of files.entries()) {
		const key = index === 0 ? 'data' : `data_${index}`;
		binary[key] = await ctx.helpers.prepareBinaryData(
			Buffer.from(file.bytes),
			file.name,
			file.mimeType,
		);
		list.push({ name: file.name, mimeType: file.mimeType, binaryProperty: key });
	}
	return { binary, list };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const connection = await getConnection.call(this);
	const { InvokeAgentCommand } = await bedrockAgentRuntimeSdk();
	const loop = itemLoopOptions(this);
	const context = {
		region: connection.bedrockRegion,
		service: 'bedrock-agent-runtime',
		operation: 'InvokeAgent',
	};

	// A fixed Session ID is one conversation: its turns go in item order, one at a time.
	const conversations = new KeyedQueue();

	const output = await processItems(this, items, { ...loop, connection }, async (i, tools) => {
		const session = String(this.getNodeParameter('sessionId', i, '') ?? '').trim();
		return await conversations.run(session, async () => {
			const options = this.getNodeParameter('options', i, {}) as AgentOptions;
			let input: InvokeAgentCommandInput;
			try {
				input = await buildRequest(this, i, options);
			} catch (error) {
				if (error instanceof ParameterError) {
					throw new NodeOperationError(this.getNode(), error.message, {
						itemIndex: i,
						description: error.hint,
					});
				}
				throw toNodeError(this.getNode(), error, { itemIndex: i });
			}

			const client = await getClient('bedrockAgentRuntime', connection, {
				retryThrottling: !loop.throttlingBudgetMs,
			});
			// Agent quotas are per agent (requests); tokens are the agent's models' business.
			const quota = {
				credentialKey: connection.cacheKey,
				region: connection.bedrockRegion,
				target: `agent/${input.agentId}`,
			};
			const sink = openChunkSink(this, i, options.streamResponse !== false);
			let requestId: string | undefined;
			const started = Date.now();
			try {
				const response = await tools.withinQuota(quota, () =>
					client.send(new InvokeAgentCommand(input), { abortSignal: loop.signal }),
				);
				requestId = response.$metadata.requestId;
				const result = await assembleAgentStream(response.completion, {
					collectTraces: options.enableTrace === true,
					onText: sink ? (text) => sink.send(text) : undefined,
				});
				sink?.end();
				const json = modelOutput(
					{
						text: result.output,
						usage: result.usage && { ...result.usage },
						stopReason: result.returnControl ? 'tool_use' : 'end_turn',
						latencyMs: Date.now() - started,
					},
					{
						sessionId: response.sessionId ?? input.sessionId,
						citations: result.citations as unknown as IDataObject[],
					},
				);
				if (result.returnControl)
					json.returnControl = result.returnControl as unknown as IDataObject;
				if (result.traces) json.traces = result.traces as IDataObject[];
				const memoryId = response.memoryId ?? input.memoryId;
				if (memoryId) json.memoryId = memoryId;
				if (result.files.length === 0) return { json };
				const { binary, list } = await toBinary(this, result.files);
				json.files = list;
				return { json, binary };
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, { ...context, itemIndex: i });
				// An error inside the stream carries no request ID of its own: use the answer's.
				if (requestId && nodeError.context.awsRequestId === undefined) {
					nodeError.context.awsRequestId = requestId;
					nodeError.description = [nodeError.description, `AWS request ID: ${requestId}`]
						.filter(Boolean)
						.join('\n');
				}
				sink?.fail(nodeError.message);
				throw nodeError;
			}
		});
	});
	return [output];
}
