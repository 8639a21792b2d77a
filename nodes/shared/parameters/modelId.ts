/** Providers that prefix foundation model IDs (`anthropic.claude-…`). */
const PROVIDERS = new Set([
	'ai21',
	'amazon',
	'anthropic',
	'cohere',
	'deepseek',
	'google',
	'luma',
	'meta',
	'minimax',
	'mistral',
	'moonshot',
	'moonshotai',
	'nvidia',
	'openai',
	'qwen',
	'stability',
	'twelvelabs',
	'writer',
]);

/**
 * The foundation model ID behind a model reference, or undefined when the reference does not
 * name one: `us.anthropic.claude-…` → `anthropic.claude-…`, a foundation-model or system-defined
 * inference-profile ARN → its ID; application inference profiles, provisioned throughput,
 * custom and imported models → undefined.
 */
export function baseModelId(modelId: string): string | undefined {
	let id = modelId.trim();
	if (id.startsWith('arn:')) {
		const match = /^arn:[a-z-]+:bedrock:[a-z0-9-]*:\d*:([a-z-]+)\/(.+)$/.exec(id);
		if (!match) return undefined;
		const [, type, resource] = match;
		if (!['foundation-model', 'inference-profile', 'default-prompt-router'].includes(type)) {
			return undefined;
		}
		id = resource;
	}
	const parts = id.toLowerCase().split('.');
	// A geographic prefix (us., eu., apac., jp., au., us-gov., global. and any new one) comes
	// before a provider; a bare ID starts with the provider itself.
	if (parts.length >= 3 && !PROVIDERS.has(parts[0]) && PROVIDERS.has(parts[1])) {
		if (!/^[a-z]{2,8}(-[a-z]{2,5})?$/.test(parts[0])) return undefined;
		parts.shift();
	}
	return PROVIDERS.has(parts[0]) ? parts.join('.') : undefined;
}
