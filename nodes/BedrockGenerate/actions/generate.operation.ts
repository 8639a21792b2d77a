/**
 * Generate: one InvokeModel call per item with the model's own request body, the answer read
 * into the family's default fields or custom JSONPath fields, images as binary data.
 */
import type {
	InvokeModelCommandOutput,
	InvokeModelWithResponseStreamCommandOutput,
} from '@aws-sdk/client-bedrock-runtime';
import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { actionOptions } from '../../shared/descriptions/options';
import { MODEL_OPTIONS } from '../../shared/descriptions/modelOptions';
import type { ToNodeErrorContext } from '../../shared/errors';
import type { ItemContext } from '../../shared/items/operation';
import { bedrockRuntimeSdk } from '../../shared/transport/sdk';
import { generateFields } from '../fields';
import { captureHeaders, toItem, tokenCount } from '../invoke';
import { familyOf } from '../modelFamilies';
import type { FieldRow, GenerateOptions, GenerateRequest, VariableRow } from '../request';
import type { GenerateOutput, ReadOptions } from '../response';
import { reportedLatency, withSharedFields } from '../outputFields';

/** The node's own options; actionOptions adds those of every action node. */
const own: INodeProperties[] = [
	{
		displayName: 'Accept',
		name: 'accept',
		type: 'string',
		default: 'application/json',
		placeholder: 'e.g. application/json',
		description:
			'Media type of the answer to ask for. A JSON answer is mapped to fields; text is returned in the field text and anything else as the binary property data.',
	},
	{
		displayName: 'Content Type',
		name: 'contentType',
		type: 'string',
		default: 'application/json',
		description: 'Media type of the request body; Bedrock models take JSON',
	},
	{
		displayName: 'Guardrail Trace',
		name: 'guardrailTrace',
		type: 'options',
		options: [
			{ name: 'Disabled', value: 'DISABLED' },
			{ name: 'Enabled', value: 'ENABLED' },
			{
				name: 'Enabled (Full)',
				value: 'ENABLED_FULL',
				description: 'The trace also lists what the guardrail did not act on',
			},
		],
		default: 'DISABLED',
		description:
			'Whether the answer carries the guardrail trace; it is output in the field guardrailTrace',
	},
	{
		displayName: 'Include Raw Response',
		name: 'includeRawResponse',
		type: 'boolean',
		default: false,
		description:
			"Whether to add the model's whole answer in the field raw (a streamed answer: its list of chunks)",
	},
];

export const description: INodeProperties[] = [
	...generateFields,
	actionOptions([...own, ...MODEL_OPTIONS]),
];

export async function execute(
	this: IExecuteFunctions,
	item: ItemContext,
): Promise<INodeExecutionData> {
	const i = item.itemIndex;
	const node = this.getNode();
	const target = item.modelTarget();
	const options = item.options as GenerateOptions;
	// The request and answer readers (JSONPath, templates) load on the first item, not with n8n.
	const [
		{ buildGenerateRequest },
		{ readInvokeResponse, readInvokeStream, GenerateResponseError },
	] = await Promise.all([import('../request'), import('../response')]);
	const request = buildGenerateRequest({
		modelId: target.modelId,
		template: this.getNodeParameter('requestBody', i, ''),
		variables: this.getNodeParameter('promptVariables.variable', i, []) as VariableRow[],
		outputMapping: this.getNodeParameter('outputMapping', i, 'default') as 'default' | 'custom',
		customFields: this.getNodeParameter('customOutputFields.field', i, []) as FieldRow[],
		includeDefaultFields: this.getNodeParameter('includeDefaultFields', i, true) as boolean,
		options,
	});
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
	const client = await item.client('bedrockRuntime', target.region);
	const { InvokeModelCommand, InvokeModelWithResponseStreamCommand } = await bedrockRuntimeSdk();
	// About four characters per token; the limiter learns the real scale from the answers.
	const quota = {
		region: target.region,
		target: target.modelId,
		estimatedTokens: Math.ceil(request.bodyText.length / 4),
	};
	const { signal: abortSignal } = item;
	const sink = streams(target.modelId, request) ? item.openSink() : undefined;

	// A stalled stream ends at the credential's Read Timeout: the shared HTTP handler's socket
	// timeout covers the whole answer, events included.
	let result: GenerateOutput;
	const started = Date.now();
	let headers: Record<string, string | undefined> = {};
	try {
		if (sink) {
			// The limiter counts the stream's tokens when its last chunk has said them.
			let streamed!: (tokens: number | undefined) => void;
			const tokens = new Promise<number | undefined>((resolve) => (streamed = resolve));
			const response: InvokeModelWithResponseStreamCommandOutput = await item.withinQuota(
				{ ...quota, tokensUsed: () => tokens },
				() => client.send(new InvokeModelWithResponseStreamCommand(request.input), { abortSignal }),
			);
			result = await readInvokeStream(response.body, read, sink, streamed);
		} else {
			const command = new InvokeModelCommand(request.input);
			headers = captureHeaders(command.middlewareStack);
			const response: InvokeModelCommandOutput = await item.withinQuota(
				{ ...quota, tokensUsed: () => tokenCount(headers) },
				() => client.send(command, { abortSignal }),
			);
			result = readInvokeResponse(response.body, response.contentType, headers, read);
		}
	} catch (error) {
		// An answer the node cannot read keeps its message and advice; the rest is AWS's.
		if (error instanceof GenerateResponseError) {
			throw new NodeOperationError(node, error.message, {
				itemIndex: i,
				description: error.description,
			});
		}
		throw item.nodeError(error, {
			...errorContext,
			operation: sink ? 'InvokeModelWithResponseStream' : 'InvokeModel',
		});
	}
	if (request.includeDefaults) {
		result.json = withSharedFields(result.json, reportedLatency(headers) ?? Date.now() - started);
	}
	return await toItem(this, i, result);
}

/**
 * Streams only text: embedding models do not stream, and answers other than JSON are read whole.
 */
function streams(modelId: string, request: GenerateRequest): boolean {
	const family = familyOf(modelId);
	if (family === 'titanEmbed' || family === 'cohereEmbed') return false;
	return /json|^\*\/\*$/i.test(request.input.accept ?? 'application/json');
}
