/**
 * Prompt caching as Bedrock does it for Converse, on the echo model's token counts (words):
 *
 * - the request is refused (ValidationException) for cache points on a model without prompt
 *   caching, on tools where the model caches none, more points than the model takes, a `ttl`
 *   other than 5m / 1h, the 1-hour `ttl` on a model without it, and a `ttl` that grows along
 *   the prompt (tools, then system, then messages);
 * - a checkpoint caches only when the prompt since the previous checkpoint has at least the
 *   model's minimum of tokens (a shorter one is accepted and caches nothing);
 * - the prompt is read from the cache up to the longest prefix an earlier request cached (at a
 *   block boundary up to 20 blocks before a checkpoint, as Claude looks back), still alive; the
 *   rest up to the last checkpoint is written, per time-to-live (`cacheDetails`, 1h first).
 *
 * References: Amazon Bedrock user guide, "Prompt caching for faster model inference";
 * CachePointBlock and TokenUsage in the Bedrock Runtime API reference.
 */
import { createHash } from 'node:crypto';

import { blockText, type ConverseInput } from './converse';
import { ApiError } from './protocol';

type Json = Record<string, unknown>;

interface CacheRules {
	minTokens: number;
	maxPoints: number;
	tools: boolean;
	oneHour: boolean;
}

const claude = (minTokens: number, oneHour = false): CacheRules => ({
	minTokens,
	maxPoints: 4,
	tools: true,
	oneHour,
});
const nova: CacheRules = { minTokens: 1000, maxPoints: 4, tools: false, oneHour: false };

/** The emulator's catalog models with prompt caching (Bedrock's table, for these models). */
const RULES: Record<string, CacheRules> = {
	'anthropic.claude-3-5-haiku-20241022-v1:0': claude(2048),
	'anthropic.claude-3-7-sonnet-20250219-v1:0': claude(1024),
	'anthropic.claude-sonnet-4-20250514-v1:0': claude(1024),
	'anthropic.claude-sonnet-4-5-20250929-v1:0': claude(1024, true),
	'anthropic.claude-opus-4-6-v1': claude(4096, true),
	'amazon.nova-micro-v1:0': nova,
	'amazon.nova-lite-v1:0': nova,
	'amazon.nova-pro-v1:0': nova,
	'amazon.nova-2-lite-v1:0': nova,
};

const LOOKBACK_BLOCKS = 20;
const TTL_MS: Record<string, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

const validation = (message: string) => new ApiError(400, 'ValidationException', message);
const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);
const words = (text: string): number => text.split(/\s+/).filter((w) => w.length > 0).length;

/** One block of the prompt in Bedrock's order, or a checkpoint after the blocks before it. */
type Part = { kind: 'block'; tokens: number; json: string } | { kind: 'point'; ttl: string };

/** Cached prefixes per emulator (its state object): prefix hash -> expiry (ms since epoch). */
const caches = new WeakMap<object, Map<string, number>>();

/** Forgets what an emulator cached (its next checkpoints write again). */
export const forgetPromptCache = (state: object): void => {
	caches.delete(state);
};

/** The cache counts of one answer as Converse's `usage` reports them. */
export interface CacheUsage {
	/** Tokens of the prompt read from or written to the cache (not in `inputTokens`). */
	cachedTokens: number;
	cacheReadInputTokens: number;
	cacheWriteInputTokens: number;
	cacheDetails?: Array<{ ttl: string; inputTokens: number }>;
}

function readPoint(block: Json, where: string, rules: CacheRules | undefined, modelId: string) {
	if (!rules) {
		throw validation(
			`You invoked an unsupported model or your request did not allow prompt caching. The model ${modelId} does not support the cachePoint at ${where}.`,
		);
	}
	const point = block.cachePoint;
	if (!isObject(point) || point.type !== 'default') {
		throw validation(
			`1 validation error detected: Value at '${where}.cachePoint.type' failed to satisfy constraint: Member must satisfy enum value set: [default]`,
		);
	}
	const ttl = point.ttl ?? '5m';
	if (ttl !== '5m' && ttl !== '1h') {
		throw validation(
			`1 validation error detected: Value '${String(ttl)}' at '${where}.cachePoint.ttl' failed to satisfy constraint: Member must satisfy enum value set: [5m, 1h]`,
		);
	}
	if (ttl === '1h' && !rules.oneHour) {
		throw validation(
			`The model ${modelId} does not support the 1h time-to-live of the cachePoint at ${where}.`,
		);
	}
	return ttl;
}

/** The prompt as parts in Bedrock's order (tools, system, messages), checked. */
function promptParts(input: ConverseInput, modelId: string): Part[] {
	const rules = RULES[modelId];
	const parts: Part[] = [];
	const tools = (input.toolConfig?.tools as Json[] | undefined) ?? [];
	tools.forEach((tool, i) => {
		if ('cachePoint' in tool) {
			if (rules && !rules.tools) {
				throw validation(
					`The model ${modelId} does not support a cachePoint in toolConfig.tools (at toolConfig.tools.${i}).`,
				);
			}
			parts.push({ kind: 'point', ttl: readPoint(tool, `toolConfig.tools.${i}`, rules, modelId) });
		} else {
			// The echo model counts no tokens for tool definitions (inputTokens leave them out too),
			// but a changed tool is another prefix.
			parts.push({ kind: 'block', tokens: 0, json: JSON.stringify(tool) });
		}
	});
	input.system.forEach((block, i) => {
		if ('cachePoint' in block) {
			parts.push({ kind: 'point', ttl: readPoint(block, `system.${i}`, rules, modelId) });
		} else {
			parts.push({ kind: 'block', tokens: words(blockText(block)), json: JSON.stringify(block) });
		}
	});
	input.messages.forEach((message, m) => {
		// The role is part of the prompt: the same text from the other role is another prefix.
		parts.push({ kind: 'block', tokens: 0, json: `role:${message.role}` });
		message.content.forEach((block, i) => {
			if ('cachePoint' in block) {
				parts.push({
					kind: 'point',
					ttl: readPoint(block, `messages.${m}.content.${i}`, rules, modelId),
				});
			} else {
				parts.push({ kind: 'block', tokens: words(blockText(block)), json: JSON.stringify(block) });
			}
		});
	});
	const points = parts.filter((p) => p.kind === 'point') as Array<{ ttl: string }>;
	if (rules && points.length > rules.maxPoints) {
		throw validation(
			`A maximum of ${rules.maxPoints} cachePoint blocks may be provided. Found ${points.length}.`,
		);
	}
	for (let i = 1; i < points.length; i++) {
		if (TTL_MS[points[i].ttl] > TTL_MS[points[i - 1].ttl]) {
			throw validation(
				'A cachePoint with a ttl of 1h cannot come after one with a ttl of 5m: time-to-live must not increase along the prompt (toolConfig, then system, then messages).',
			);
		}
	}
	return parts;
}

/**
 * Reads and writes the prompt cache for one request; undefined when it has no cache point.
 * `now` is the emulator's clock (ms since epoch).
 */
export function usePromptCache(
	input: ConverseInput,
	scope: { state: object; modelId: string },
	now = Date.now(),
): CacheUsage | undefined {
	const hasPoint = (blocks: Json[] | undefined) => (blocks ?? []).some((b) => 'cachePoint' in b);
	if (
		!hasPoint(input.toolConfig?.tools as Json[] | undefined) &&
		!hasPoint(input.system) &&
		!input.messages.some((m) => hasPoint(m.content))
	)
		return undefined;
	const parts = promptParts(input, scope.modelId);
	const rules = RULES[scope.modelId];
	let cache = caches.get(scope.state);
	if (!cache) caches.set(scope.state, (cache = new Map()));

	// Boundaries after each block: the prefix hash (chained, linear) and tokens so far.
	const boundaries: Array<{ hash: string; tokens: number }> = [];
	const checkpoints: Array<{ boundary: number; ttl: string }> = [];
	let hash = createHash('sha256').update(scope.modelId).digest('hex');
	let tokens = 0;
	let sinceCheckpoint = 0;
	for (const part of parts) {
		if (part.kind === 'block') {
			hash = createHash('sha256').update(hash).update(part.json).digest('hex');
			tokens += part.tokens;
			sinceCheckpoint += part.tokens;
			boundaries.push({ hash, tokens });
		} else if (boundaries.length && sinceCheckpoint >= rules.minTokens) {
			checkpoints.push({ boundary: boundaries.length - 1, ttl: part.ttl });
			sinceCheckpoint = 0;
		}
	}
	if (checkpoints.length === 0) {
		return { cachedTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
	}

	const alive = (key: string) => (cache!.get(key) ?? 0) > now;
	let hit = -1;
	for (const { boundary } of checkpoints) {
		for (let b = boundary; b >= 0 && b > boundary - LOOKBACK_BLOCKS; b--) {
			if (b > hit && alive(boundaries[b].hash)) {
				hit = b;
				break;
			}
		}
	}
	const read = hit >= 0 ? boundaries[hit].tokens : 0;
	const details = new Map<string, number>();
	let written = read;
	for (const { boundary, ttl } of checkpoints) {
		const { hash: key, tokens: upTo } = boundaries[boundary];
		if (upTo > written) {
			details.set(ttl, (details.get(ttl) ?? 0) + upTo - written);
			written = upTo;
		}
		cache.set(key, Math.max(cache.get(key) ?? 0, now + TTL_MS[ttl]));
	}
	if (hit >= 0) {
		const key = boundaries[hit].hash;
		cache.set(key, Math.max(cache.get(key) ?? 0, now + TTL_MS['5m']));
	}
	const write = written - read;
	return {
		cachedTokens: written,
		cacheReadInputTokens: read,
		cacheWriteInputTokens: write,
		...(write > 0
			? {
					cacheDetails: ['1h', '5m']
						.filter((ttl) => details.has(ttl))
						.map((ttl) => ({ ttl, inputTokens: details.get(ttl)! })),
				}
			: {}),
	};
}
