/**
 * Invoke Agent: one turn of a conversation with a Bedrock agent per item. Turns of one session
 * run in item order; the answer streams when the workflow streams.
 */
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	actionOptions,
	sessionIdField,
	streamResponseOption,
} from '../../shared/descriptions/options';
import type { ItemContext } from '../../shared/items/operation';
import { modelOutput } from '../../shared/modelOutput';
import { bedrockAgentRuntimeSdk } from '../../shared/transport/sdk';
import type { AgentFile } from '../agentStream';
import type { AgentOptions } from '../request';

export const description: INodeProperties[] = [
	sessionIdField(
		'The conversation to continue. Leave empty to start a new one: the node makes an ID and returns it as sessionId, so a later call can pass it back.',
	),
	{
		displayName: 'Input Text',
		name: 'inputText',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. {{ $json.chatInput }}',
		description:
			'What to say to the agent. Needed unless the Return Control Results option answers an earlier request of the agent.',
	},
	actionOptions([
		{
			displayName: 'Enable Trace',
			name: 'enableTrace',
			type: 'boolean',
			default: false,
			description:
				"Whether to return the agent's reasoning steps as traces in the output (usage is reported either way)",
		},
		{
			displayName: 'End Session',
			name: 'endSession',
			type: 'boolean',
			default: false,
			description:
				'Whether this call ends the session; a later call with the same session ID starts anew',
		},
		{
			displayName: 'Files',
			name: 'files',
			type: 'string',
			default: '',
			placeholder: 'e.g. data, report',
			description:
				'Binary properties of the input item to attach, comma-separated: at most 5 files, 10 MB in all',
		},
		{
			displayName: 'Files Use Case',
			name: 'filesUseCase',
			type: 'options',
			default: 'CODE_INTERPRETER',
			description: 'How the agent uses the attached files',
			options: [
				{
					name: 'Code Interpreter',
					value: 'CODE_INTERPRETER',
					description: 'The agent analyses the files with code',
				},
				{
					name: 'Chat',
					value: 'CHAT',
					description: 'The agent answers questions about the files',
				},
			],
		},
		{
			displayName: 'Invocation ID',
			name: 'invocationId',
			type: 'string',
			default: '',
			placeholder: 'e.g. {{ $json.returnControl.invocationId }}',
			description: 'The invocation ID of the return-control request the results answer',
		},
		{
			displayName: 'Knowledge Base Configurations (JSON)',
			name: 'knowledgeBaseConfigurations',
			type: 'json',
			default: '[]',
			description:
				'Retrieval settings per knowledge base of the agent, as a JSON array of {"knowledgeBaseId", "retrievalConfiguration"}',
		},
		{
			displayName: 'Memory ID',
			name: 'memoryId',
			type: 'string',
			default: '',
			placeholder: 'e.g. user-42',
			description:
				'Whose memory the agent reads and writes, for agents with memory enabled. Use 2 to 100 letters, digits, dots, underscores, colons or dashes.',
		},
		{
			displayName: 'Prompt Session Attributes (JSON)',
			name: 'promptSessionAttributes',
			type: 'json',
			default: '{}',
			description:
				'Attributes for this prompt only, as a JSON object of names and values; the agent sees them in its prompt',
		},
		{
			displayName: 'Return Control Results (JSON)',
			name: 'returnControlResults',
			type: 'json',
			default: '[]',
			description:
				'Results of the actions the agent asked for, as a JSON array of {"apiResult": …} or {"functionResult": …}. With results, Input Text is ignored.',
		},
		{
			displayName: 'Session Attributes (JSON)',
			name: 'sessionAttributes',
			type: 'json',
			default: '{}',
			description:
				'Attributes that last for the whole session, as a JSON object of names and values',
		},
		{
			displayName: 'Stream Final Response',
			name: 'streamFinalResponse',
			type: 'boolean',
			default: false,
			description:
				'Whether the agent sends its final answer in pieces as it is generated instead of at once. Turn on with Stream Response so a streaming chat shows the answer while it is written.',
		},
		streamResponseOption,
	]),
];

/** A fixed Session ID is one conversation: its turns go in item order, one at a time. */
export function sequenceKey(this: IExecuteFunctions, itemIndex: number): string | undefined {
	return String(this.getNodeParameter('sessionId', itemIndex, '') ?? '').trim() || undefined;
}

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
): Promise<INodeExecutionData> {
	const options = item.options as AgentOptions;
	// The request checks and the stream reader load on the first item, not with n8n.
	const [{ buildRequest }, { readAgentStream }] = await Promise.all([
		import('../request'),
		import('../agentStream'),
	]);
	const input = await buildRequest(this, item.itemIndex, options);
	const client = await item.client('bedrockAgentRuntime');
	const { InvokeAgentCommand } = await bedrockAgentRuntimeSdk();
	// Agent quotas are per agent (requests); tokens are the agent's models' business.
	const quota = { region: item.connection.bedrockRegion, target: `agent/${input.agentId}` };
	const sink = item.openSink();
	let requestId: string | undefined;
	const started = Date.now();
	try {
		const response = await item.withinQuota(quota, () =>
			client.send(new InvokeAgentCommand(input), { abortSignal: item.signal }),
		);
		requestId = response.$metadata.requestId;
		const result = await readAgentStream(response.completion, {
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
		if (result.returnControl) json.returnControl = result.returnControl as unknown as IDataObject;
		if (result.traces) json.traces = result.traces as IDataObject[];
		const memoryId = response.memoryId ?? input.memoryId;
		if (memoryId) json.memoryId = memoryId;
		if (result.files.length === 0) return { json };
		const { binary, list } = await toBinary(this, result.files);
		json.files = list;
		return { json, binary };
	} catch (error) {
		throw item.nodeError(error, {
			region: item.connection.bedrockRegion,
			service: 'bedrock-agent-runtime',
			operation: 'InvokeAgent',
			requestId,
		});
	}
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
