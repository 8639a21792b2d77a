/**
 * The prompt cache counts an InvokeModel body reports, for the families that report them:
 * Anthropic Messages (`usage.cache_read_input_tokens`, `usage.cache_creation_input_tokens`) and
 * Amazon Nova (`usage.cacheReadInputTokenCount`, `usage.cacheWriteInputTokenCount`). They go in
 * `usage` under the names Converse uses, so every node reports cache counts alike.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ModelFamily } from './modelFamilies';

const CACHE_FIELDS: Partial<Record<ModelFamily, { read: string; write: string }>> = {
	anthropic: { read: 'cache_read_input_tokens', write: 'cache_creation_input_tokens' },
	nova: { read: 'cacheReadInputTokenCount', write: 'cacheWriteInputTokenCount' },
};

const count = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** `cacheReadInputTokens` and `cacheWriteInputTokens` from a body, when the body has them. */
export function cacheUsage(body: unknown, family: ModelFamily): IDataObject {
	const fields = CACHE_FIELDS[family];
	const usage = (body as { usage?: unknown } | null)?.usage;
	if (!fields || typeof usage !== 'object' || usage === null) return {};
	const read = count((usage as IDataObject)[fields.read]);
	const write = count((usage as IDataObject)[fields.write]);
	if (read === undefined && write === undefined) return {};
	return { cacheReadInputTokens: read ?? 0, cacheWriteInputTokens: write ?? 0 };
}
