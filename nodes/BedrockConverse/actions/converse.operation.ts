/**
 * Converse: one model call per item, streamed when the workflow streams, with the conversation,
 * attachments, tools and structured output the fields describe.
 */
import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { estimateTokens } from '../../shared/converse/estimate';
import { meteredStream } from '../../shared/converse/meteredStream';
import { callOrigin, requestMetadata } from '../../shared/converse/requestMetadata';
import { estimateCost, readPriceOverrides } from '../../shared/cost/estimate';
import { actionOptions } from '../../shared/descriptions/options';
import {
	CONVERSE_OPTIONS,
	COST_OPTIONS,
	MODEL_OPTIONS,
	promptCachingOptions,
} from '../../shared/descriptions/modelOptions';
import type { ItemContext } from '../../shared/items/operation';
import { modelOutput } from '../../shared/modelOutput';
import { bedrockRuntimeSdk } from '../../shared/transport/sdk';
import { attachmentBlocks } from '../attachments';
import { buildConverseInput, type ConverseParameters } from '../request';
import { readConverseResponse, readConverseStream } from '../response';

/** The node's own options; actionOptions adds those of every action node. */
const own: INodeProperties[] = [
	{
		displayName: 'Additional Model Request Fields',
		name: 'additionalModelRequestFields',
		type: 'json',
		default: '{}',
		description:
			'Model-specific parameters Converse passes through, e.g. {"top_k": 50} for Anthropic models',
	},
	...promptCachingOptions(
		'Whether to place cache points after the tools, the system prompt and the conversation, where the model caches and the prompt is long enough, so the next call reads that prefix from the cache',
	),
	{
		displayName: 'Structured Output Schema',
		name: 'outputSchema',
		type: 'json',
		default: '{\n  "type": "object",\n  "properties": {}\n}',
		description:
			'A JSON schema the answer must follow; the parsed answer is in the output field "structuredOutput"',
	},
	{
		displayName: 'Tool Choice',
		name: 'toolChoice',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto', description: 'The model decides whether to call a tool' },
			{ name: 'Any', value: 'any', description: 'The model must call one of the tools' },
			{
				name: 'Specific Tool',
				value: 'tool',
				description: 'The model must call the tool named below',
			},
		],
		default: 'auto',
	},
	{
		displayName: 'Tool Name',
		name: 'toolName',
		type: 'string',
		default: '',
		description: 'The tool the model must call, with Tool Choice "Specific Tool"',
	},
	{
		displayName: 'Tools',
		name: 'tools',
		type: 'json',
		default:
			'[\n  {\n    "name": "get_weather",\n    "description": "Current weather of a city",\n    "inputSchema": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] }\n  }\n]',
		description:
			'Tools the model may call, as a JSON array of {name, description, inputSchema}. Calls come back in the output field "toolCalls".',
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		options: [
			{ name: 'Prompt', value: 'prompt', description: 'One user message' },
			{
				name: 'Messages',
				value: 'messages',
				description: 'A conversation of several turns, for follow-ups and tool results',
			},
		],
		default: 'prompt',
	},
	{
		displayName: 'System Prompt',
		name: 'systemPrompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Instructions for the model; leave empty for none',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		required: true,
		placeholder: 'e.g. Summarise this ticket: {{ $json.body }}',
		description: 'The user message sent to the model',
		displayOptions: { show: { inputMode: ['prompt'] } },
	},
	{
		displayName: 'Messages Source',
		name: 'messagesSource',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'json', description: 'Write the messages as JSON here' },
			{
				name: 'Input Item Field',
				value: 'field',
				description: "Read them from a field of the input item, e.g. a previous run's conversation",
			},
		],
		default: 'json',
		displayOptions: { show: { inputMode: ['messages'] } },
	},
	{
		displayName: 'Messages',
		name: 'messagesJson',
		type: 'json',
		default: '[\n  { "role": "user", "content": "Hello" }\n]',
		description:
			'Converse messages, oldest first: role "user" or "assistant" and content as text or a list of content blocks. The output field "message" of a previous run can be appended as is.',
		displayOptions: { show: { inputMode: ['messages'], messagesSource: ['json'] } },
	},
	{
		displayName: 'Messages Field',
		name: 'messagesField',
		type: 'string',
		default: 'messages',
		description:
			'Name of the input item field that holds the messages array (dots for nested fields)',
		displayOptions: { show: { inputMode: ['messages'], messagesSource: ['field'] } },
	},
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, invoice',
		description:
			'Binary properties of the input item to send with the (last) user message: images, documents or videos; the format follows the MIME type',
	},
	actionOptions([...own, ...CONVERSE_OPTIONS, ...MODEL_OPTIONS, ...COST_OPTIONS]),
];

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
): Promise<INodeExecutionData> {
	const i = item.itemIndex;
	const target = item.modelTarget();
	const options = item.options;
	const input = buildConverseInput({
		modelId: target.modelId,
		systemPrompt: this.getNodeParameter('systemPrompt', i, '') as string,
		input: readConversation(this, i, item.item),
		attachments: await attachmentBlocks(
			this,
			i,
			this.getNodeParameter('attachments', i, '') as string,
		),
		options,
	});
	input.requestMetadata = requestMetadata(callOrigin(this), options.requestMetadata);
	const prices = options.estimateCost === true ? readPriceOverrides(options.prices) : undefined;
	const client = await item.client('bedrockRuntime', target.region);
	const { ConverseCommand, ConverseStreamCommand } = await bedrockRuntimeSdk();
	const quota = {
		region: target.region,
		target: target.modelId,
		estimatedTokens: estimateTokens(input),
	};
	const { signal: abortSignal } = item;
	const sink = item.openSink();
	try {
		const result = sink
			? await readConverseStream(
					(
						await item.withinQuota({ ...quota, tokensUsed: (answer) => answer.tokens }, async () =>
							meteredStream(
								(await client.send(new ConverseStreamCommand(input), { abortSignal })).stream!,
							),
						)
					).stream,
					sink,
				)
			: readConverseResponse(
					await item.withinQuota<ConverseCommandOutput>(
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
		if (prices) {
			const call = { ...target, tier: input.serviceTier?.type, tokens: usage };
			Object.assign(json, estimateCost(call, prices));
		}
		return { json };
	} catch (error) {
		throw item.nodeError(error, {
			modelId: target.modelId,
			region: target.region,
			service: 'bedrock-runtime',
			operation: sink ? 'ConverseStream' : 'Converse',
		});
	}
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

function parseStructured(text: string): IDataObject | undefined {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
