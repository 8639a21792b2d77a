import type { IDataObject } from 'n8n-workflow';

import { modelOutput, tokenUsage } from '../shared/modelOutput';

/** Milliseconds Bedrock spent on an InvokeModel call, as it reports in a response header. */
export const LATENCY_HEADER = 'x-amzn-bedrock-invocation-latency';

/**
 * Puts Generate's item in the shared output shape: `usage` from the family's token counts and
 * `latencyMs` in front, the version 1 names (`inputTokens`, `outputTokens` at the top level) kept
 * next to them. A custom output field of the same name as a shared one wins, as it always did.
 *
 * @param latencyMs - Bedrock's reported latency, else the time measured around the call.
 */
export function withSharedFields(json: IDataObject, latencyMs: number): IDataObject {
	const usage = 'usage' in json ? undefined : tokenUsage(json.inputTokens, json.outputTokens);
	const text = typeof json.text === 'string' ? json.text : undefined;
	const shared = modelOutput(
		{
			text: text as string,
			usage,
			stopReason: typeof json.stopReason === 'string' ? json.stopReason : undefined,
			model: typeof json.model === 'string' ? json.model : undefined,
			latencyMs: 'latencyMs' in json ? undefined : latencyMs,
		},
		json,
	);
	return shared;
}

/** The header's value as a number of milliseconds, if it is one. */
export function reportedLatency(headers: Record<string, string | undefined>): number | undefined {
	const value = Number(headers[LATENCY_HEADER]);
	return headers[LATENCY_HEADER] !== undefined && Number.isFinite(value) ? value : undefined;
}
