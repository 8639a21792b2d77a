import type { IDataObject } from 'n8n-workflow';

/**
 * The fields every node that asks a model (Converse, Generate, Invoke Agent, Knowledge Base's
 * Retrieve and Generate) puts in its output item, with the same names and types:
 *
 * - `text`: the answer as one string
 * - `usage`: `{ inputTokens, outputTokens, totalTokens }`, when the service reported counts
 * - `stopReason`: why the model stopped (`end_turn`, `max_tokens`, `tool_use`, ...), when known
 * - `model`: the model as the user chose it (ID or ARN), when the node chose one
 * - `latencyMs`: milliseconds until the whole answer was there
 *
 * Node-specific fields follow these. No node repeats one of them under a second name
 * (test/editor/outputShape.emulator.test.ts).
 */
export interface ModelOutputFields {
	text: string;
	usage?: TokenUsageFields;
	stopReason?: string;
	model?: string;
	latencyMs?: number;
}

/** Token counts; each is left out when the service did not report it. */
export interface TokenUsageFields {
	inputTokens?: number;
	outputTokens?: number;
	totalTokens?: number;
}

export const SHARED_OUTPUT_FIELDS = ['text', 'usage', 'stopReason', 'model', 'latencyMs'] as const;

const count = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** `usage` from whatever counts are known; the total is their sum when not reported. */
export function usageFields(
	inputTokens: unknown,
	outputTokens: unknown,
	totalTokens?: unknown,
): TokenUsageFields | undefined {
	const input = count(inputTokens);
	const output = count(outputTokens);
	const total =
		count(totalTokens) ??
		(input !== undefined && output !== undefined ? input + output : undefined);
	if (input === undefined && output === undefined && total === undefined) return undefined;
	const usage: TokenUsageFields = {};
	if (input !== undefined) usage.inputTokens = input;
	if (output !== undefined) usage.outputTokens = output;
	if (total !== undefined) usage.totalTokens = total;
	return usage;
}

/** The shared fields first, in their order, without the ones that are unknown. */
export function modelOutput(fields: ModelOutputFields, rest: IDataObject = {}): IDataObject {
	const json: IDataObject = {};
	for (const name of SHARED_OUTPUT_FIELDS) {
		const value = fields[name];
		if (value !== undefined) json[name] = value as IDataObject[keyof IDataObject];
	}
	for (const [name, value] of Object.entries(rest)) {
		if (!(name in json) && value !== undefined) json[name] = value;
	}
	return json;
}
