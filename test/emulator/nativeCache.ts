/**
 * Prompt caching of InvokeModel bodies, for the system prompt (the part the native echo model
 * counts besides the last user text): Anthropic Messages `system` blocks with `cache_control`
 * (`{type: "ephemeral", ttl?}`), Amazon Nova `system` blocks followed by a `cachePoint`. The same
 * cache, rules and refusals as Converse (promptCache.ts); points inside messages are not modelled.
 * Usage: Anthropic `cache_read_input_tokens` / `cache_creation_input_tokens`, Nova
 * `cacheReadInputTokenCount` / `cacheWriteInputTokenCount`.
 */
import type { ConverseInput } from './converse';
import type { NativePrompt } from './nativeRequest';
import { usePromptCache, type CacheUsage } from './promptCache';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

/** The system prompt as Converse system blocks with its cache points, or undefined without any. */
function systemWithPoints(prompt: NativePrompt, body: Json): Json[] | undefined {
	const system = Array.isArray(body.system) ? (body.system as unknown[]) : [];
	const blocks: Json[] = [];
	let points = 0;
	for (const block of system) {
		if (!isObject(block)) continue;
		if (prompt.family === 'anthropic-messages') {
			if (typeof block.text === 'string') blocks.push({ text: block.text });
			const control = block.cache_control;
			if (isObject(control)) {
				blocks.push({
					cachePoint: { type: 'default', ...(control.ttl ? { ttl: control.ttl } : {}) },
				});
				points++;
			}
		} else if ('cachePoint' in block) {
			blocks.push({ cachePoint: block.cachePoint });
			points++;
		} else if (typeof block.text === 'string') {
			blocks.push({ text: block.text });
		}
	}
	return points ? blocks : undefined;
}

/** Reads and writes the cache for a native body; undefined when it asks for no caching. */
export function nativeCacheUsage(
	prompt: NativePrompt,
	body: unknown,
	scope: { state: object; modelId: string; now?: number },
): CacheUsage | undefined {
	if (prompt.family !== 'anthropic-messages' && prompt.family !== 'nova') return undefined;
	if (!isObject(body)) return undefined;
	const system = systemWithPoints(prompt, body);
	if (!system) return undefined;
	const input: ConverseInput = {
		system,
		messages: [{ role: 'user', content: [{ text: prompt.text || '.' }] }],
		stopSequences: [],
	};
	return usePromptCache(input, scope, scope.now);
}
