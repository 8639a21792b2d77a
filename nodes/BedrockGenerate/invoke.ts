/**
 * What Generate reads around an InvokeModel call: the response headers (token counts, latency),
 * and the output item with the answer's files.
 */
import type { DeserializeMiddleware, MiddlewareStack } from '@smithy/types';
import type { IBinaryKeyData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GenerateOutput } from './response';

/**
 * Records the HTTP response headers of a command (token counts and latency Bedrock sends there),
 * without touching the shared client: the middleware lives on this command only.
 */
export function captureHeaders<I extends object, O extends object>(
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
export async function toItem(
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

/** Input + output tokens from Bedrock's response headers, when it sent them. */
export function tokenCount(headers: Record<string, string | undefined>): number | undefined {
	const input = Number(headers['x-amzn-bedrock-input-token-count']);
	const output = Number(headers['x-amzn-bedrock-output-token-count']);
	return Number.isFinite(input) && Number.isFinite(output) ? input + output : undefined;
}
