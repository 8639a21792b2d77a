import type { IDataObject } from 'n8n-workflow';

import { modelOutput } from '../shared/modelOutput';

/** Milliseconds Bedrock spent on an InvokeModel call, as it reports in a response header. */
export const LATENCY_HEADER = 'x-amzn-bedrock-invocation-latency';

/**
 * Puts Generate's item in the shared output shape: the shared fields and `latencyMs` in front,
 * in their order. A custom output field of the same name as a shared one wins.
 *
 * @param latencyMs - Bedrock's reported latency, else the time measured around the call.
 */
export function withSharedFields(json: IDataObject, latencyMs: number): IDataObject {
	return modelOutput(
		{
			text: typeof json.text === 'string' ? json.text : (undefined as unknown as string),
			usage: typeof json.usage === 'object' && json.usage !== null ? json.usage : undefined,
			stopReason: typeof json.stopReason === 'string' ? json.stopReason : undefined,
			model: typeof json.model === 'string' ? json.model : undefined,
			latencyMs: 'latencyMs' in json ? undefined : latencyMs,
		},
		json,
	);
}

/** The header's value as a number of milliseconds, if it is one. */
export function reportedLatency(headers: Record<string, string | undefined>): number | undefined {
	const value = Number(headers[LATENCY_HEADER]);
	return headers[LATENCY_HEADER] !== undefined && Number.isFinite(value) ? value : undefined;
}
