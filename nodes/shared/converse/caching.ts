/**
 * Where a Converse request gets prompt cache points: after the tools, after the system prompt and
 * after the latest turn of the conversation, each only where the model caches that part and the
 * prompt before it is long enough to be cached, at most as many as the model takes. A request is
 * never refused for a cache point this module placed.
 *
 * The rules per model follow the Amazon Bedrock user guide, "Prompt caching for faster model
 * inference" (supported models, minimum tokens per cache checkpoint, maximum checkpoints per
 * request, fields that take a checkpoint) and the CachePointBlock API reference (`ttl`: 5m, 1h).
 */
import type {
	CachePointBlock,
	CacheTTL,
	ConverseCommandInput,
} from '@aws-sdk/client-bedrock-runtime';

import { baseModelId } from '../parameters/modelId';

/** What a model allows of cache points. */
export interface CacheRules {
	/** Fewest tokens a checkpoint caches: the prompt since the previous checkpoint is at least this. */
	minTokens: number;
	/** Most cache points in one request (system, messages and tools together). */
	maxPoints: number;
	/** Whether a cache point may follow the tools. */
	tools: boolean;
	/** Whether a cache point may ask for the 1-hour time-to-live. */
	oneHour: boolean;
}

const claude = (minTokens: number, oneHour: boolean): CacheRules => ({
	minTokens,
	maxPoints: 4,
	tools: true,
	oneHour,
});
const nova: CacheRules = { minTokens: 1000, maxPoints: 4, tools: false, oneHour: false };

/** Rules by foundation model ID prefix; the longest matching prefix applies. */
const CACHE_RULES: Record<string, CacheRules> = {
	'anthropic.claude-3-5-haiku': claude(2048, false),
	'anthropic.claude-3-7-sonnet': claude(1024, false),
	'anthropic.claude-sonnet-4': claude(1024, false),
	'anthropic.claude-sonnet-4-5': claude(1024, true),
	'anthropic.claude-sonnet-4-6': claude(2048, true),
	'anthropic.claude-haiku-4-5': claude(4096, true),
	'anthropic.claude-opus-4': claude(1024, false),
	'anthropic.claude-opus-4-1': claude(1024, false),
	'anthropic.claude-opus-4-5': claude(4096, true),
	'anthropic.claude-opus-4-6': claude(4096, true),
	'amazon.nova-micro': nova,
	'amazon.nova-lite': nova,
	'amazon.nova-pro': nova,
	'amazon.nova-premier': nova,
	'amazon.nova-2-lite': nova,
};

/**
 * The cache rules of the model a reference names, or undefined when the model caches nothing
 * through Converse or the reference does not reveal the model (application inference profiles,
 * provisioned throughput, custom and imported models).
 */
export function cacheRules(modelId: string): CacheRules | undefined {
	const base = baseModelId(modelId);
	if (!base) return undefined;
	let best: string | undefined;
	for (const prefix of Object.keys(CACHE_RULES)) {
		if (base.startsWith(prefix) && prefix.length > (best?.length ?? 0)) best = prefix;
	}
	return best === undefined ? undefined : CACHE_RULES[best];
}

/**
 * Characters per token for the estimate that decides whether a checkpoint is long enough. Real
 * text runs at about four characters per token; eight undercounts, so a point is placed only
 * where the prompt surely passes the model's minimum (an unplaced point costs a cache write, a
 * point below the minimum caches nothing and still counts against the model's maximum).
 */
const CHARS_PER_TOKEN = 8;

/** A lower bound of the tokens a request part costs; media and documents count as none. */
export function fewestTokens(part: unknown): number {
	return Math.floor(textLength(part) / CHARS_PER_TOKEN);
}

/** Characters of the text and tool JSON in a part, without bytes of media (iterative, no regex). */
function textLength(part: unknown): number {
	let length = 0;
	const stack: unknown[] = [part];
	while (stack.length) {
		const value = stack.pop();
		if (typeof value === 'string') length += value.length;
		else if (value instanceof Uint8Array) continue;
		else if (Array.isArray(value)) for (const child of value) stack.push(child);
		else if (value !== null && typeof value === 'object') {
			for (const [key, child] of Object.entries(value)) {
				if (key === 'bytes' || key === 'cachePoint') continue;
				stack.push(child);
			}
		}
	}
	return length;
}

/** The cache point block this request places (5 minutes unless the 1-hour TTL is asked for). */
export function cachePointBlock(ttl: CacheTTL | undefined): { cachePoint: CachePointBlock } {
	return { cachePoint: ttl === '1h' ? { type: 'default', ttl: '1h' } : { type: 'default' } };
}

const isCachePoint = (block: object): boolean => 'cachePoint' in block;

/** Cache points the request carries already (written into Messages by the user). */
function pointsIn(input: ConverseCommandInput): number {
	const system = input.system?.filter(isCachePoint).length ?? 0;
	const tools = input.toolConfig?.tools?.filter(isCachePoint).length ?? 0;
	const messages = (input.messages ?? []).reduce(
		(n, m) => n + (m.content ?? []).filter(isCachePoint).length,
		0,
	);
	return system + tools + messages;
}

export interface PlacedCachePoints {
	/** Where points went: `tools`, `system`, `messages`. */
	placed: Array<'tools' | 'system' | 'messages'>;
}

/**
 * Adds cache points to a built request, in Bedrock's order of the prompt (tools, system,
 * messages): after the tools and after the system prompt where the model caches them, and at the
 * end of the last message (the conversation so far), each where the prompt since the previous
 * point has at least the model's minimum of tokens, and only while the request has fewer points
 * than the model allows (points already in the messages count). Nothing for a model without
 * prompt caching. Changes `input` in place.
 */
export function placeCachePoints(
	input: ConverseCommandInput,
	modelId: string,
	ttl: CacheTTL | undefined,
): PlacedCachePoints {
	const rules = cacheRules(modelId);
	const placed: PlacedCachePoints['placed'] = [];
	if (!rules) return { placed };
	let room = rules.maxPoints - pointsIn(input);
	let sincePoint = 0;
	const point = cachePointBlock(ttl);
	/**
	 * Counts `part`'s tokens into the prompt since the last point, and ends `part` with `block`
	 * when that prompt is long enough to cache and the request has room for one more point.
	 */
	const placeAfter = <T>(
		where: PlacedCachePoints['placed'][number],
		part: T[],
		tokens: number,
		block = point,
	) => {
		sincePoint += tokens;
		if (room > 0 && sincePoint >= rules.minTokens) {
			part.push(block as T);
			placed.push(where);
			room--;
			sincePoint = 0;
		}
	};
	const tools = input.toolConfig?.tools;
	// Tools count towards the prompt before the system point only where the model caches them.
	if (tools?.length && rules.tools) placeAfter('tools', tools, fewestTokens(tools));
	const system = input.system;
	if (system?.length) placeAfter('system', system, fewestTokens(system));
	const messages = input.messages ?? [];
	const last = messages[messages.length - 1];
	const blocks = messages.flatMap((m) => m.content ?? []);
	let userPoint = blocks.length - 1;
	while (userPoint >= 0 && !isCachePoint(blocks[userPoint])) userPoint--;
	if (last?.content?.length && userPoint < blocks.length - 1) {
		// After a point of the user's own, the prompt counts from there.
		if (userPoint >= 0) sincePoint = 0;
		// Bedrock wants time-to-live not to grow along the prompt: after a point of the user's
		// own (5 minutes unless it says otherwise), this one keeps the default.
		placeAfter(
			'messages',
			last.content,
			fewestTokens(blocks.slice(userPoint + 1)),
			userPoint < 0 ? point : cachePointBlock(undefined),
		);
	}
	return { placed };
}
