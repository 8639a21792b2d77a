/**
 * The AWS SDK clients' modules, each loaded once, on first use: loading a node description stays
 * cheap, and the CommonJS interop copy of a module's exports is made once per process instead of
 * once per execution.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
	let loaded: Promise<T> | undefined;
	return async () => await (loaded ??= load());
}

export const stsSdk = once(async () => await import('@aws-sdk/client-sts'));
export const bedrockSdk = once(async () => await import('@aws-sdk/client-bedrock'));
export const bedrockRuntimeSdk = once(async () => await import('@aws-sdk/client-bedrock-runtime'));
export const bedrockAgentSdk = once(async () => await import('@aws-sdk/client-bedrock-agent'));
export const bedrockAgentRuntimeSdk = once(
	async () => await import('@aws-sdk/client-bedrock-agent-runtime'),
);
